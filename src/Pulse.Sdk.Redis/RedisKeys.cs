using Pulse.Sdk.Statistics;
using StackExchange.Redis;

namespace Pulse.Sdk.Redis;

/// <summary>
/// The keys and channels of the Redis adapter. Every key of a tenant carries the hash tag <c>{tenant}</c>,
/// so a tenant's keys sit in one slot of a Redis Cluster (tenant ids must not contain braces).
/// </summary>
public static class RedisKeys
{
    /// <summary>The hash of an object's current values (field = statistic name): <c>pulse:{t1}:Queue:Sales</c>.</summary>
    public static string Values(string prefix, ObjectRef obj) => $"{prefix}:{{{obj.Tenant}}}:{obj.Type}:{obj.Id}";

    /// <summary>
    /// The sorted set of an object's history at one resolution: <c>pulse:{t1}:h1:Queue:Sales</c> (1 s),
    /// <c>pulse:{t1}:h60:Queue:Sales</c> (1 min); the number is the resolution in seconds (or <c>h250ms</c> below a second).
    /// </summary>
    public static string History(string prefix, ObjectRef obj, TimeSpan resolution) =>
        $"{prefix}:{{{obj.Tenant}}}:h{ResolutionTag(resolution)}:{obj.Type}:{obj.Id}";

    /// <summary>The pub/sub channel of a tenant's value changes: <c>pulse:{t1}:updates</c>.</summary>
    public static RedisChannel Updates(string prefix, string tenant) => RedisChannel.Literal($"{prefix}:{{{tenant}}}:updates");

    /// <summary>The set of object ids a user may see: <c>pulse:{t1}:perm:alice</c>.</summary>
    public static string Permissions(string prefix, string tenant, string user) => $"{prefix}:{{{tenant}}}:perm:{user}";

    /// <summary>A checkpoint blob: <c>pulse:checkpoint:{partition}</c>.</summary>
    public static string Checkpoint(string prefix, string partition) => $"{prefix}:checkpoint:{{{partition}}}";

    private static string ResolutionTag(TimeSpan r) =>
        r.Ticks % TimeSpan.TicksPerSecond == 0
            ? (r.Ticks / TimeSpan.TicksPerSecond).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : (r.Ticks / TimeSpan.TicksPerMillisecond).ToString(System.Globalization.CultureInfo.InvariantCulture) + "ms";
}
