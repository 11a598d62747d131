using Pulse.Sdk.Diagnostics;

namespace Pulse.Sdk.Redis;

/// <summary>
/// Reports a <see cref="RedisStatisticStore"/>'s <see cref="RedisStatisticStore.Status"/> as the snapshot-writing health of
/// <c>/health/detail</c>: <see cref="RedisStoreHealth.Healthy"/> is <see cref="SnapshotWritingStatus.Writing"/> (healthy),
/// <see cref="RedisStoreHealth.Degraded"/> is <see cref="SnapshotWritingStatus.Buffering"/> (degraded), and
/// <see cref="RedisStoreHealth.Unhealthy"/> (values dropped) is <see cref="SnapshotWritingStatus.Down"/> (unhealthy).
/// </summary>
/// <param name="store">The store; the caller's.</param>
public sealed class RedisSnapshotWritingHealth(RedisStatisticStore store) : IHealthDetailSource
{
    private readonly RedisStatisticStore _store = store ?? throw new ArgumentNullException(nameof(store));

    /// <inheritdoc />
    public ValueTask<HealthDetail> ReadAsync(CancellationToken cancellationToken = default)
    {
        var s = _store.Status;
        return ValueTask.FromResult(s.Health switch
        {
            RedisStoreHealth.Healthy => new HealthDetail { SnapshotWritingStatus = SnapshotWritingStatus.Writing },
            RedisStoreHealth.Degraded => new HealthDetail
            {
                Status = HealthStatus.Degraded,
                SnapshotWritingStatus = SnapshotWritingStatus.Buffering,
                Reason = $"Redis store '{_store.Name}': {(s.IsConnected ? "the last write failed" : "not connected")}, {s.BufferedValues} values buffered" + (s.LastError is null ? "" : $" ({s.LastError})"),
            },
            _ => new HealthDetail
            {
                Status = HealthStatus.Unhealthy,
                SnapshotWritingStatus = SnapshotWritingStatus.Down,
                Reason = $"Redis store '{_store.Name}': {s.DroppedValues} values dropped since start (buffer full)",
            },
        });
    }
}
