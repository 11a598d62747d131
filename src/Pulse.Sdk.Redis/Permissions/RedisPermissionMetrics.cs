using System.Diagnostics.Metrics;

namespace Pulse.Sdk.Redis.Permissions;

/// <summary>The instruments of the Redis permission evaluator, on the <see cref="RedisMeter.Name"/> meter, named by the OpenTelemetry conventions (docs/metrics.md).</summary>
internal static class RedisPermissionMetrics
{
    internal static readonly Counter<long> Lookups =
        RedisMetrics.Meter.CreateCounter<long>("pulse.permissions.lookups", unit: "{lookup}", description: "Permission lookups of the Redis evaluator, by result: hit (answered from the cache) or miss (read from Redis).");
}
