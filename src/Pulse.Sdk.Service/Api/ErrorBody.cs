namespace Pulse.Sdk.Service.Api;

/// <summary>The body of every error answer: <c>{"message": "..."}</c>.</summary>
/// <param name="Message">What went wrong, naming the field, the privilege or the cap.</param>
public sealed record ErrorBody(string Message);
