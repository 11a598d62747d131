namespace Pulse.Sdk.Service.Api.Contracts;

/// <summary>A user of the tenant: <c>{"id","name","privileges":[...]}</c> (privileges as the permissions role expands them).</summary>
internal sealed record UserBody(string Id, string? Name, IReadOnlyList<string> Privileges);
