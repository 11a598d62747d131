using Pulse.Sdk.Statistics;
using Pulse.Sdk.Storage;
using StackExchange.Redis;

namespace Pulse.Sdk.Redis;

/// <summary>
/// The <see cref="IStatisticValueSource"/> of a Pulse replica in the production topology: current values and
/// history are read from Redis through a <see cref="RedisStatisticStore"/> (which the DCU writes), changes arrive
/// on the tenant's pub/sub channel (<see cref="RedisStatisticSubscriber"/>). Pub/sub delivers at most once: when the
/// connection comes back after a loss, every observer is told (<see cref="IStatisticChangeObserver.OnGap"/>) so it
/// reads the current values again. Current values read from Redis carry no time (the hashes keep only values).
/// </summary>
public sealed class RedisStatisticValueSource : IStatisticValueSource
{
    private readonly IConnectionMultiplexer _connection;
    private readonly RedisStatisticStore _store;
    private readonly string _keyPrefix;

    /// <summary>A source over <paramref name="store"/> and <paramref name="connection"/> (both the caller's: never disposed here).</summary>
    /// <param name="connection">The connection whose pub/sub is followed (the one the store reads through, or another to the same server).</param>
    /// <param name="store">Reads current values and history.</param>
    /// <param name="keyPrefix">The store's <see cref="RedisStatisticStoreOptions.KeyPrefix"/>.</param>
    public RedisStatisticValueSource(IConnectionMultiplexer connection, RedisStatisticStore store, string keyPrefix = "pulse")
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(keyPrefix);
        _connection = connection;
        _store = store;
        _keyPrefix = keyPrefix;
        HistoryResolutions = [.. store.Tiers.Select(t => t.Resolution)];
    }

    /// <inheritdoc />
    public IReadOnlyList<TimeSpan> HistoryResolutions { get; }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<StatisticChange>> GetValuesAsync(ObjectRef obj, CancellationToken cancellationToken = default)
    {
        var values = await _store.GetValuesAsync(obj).WaitAsync(cancellationToken).ConfigureAwait(false);
        return [.. values.Select(v => new StatisticChange(obj, v.Key, v.Value, null))];
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<StatisticHistoryPoint>> GetHistoryAsync(ObjectRef obj, string statistic, TimeSpan resolution,
        DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var points = await _store.GetHistoryAsync(obj, statistic, resolution, from, to).WaitAsync(cancellationToken).ConfigureAwait(false);
        return [.. points.Select(p => new StatisticHistoryPoint(p.Time, p.Value))];
    }

    /// <inheritdoc />
    public async ValueTask<IAsyncDisposable> SubscribeAsync(string tenant, IStatisticChangeObserver observer, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        ArgumentNullException.ThrowIfNull(observer);
        var subscription = new Subscription(_connection, observer);
        subscription.Redis = await RedisStatisticSubscriber.SubscribeToBatchesAsync(_connection, tenant, subscription.OnChanges, _keyPrefix)
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        return subscription;
    }

    private sealed class Subscription : IAsyncDisposable
    {
        private readonly IConnectionMultiplexer _connection;
        private readonly IStatisticChangeObserver _observer;

        public Subscription(IConnectionMultiplexer connection, IStatisticChangeObserver observer)
        {
            _connection = connection;
            _observer = observer;
            connection.ConnectionRestored += OnRestored;
        }

        public IAsyncDisposable? Redis { get; set; }

        // One message is one written batch (one engine flush): handed over whole, so the live hub wakes each connection
        // once for it instead of once per change (which cut a flush into many deltas).
        public void OnChanges(IReadOnlyList<RedisStatisticChange> batch)
        {
            var changes = new StatisticChange[batch.Count];
            for (var i = 0; i < changes.Length; i++)
            {
                var c = batch[i];
                changes[i] = new StatisticChange(c.Object, c.Statistic, c.Value, c.Time, c.Removed);
            }
            _observer.OnChanges(changes);
        }

        private void OnRestored(object? sender, ConnectionFailedEventArgs e)
        {
            if (e.ConnectionType == ConnectionType.Subscription) _observer.OnGap();
        }

        public async ValueTask DisposeAsync()
        {
            _connection.ConnectionRestored -= OnRestored;
            if (Redis is { } r) await r.DisposeAsync().ConfigureAwait(false);
        }
    }
}
