using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Storage;

/// <summary>
/// An <see cref="IStatisticValueSource"/> fed by the engine in the same process: add it as a sink of the
/// <see cref="Engine.DataCollectionUnit"/> (or of a <see cref="Engine.StatisticsEngine"/>). It keeps the latest
/// value of every statistic, by object and statistic name, and hands each flush's changes to the observers of
/// their tenant on the engine's thread. No database: for single-process hosts and tests. History is kept only when
/// asked for (a window of one-second points per statistic, in memory). A
/// statistic the engine closed (<see cref="OnClosed"/>) is forgotten, history included, and pushed to the observers as
/// <see cref="StatisticChange.Removed"/>.
/// </summary>
public sealed class InProcessStatisticValueSource : IStatisticSink, IStatisticValueSource
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ObjectRef, Dictionary<string, (OpenedStatistic Statistic, StatisticChange Change)>> _latest = [];
    // Copy-on-write per tenant, so a flush reads its observers without holding the lock while calling them.
    private readonly Dictionary<string, IStatisticChangeObserver[]> _observers = new(StringComparer.Ordinal);
    private readonly Dictionary<(ObjectRef, string), StatisticHistoryRing>? _history;
    private readonly int _historySeconds;

    /// <summary>A source that keeps the latest values only.</summary>
    public InProcessStatisticValueSource()
    {
    }

    /// <summary>A source that also keeps, per statistic, the last <paramref name="historyWindow"/> of one-second points (for charts).</summary>
    /// <param name="historyWindow">How much history to keep: 1 second to 1 day. Memory: 16 bytes per second per statistic.</param>
    public InProcessStatisticValueSource(TimeSpan historyWindow)
    {
        if (historyWindow < TimeSpan.FromSeconds(1) || historyWindow > TimeSpan.FromDays(1))
            throw new ArgumentOutOfRangeException(nameof(historyWindow), historyWindow, "historyWindow must be from 1 second to 1 day, for example 10 minutes");
        _historySeconds = (int)Math.Ceiling(historyWindow.TotalSeconds);
        _history = [];
    }

    /// <inheritdoc />
    public IReadOnlyList<TimeSpan> HistoryResolutions => _history is null ? [] : [TimeSpan.FromSeconds(1)];

    /// <inheritdoc />
    public void OnUpdates(ReadOnlySpan<StatisticUpdate> updates)
    {
        if (updates.IsEmpty) return;
        // A flush is of one partition: usually one tenant, so one list and one lookup per tenant seen.
        List<(string Tenant, List<StatisticChange> Changes, IStatisticChangeObserver[] Observers)>? batches = null;
        lock (_gate)
        {
            foreach (ref readonly var u in updates)
            {
                var obj = u.Statistic.Object;
                var change = new StatisticChange(obj, u.Statistic.Type.Name, u.Value, u.Time);
                if (!_latest.TryGetValue(obj, out var values)) _latest[obj] = values = new(StringComparer.Ordinal);
                values[change.Statistic] = (u.Statistic, change);
                if (_history is not null)
                {
                    if (!_history.TryGetValue((obj, change.Statistic), out var ring))
                        _history[(obj, change.Statistic)] = ring = new StatisticHistoryRing(_historySeconds);
                    ring.Add(u.Time, u.Value);
                }
                if (!_observers.TryGetValue(obj.Tenant, out var observers)) continue;
                batches ??= [];
                // A plain loop over the (one or few) tenants of the flush: no closure allocated per update.
                var batch = -1;
                for (var i = 0; i < batches.Count && batch < 0; i++)
                    if (string.Equals(batches[i].Tenant, obj.Tenant, StringComparison.Ordinal)) batch = i;
                if (batch < 0) batches.Add((obj.Tenant, [change], observers));
                else batches[batch].Changes.Add(change);
            }
        }
        if (batches is null) return;
        foreach (var (_, changes, observers) in batches)
            foreach (var o in observers) o.OnChanges(changes);
    }

    /// <inheritdoc />
    public void OnClosed(OpenedStatistic statistic, DateTimeOffset time)
    {
        var obj = statistic.Object;
        var name = statistic.Type.Name;
        IStatisticChangeObserver[]? observers;
        lock (_gate)
        {
            // Only the value this statistic wrote: another with the same name may have replaced it since.
            if (!_latest.TryGetValue(obj, out var values) || !values.TryGetValue(name, out var latest) || !ReferenceEquals(latest.Statistic, statistic)) return;
            values.Remove(name);
            if (values.Count == 0) _latest.Remove(obj);
            _history?.Remove((obj, name));
            _observers.TryGetValue(obj.Tenant, out observers);
        }
        if (observers is null) return;
        IReadOnlyList<StatisticChange> removed = [new StatisticChange(obj, name, default, time, Removed: true)];
        foreach (var o in observers) o.OnChanges(removed);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<StatisticChange>> GetValuesAsync(ObjectRef obj, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_latest.TryGetValue(obj, out var values)) return ValueTask.FromResult<IReadOnlyList<StatisticChange>>([]);
            return ValueTask.FromResult<IReadOnlyList<StatisticChange>>([.. values.Values.Select(v => v.Change)]);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<StatisticHistoryPoint>> GetHistoryAsync(ObjectRef obj, string statistic, TimeSpan resolution,
        DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(statistic);
        if (_history is null)
            throw new ArgumentException("this value source keeps no history (in process, created without a history window); use the Redis value source, or create it with a history window", nameof(resolution));
        if (resolution != TimeSpan.FromSeconds(1))
            throw new ArgumentException($"this value source keeps one-second points only; {resolution} is not kept", nameof(resolution));
        lock (_gate)
            return ValueTask.FromResult<IReadOnlyList<StatisticHistoryPoint>>(
                _history.TryGetValue((obj, statistic), out var ring) ? ring.Range(from, to) : []);
    }

    /// <inheritdoc />
    public ValueTask<IAsyncDisposable> SubscribeAsync(string tenant, IStatisticChangeObserver observer, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentNullException.ThrowIfNull(observer);
        lock (_gate) _observers[tenant] = _observers.TryGetValue(tenant, out var list) ? [.. list, observer] : [observer];
        return ValueTask.FromResult<IAsyncDisposable>(new Subscription(this, tenant, observer));
    }

    private void Unsubscribe(string tenant, IStatisticChangeObserver observer)
    {
        lock (_gate)
        {
            if (!_observers.TryGetValue(tenant, out var list)) return;
            var rest = list.Where(o => !ReferenceEquals(o, observer)).ToArray();
            if (rest.Length == 0) _observers.Remove(tenant);
            else _observers[tenant] = rest;
        }
    }

    private sealed class Subscription(InProcessStatisticValueSource source, string tenant, IStatisticChangeObserver observer) : IAsyncDisposable
    {
        private int _disposed;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) source.Unsubscribe(tenant, observer);
            return ValueTask.CompletedTask;
        }
    }
}
