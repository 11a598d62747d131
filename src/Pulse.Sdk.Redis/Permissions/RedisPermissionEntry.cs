using Pulse.Sdk.Permissions;

namespace Pulse.Sdk.Redis.Permissions;

/// <summary>A user's stored permissions and the generation of the tenant they were read at.</summary>
/// <param name="Permissions">The permissions; null when the tenant has no such user (or nothing is stored for it).</param>
/// <param name="Generation">The tenant's generation when read (0 when the role never wrote the tenant).</param>
public readonly record struct RedisPermissionEntry(UserPermissions? Permissions, long Generation);
