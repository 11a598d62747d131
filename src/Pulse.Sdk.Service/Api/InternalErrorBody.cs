namespace Pulse.Sdk.Service.Api;

/// <summary>The body of a 500: <c>{"message": "...", "correlationId": "..."}</c>; the id is in the service's error log entry too.</summary>
/// <param name="Message">Says an internal error happened and quotes the id.</param>
/// <param name="CorrelationId">The request's id (<c>HttpContext.TraceIdentifier</c>), logged with the exception.</param>
public sealed record InternalErrorBody(string Message, string CorrelationId);
