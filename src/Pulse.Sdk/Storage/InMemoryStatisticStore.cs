using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Storage;

/// <summary>
/// The embedded statistic store: keeps the latest value of every statistic the engine notified, for
/// readers on other threads (a terminal table, an API). Writing a known statistic allocates nothing;
/// readers and the writer share one lock, taken once per flush by the writer.
/// </summary>
public sealed class InMemoryStatisticStore : IStatisticSink
{
    private readonly object _gate = new();
    private readonly Dictionary<OpenedStatistic, StatisticUpdate> _latest = new(ReferenceEqualityComparer.Instance);
    private long _version;

    /// <summary>Number of statistics with a value.</summary>
    public int Count
    {
        get { lock (_gate) return _latest.Count; }
    }

    /// <summary>Incremented at every batch written; a reader can tell whether anything changed since it last looked.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <inheritdoc />
    public void OnUpdates(ReadOnlySpan<StatisticUpdate> updates)
    {
        lock (_gate)
        {
            foreach (ref readonly var u in updates)
            {
                if (u.Statistic.IsOpen) _latest[u.Statistic] = u;
                else _latest.Remove(u.Statistic);
            }
            _version++;
        }
    }

    /// <summary>The latest value of a statistic, if the engine has sent one.</summary>
    public bool TryGet(OpenedStatistic statistic, out StatisticUpdate update)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        lock (_gate) return _latest.TryGetValue(statistic, out update);
    }

    /// <summary>A copy of every latest value, for one object or all (<paramref name="filter"/> null).</summary>
    public IReadOnlyList<StatisticUpdate> Snapshot(Func<OpenedStatistic, bool>? filter = null)
    {
        lock (_gate)
            return _latest.Values.Where(u => filter is null || filter(u.Statistic)).ToList();
    }

    /// <summary>Forgets statistics that were closed since they were last written.</summary>
    public int RemoveClosed()
    {
        lock (_gate)
        {
            var closed = _latest.Keys.Where(s => !s.IsOpen).ToList();
            foreach (var s in closed) _latest.Remove(s);
            return closed.Count;
        }
    }
}
