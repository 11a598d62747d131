using StackExchange.Redis;

namespace Pulse.Sdk.Redis.Permissions;

/// <summary>
/// The keys and the channel of the permissions the permissions role stores. A tenant's keys carry the hash tag
/// <c>{tenant}</c>, so they sit in one slot of a Redis Cluster and are replaced in one transaction.
/// </summary>
internal static class RedisPermissionKeys
{
    /// <summary>The hash of a tenant's users: field = user id, value = the user's permissions as JSON. <c>pulse:{t1}:permissions</c>.</summary>
    public static string Users(string prefix, string tenant) => $"{prefix}:{{{tenant}}}:permissions";

    /// <summary>
    /// The hash describing what is stored for a tenant: <c>generation</c> (grows by one at every change),
    /// <c>digest</c> (SHA-256 of the stored users, to skip writing what is already there) and <c>written</c>
    /// (Unix ms). <c>pulse:{t1}:permissions:meta</c>.
    /// </summary>
    public static string Meta(string prefix, string tenant) => $"{prefix}:{{{tenant}}}:permissions:meta";

    /// <summary>The set of tenants that have stored permissions, so the role can remove a tenant that left the configuration. <c>pulse:permissions:tenants</c>.</summary>
    public static string Tenants(string prefix) => $"{prefix}:permissions:tenants";

    /// <summary>The channel announcing a changed tenant: message <c>{"tenant":"t1","generation":7}</c>. <c>pulse:permissions:changed</c>.</summary>
    public static RedisChannel Changed(string prefix) => RedisChannel.Literal($"{prefix}:permissions:changed");
}
