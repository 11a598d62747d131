using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Storage;

/// <summary>
/// The embedded statistic store: keeps the latest value of every statistic the engine notified, for
/// readers on other threads (a terminal table, an API). Values sit in one array per engine partition,
/// indexed by the statistic's id, so a write is an array store and allocates nothing once the array
/// has grown to the partition's statistics; readers and the writer share one lock, taken once per flush. A closed
/// statistic is forgotten when the engine tells of it (<see cref="OnClosed"/>).
/// </summary>
public sealed class InMemoryStatisticStore : IStatisticSink
{
    private readonly object _gate = new();
    private readonly Dictionary<object, StatisticUpdate[]> _pages = new(ReferenceEqualityComparer.Instance);
    private object? _lastEngine;
    private StatisticUpdate[] _lastPage = [];
    private int _count;
    private long _version;

    /// <summary>Number of statistics with a value.</summary>
    public int Count
    {
        get { lock (_gate) return _count; }
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
                ref var slot = ref Slot(u.Statistic, grow: true);
                if (slot.Statistic is null) _count++;
                slot = u;
            }
            _version++;
        }
    }

    /// <inheritdoc />
    public void OnClosed(OpenedStatistic statistic, DateTimeOffset time)
    {
        lock (_gate)
        {
            ref var slot = ref Slot(statistic, grow: false);
            if (slot.Statistic is null) return;
            slot = default;
            _count--;
            _version++;
        }
    }

    /// <summary>The latest value of a statistic, if the engine has sent one.</summary>
    public bool TryGet(OpenedStatistic statistic, out StatisticUpdate update)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        lock (_gate)
        {
            update = Slot(statistic, grow: false);
            return update.Statistic is not null;
        }
    }

    /// <summary>A copy of every latest value, or of those that pass <paramref name="filter"/>.</summary>
    public IReadOnlyList<StatisticUpdate> Snapshot(Func<OpenedStatistic, bool>? filter = null)
    {
        lock (_gate)
        {
            var list = new List<StatisticUpdate>(_count);
            foreach (var page in _pages.Values)
                foreach (var u in page)
                    if (u.Statistic is not null && (filter is null || filter(u.Statistic))) list.Add(u);
            return list;
        }
    }

    private static readonly StatisticUpdate[] Nothing = new StatisticUpdate[1];

    private ref StatisticUpdate Slot(OpenedStatistic s, bool grow)
    {
        var engine = s.Origin;
        if (!ReferenceEquals(engine, _lastEngine))
        {
            if (!_pages.TryGetValue(engine, out var found))
            {
                if (!grow) { Nothing[0] = default; return ref Nothing[0]; }
                _pages.Add(engine, found = new StatisticUpdate[Math.Max(1024, s.Id)]);
            }
            _lastEngine = engine;
            _lastPage = found;
        }
        var i = s.Id - 1;
        if (i >= _lastPage.Length)
        {
            if (!grow) { Nothing[0] = default; return ref Nothing[0]; }
            var bigger = _lastPage;
            Array.Resize(ref bigger, Math.Max(i + 1, bigger.Length * 2));
            _pages[engine] = _lastPage = bigger;
        }
        return ref _lastPage[i];
    }
}
