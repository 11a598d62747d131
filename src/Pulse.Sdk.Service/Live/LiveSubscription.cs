using Pulse.Sdk.Statistics;
using Pulse.Sdk.Storage;

namespace Pulse.Sdk.Service.Live;

/// <summary>
/// One subscription of a live connection: its layouts, where each routed statistic is shown, and the values waiting to be
/// sent, coalesced (the latest per object and statistic). The hub offers values from the value source's thread; the
/// connection's send loop takes them at most <see cref="MinInterval"/> apart.
/// </summary>
internal sealed class LiveSubscription(LiveConnection connection, string id, IReadOnlyList<Guid> layoutIds, TimeSpan minInterval)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<StatisticKey, StatisticChange> _pending = [];
    private Dictionary<StatisticKey, LiveTarget[]> _targets = [];
    // The current values of the objects whose formulas this subscription shows, by statistic.
    private readonly Dictionary<ObjectRef, Dictionary<string, StatisticChange>> _rows = [];

    public LiveConnection Connection { get; } = connection;

    public string Id { get; } = id;

    public IReadOnlyList<Guid> LayoutIds { get; } = layoutIds;

    /// <summary>The compiled formulas of its layouts' templates, by layout (recomputed in deltas); set at each routing.</summary>
    public IReadOnlyDictionary<Guid, Api.TemplateFormulas> Formulas { get; set; } = new Dictionary<Guid, Api.TemplateFormulas>();

    /// <summary>A subscription to a query: its objects and statistics (and no layouts); null for layouts.</summary>
    public LiveQuery? Query { get; init; }

    /// <summary>The shortest time between two messages (1 / maxRate).</summary>
    public TimeSpan MinInterval { get; } = minInterval;

    /// <summary>The seq of the last message sent (the first message has 1).</summary>
    public long Seq { get; set; }

    /// <summary>When the next delta may be sent.</summary>
    public DateTimeOffset NextAllowed { get; set; }

    /// <summary>A snapshot must be sent next (new subscription, resync, re-routing, lost changes).</summary>
    public bool SnapshotDue { get; set; } = true;

    /// <summary>The keys routed to this subscription (only of objects the user may see).</summary>
    public IReadOnlyCollection<StatisticKey> Keys
    {
        get { lock (_gate) return [.. _targets.Keys]; }
    }

    public bool HasPending
    {
        get { lock (_gate) return _pending.Count > 0; }
    }

    /// <summary>Replaces the routing table (after a (re)subscription or a permission change).</summary>
    public void SetTargets(Dictionary<StatisticKey, LiveTarget[]> targets)
    {
        lock (_gate)
        {
            _targets = targets;
            _pending.Clear();
        }
    }

    /// <summary>
    /// Keeps <paramref name="change"/> as the latest value of its key; called by the hub, which wakes the connection once
    /// per batch of changes (a wake per value would let the send loop cut one engine flush into several deltas).
    /// </summary>
    /// <returns>Whether the value was kept (the key is routed here).</returns>
    public bool Offer(StatisticKey key, in StatisticChange change)
    {
        lock (_gate)
        {
            if (!_targets.ContainsKey(key)) return false;
            if (_rows.TryGetValue(change.Object, out var row)) row[change.Statistic] = change;
            if (!_pending.TryAdd(key, change))
            {
                _pending[key] = change;
                Connection.Metrics.LiveValuesCoalesced.Add(1);
            }
            return true;
        }
    }

    /// <summary>Keeps an object's current values (read for a snapshot) for its formula cells; routed changes update them.</summary>
    public void RememberRow(ObjectRef obj, IReadOnlyList<StatisticChange> current)
    {
        lock (_gate) _rows[obj] = current.ToDictionary(c => c.Statistic, StringComparer.Ordinal);
    }

    /// <summary>An object's kept values (empty when none were read).</summary>
    public IReadOnlyList<StatisticChange> Row(ObjectRef obj)
    {
        lock (_gate) return _rows.TryGetValue(obj, out var row) ? [.. row.Values] : [];
    }

    /// <summary>Forgets what is waiting (a snapshot is about to read the current values).</summary>
    public void ClearPending()
    {
        lock (_gate) _pending.Clear();
    }

    /// <summary>Moves what is waiting into <paramref name="taken"/>, with where each value is shown.</summary>
    public void TakePending(List<(StatisticChange Change, LiveTarget[] Targets)> taken)
    {
        lock (_gate)
        {
            foreach (var (key, change) in _pending)
                if (_targets.TryGetValue(key, out var t)) taken.Add((change, t));
            // Cleared rather than replaced: the table keeps its size for the next values instead of growing again.
            _pending.Clear();
        }
    }
}
