using Pulse.Sdk.Configuration;

namespace Pulse.Sdk.Service.Api.Contracts;

/// <summary>
/// A user of the caller's tenant: the privileges and objects in effect (as last computed by the permissions role), and
/// the access assigned in Pulse when there is one (null: the configuration's applies).
/// </summary>
internal sealed record UserBody(string Id, string? Name, IReadOnlyList<string> Privileges, ObjectAccess Access, UserAccessBody? Assigned);
