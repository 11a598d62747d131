using Pulse.Sdk.Configuration;

namespace Pulse.Sdk.Permissions;

/// <summary>
/// The privileges and object access a Pulse user administrator assigned to one user, kept in the Pulse metadata
/// (docs/configuration.md, "Access assigned in Pulse"). Each part that is set replaces the configuration's for that
/// user; a part left null keeps the configuration's. It only applies to a user the configuration names.
/// </summary>
public sealed record UserAccess
{
    /// <summary>The user's tenant.</summary>
    public required string Tenant { get; init; }

    /// <summary>The user id, as in the configuration.</summary>
    public required string User { get; init; }

    /// <summary>Privilege names (those of <see cref="PulsePrivilege"/>); null keeps the configuration's.</summary>
    public IReadOnlyList<string>? Privileges { get; init; }

    /// <summary>The objects the user may see; null keeps the configuration's.</summary>
    public ObjectAccess? Access { get; init; }

    /// <summary>Who assigned it (a user id of the same tenant); for the audit trail.</summary>
    public string? ChangedBy { get; init; }

    /// <summary>When it was assigned.</summary>
    public DateTimeOffset ChangedAt { get; init; }

    /// <summary>The store's version of the write (set by the store; ignored when saving).</summary>
    public long Version { get; init; }
}
