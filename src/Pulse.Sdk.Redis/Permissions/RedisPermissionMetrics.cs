using System.Diagnostics.Metrics;

namespace Pulse.Sdk.Redis.Permissions;

/// <summary>The instruments of the permissions kept in Redis, on the <see cref="RedisMetrics.MeterName"/> meter, named in Prometheus form.</summary>
internal static class RedisPermissionMetrics
{
    internal static readonly Counter<long> Lookups =
        RedisMetrics.Meter.CreateCounter<long>("pulse_permissions_lookups_total", unit: "{lookup}", description: "Permission lookups of the Redis evaluator, by result: hit (answered from the cache) or miss (read from Redis).");

    internal static readonly Counter<long> Syncs =
        RedisMetrics.Meter.CreateCounter<long>("pulse_permissions_syncs_total", unit: "{sync}", description: "Passes of the permissions role over the configuration, by result: ok, invalid (the configuration names an unknown privilege) or error (Redis failed).");

    internal static readonly Counter<long> TenantWrites =
        RedisMetrics.Meter.CreateCounter<long>("pulse_permissions_tenant_writes_total", unit: "{write}", description: "Tenants whose permissions the role wrote (changed) or removed (left the configuration), by kind: write, delete.");
}
