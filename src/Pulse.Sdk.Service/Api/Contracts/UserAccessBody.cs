using Pulse.Sdk.Configuration;
using Pulse.Sdk.Permissions;

namespace Pulse.Sdk.Service.Api.Contracts;

/// <summary>
/// The access assigned in Pulse to a user, in and out (<c>PUT /api/wbrt/users/{id}/access</c>): a part left null keeps
/// the configuration's. <c>changedBy</c>, <c>changedAt</c> and <c>version</c> are set by the service and ignored in a request.
/// </summary>
internal sealed record UserAccessBody
{
    public IReadOnlyList<string>? Privileges { get; init; }
    public ObjectAccess? Access { get; init; }
    public string? ChangedBy { get; init; }
    public DateTimeOffset? ChangedAt { get; init; }
    public long? Version { get; init; }

    public static UserAccessBody From(UserAccess a) => new()
    {
        Privileges = a.Privileges, Access = a.Access, ChangedBy = a.ChangedBy, ChangedAt = a.ChangedAt, Version = a.Version,
    };
}
