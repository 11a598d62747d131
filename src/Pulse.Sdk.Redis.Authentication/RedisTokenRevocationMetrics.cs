using System.Diagnostics.Metrics;

namespace Pulse.Sdk.Redis.Authentication;

/// <summary>The instruments of the Redis token revocation list, on the <see cref="RedisMeter.Name"/> meter, named by the OpenTelemetry conventions (docs/metrics.md).</summary>
internal static class RedisTokenRevocationMetrics
{
    internal static readonly Counter<long> Errors =
        RedisMetrics.Meter.CreateCounter<long>("pulse.auth.revocation.errors", unit: "{call}", description: "Calls to the Redis token revocation list that failed (Redis unreachable, or slower than its Timeout), by operation: check (a request's token) or revoke (a logout).");

    internal static readonly Counter<long> Lookups =
        RedisMetrics.Meter.CreateCounter<long>("pulse.auth.revocation.lookups", unit: "{lookup}", description: "Revocation checks of the Redis token revocation list, by result: hit (a token this process knows is revoked) or miss (read from Redis).");

    internal static readonly KeyValuePair<string, object?> Check = new("operation", "check");
    internal static readonly KeyValuePair<string, object?> Revoke = new("operation", "revoke");
    internal static readonly KeyValuePair<string, object?> Hit = new("result", "hit");
    internal static readonly KeyValuePair<string, object?> Miss = new("result", "miss");
}
