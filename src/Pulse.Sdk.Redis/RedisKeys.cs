using Pulse.Sdk.Statistics;
using StackExchange.Redis;

namespace Pulse.Sdk.Redis;

/// <summary>
/// The keys and channels of the Redis adapter. Every key of a tenant carries the hash tag <c>{tenant}</c>,
/// so a tenant's keys sit in one slot of a Redis Cluster (tenant ids must not contain braces).
/// </summary>
internal static class RedisKeys
{
    /// <summary>The hash of an object's current values (field = statistic name): <c>pulse:{t1}:Queue:Sales</c>.</summary>
    public static string Values(string prefix, ObjectRef obj) => $"{prefix}:{{{obj.Tenant}}}:{obj.Type}:{obj.Id}";

    /// <summary>
    /// The index of a tenant's history at one resolution, a sorted set of the buckets written (member and score =
    /// bucket start, Unix ms): <c>pulse:{t1}:h1</c> (1 s), <c>pulse:{t1}:h60</c> (1 min); the number is the
    /// resolution in seconds (or <c>h250ms</c> below a second).
    /// </summary>
    public static string History(string prefix, string tenant, TimeSpan resolution) =>
        $"{prefix}:{{{tenant}}}:h{ResolutionTag(resolution)}";

    /// <summary>
    /// The hash of one history bucket of a tenant at one resolution, field = <see cref="HistoryField"/>, value =
    /// the statistic's last value in the bucket: <c>pulse:{t1}:h1@1764144000000</c> (the bucket start, Unix ms).
    /// </summary>
    public static string HistoryBucket(string prefix, string tenant, TimeSpan resolution, long bucketStartMs) =>
        HistoryBucket(prefix, tenant, ResolutionTag(resolution), bucketStartMs);

    /// <summary>The field of a statistic in a history bucket hash: <c>Queue:Sales:ServiceLevel1</c>.</summary>
    public static string HistoryField(ObjectRef obj, string statistic) => $"{obj.Type}:{obj.Id}:{statistic}";

    internal static string HistoryBucket(string prefix, string tenant, string resolutionTag, long bucketStartMs) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{prefix}:{{{tenant}}}:h{resolutionTag}@{bucketStartMs}");

    /// <summary>The pub/sub channel of a tenant's value changes: <c>pulse:{t1}:updates</c>.</summary>
    public static RedisChannel Updates(string prefix, string tenant) => RedisChannel.Literal($"{prefix}:{{{tenant}}}:updates");

    /// <summary>A checkpoint blob: <c>pulse:checkpoint:{partition}</c>.</summary>
    public static string Checkpoint(string prefix, string partition) => $"{prefix}:checkpoint:{{{partition}}}";

    /// <summary>The lease on a partition of a unit split by object: <c>pulse:lease:{dcu-p3}</c>, in the slot of its checkpoint.</summary>
    public static string PartitionLease(string prefix, string unit, int partition) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{prefix}:lease:{{{unit}-p{partition}}}");

    /// <summary>How many processes share a unit's partitions: <c>pulse:replicas:{dcu}</c>.</summary>
    public static string Replicas(string prefix, string unit) => $"{prefix}:replicas:{{{unit}}}";

    /// <summary>Whether <paramref name="prefix"/> can start keys: non-empty, without braces (the hash tag) or spaces.</summary>
    internal static bool IsUsablePrefix(string? prefix) => !string.IsNullOrWhiteSpace(prefix) && prefix.AsSpan().IndexOfAny("{} ") < 0;

    internal static string ResolutionTag(TimeSpan r) =>
        r.Ticks % TimeSpan.TicksPerSecond == 0
            ? (r.Ticks / TimeSpan.TicksPerSecond).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : (r.Ticks / TimeSpan.TicksPerMillisecond).ToString(System.Globalization.CultureInfo.InvariantCulture) + "ms";
}
