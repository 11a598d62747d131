using System.Diagnostics.Metrics;

namespace Pulse.Sdk.Redis.Permissions;

/// <summary>The instruments of the Redis permission evaluator, on the <see cref="RedisMeter.Name"/> meter, named in Prometheus form.</summary>
internal static class RedisPermissionMetrics
{
    internal static readonly Counter<long> Lookups =
        RedisMetrics.Meter.CreateCounter<long>("pulse_permissions_lookups_total", unit: "{lookup}", description: "Permission lookups of the Redis evaluator, by result: hit (answered from the cache) or miss (read from Redis).");
}
