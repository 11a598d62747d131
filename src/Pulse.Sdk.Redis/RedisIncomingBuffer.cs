using System.Runtime.InteropServices;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Redis;

/// <summary>The latest update of a statistic since the writer last took the buffer, and the earlier ones kept for the history.</summary>
internal struct IncomingUpdate
{
    public StatisticUpdate Latest;
    public List<StatisticUpdate>? Earlier;
    /// <summary>The engine closed the statistic (<see cref="IStatisticSink.OnClosed"/>): its value is deleted, <see cref="Latest"/> holds the time.</summary>
    public bool Closed;
}

/// <summary>
/// The engine side of <see cref="RedisStatisticStore"/>: one <see cref="IncomingUpdate"/> per statistic, in the
/// order the statistics first came. A statistic is found through its <see cref="OpenedStatistic.Id"/> (dense
/// within an engine) in an array rather than by hashing the object; a statistic whose id slot is taken (a second
/// engine feeding the same store) falls back to a dictionary.
/// </summary>
internal sealed class IncomingBuffer
{
    /// <summary>Ids from this one up go to the dictionary: the array costs 4 bytes per id up to the highest id seen.</summary>
    public const int MaxDirectId = 1 << 22;
    private readonly List<IncomingUpdate> _items = [];
    private int[] _indexById = new int[1024];
    private readonly Dictionary<OpenedStatistic, int> _others = new(ReferenceEqualityComparer.Instance);

    /// <summary>How many statistics the buffer holds.</summary>
    public int Count => _items.Count;

    /// <summary>The updates, in the order the statistics first came.</summary>
    public Span<IncomingUpdate> Items => CollectionsMarshal.AsSpan(_items);

    /// <summary>The index of <paramref name="statistic"/>'s entry in <see cref="Items"/>, or -1.</summary>
    public int IndexOf(OpenedStatistic statistic)
    {
        var id = statistic.Id;
        if ((uint)id < (uint)_indexById.Length)
        {
            var i = _indexById[id] - 1;
            if (i >= 0 && ReferenceEquals(Items[i].Latest.Statistic, statistic)) return i;
            if (i < 0) return -1;
        }
        return _others.Count > 0 && _others.TryGetValue(statistic, out var other) ? other : -1;
    }

    /// <summary>Adds the entry of a statistic that <see cref="IndexOf"/> did not find.</summary>
    public void Add(StatisticUpdate update, bool closed = false)
    {
        var id = update.Statistic.Id;
        if (id >= 0 && id < MaxDirectId && id >= _indexById.Length)
            Array.Resize(ref _indexById, (int)Math.Min(MaxDirectId, Math.Max((long)_indexById.Length * 2, id + 1L)));
        if ((uint)id < (uint)_indexById.Length && _indexById[id] == 0) _indexById[id] = _items.Count + 1;
        else _others[update.Statistic] = _items.Count;
        _items.Add(new IncomingUpdate { Latest = update, Closed = closed });
    }

    /// <summary>Empties the buffer, keeping its capacity.</summary>
    public void Clear()
    {
        foreach (ref readonly var item in Items)
        {
            var id = item.Latest.Statistic.Id;
            if ((uint)id < (uint)_indexById.Length) _indexById[id] = 0;
        }
        _items.Clear();
        _others.Clear();
    }
}
