using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Pulse.Sdk.Redis;

/// <summary>
/// Reports a <see cref="RedisStatisticStore"/>'s <see cref="RedisStatisticStore.Status"/> as the snapshot-writing health of
/// <c>/health/detail</c>: <see cref="RedisStoreHealth.Healthy"/> is <see cref="SnapshotWritingStatus.Writing"/> (healthy),
/// <see cref="RedisStoreHealth.Degraded"/> is <see cref="SnapshotWritingStatus.Buffering"/> (degraded), and
/// <see cref="RedisStoreHealth.Unhealthy"/> (values dropped) is <see cref="SnapshotWritingStatus.Down"/> (unhealthy).
/// </summary>
/// <param name="store">The store; the caller's.</param>
public sealed class RedisSnapshotWritingHealth(RedisStatisticStore store) : IHealthCheck
{
    private readonly RedisStatisticStore _store = store ?? throw new ArgumentNullException(nameof(store));

    /// <inheritdoc />
    /// <summary>The name of the <see cref="HealthCheckResult.Data"/> entry that says how snapshots are written (a <see cref="Redis.SnapshotWritingStatus"/> name).</summary>
    public const string SnapshotWritingStatusKey = "snapshotWritingStatus";

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var s = _store.Status;
        return Task.FromResult(s.Health switch
        {
            RedisStoreHealth.Healthy => HealthCheckResult.Healthy(data: Data(SnapshotWritingStatus.Writing)),
            RedisStoreHealth.Degraded => HealthCheckResult.Degraded(
                $"Redis store '{_store.Name}': {(s.IsConnected ? "the last write failed" : "not connected")}, {s.BufferedValues} values buffered" + (s.LastError is null ? "" : $" ({s.LastError})"),
                data: Data(SnapshotWritingStatus.Buffering)),
            _ => HealthCheckResult.Unhealthy($"Redis store '{_store.Name}': {s.DroppedValues} values dropped since start (buffer full)", data: Data(SnapshotWritingStatus.Down)),
        });
    }

    private static Dictionary<string, object> Data(SnapshotWritingStatus status) => new() { [SnapshotWritingStatusKey] = status.ToString() };
}
