using Pulse.Sdk.Events;

namespace Pulse.Sdk.Engine;

/// <summary>An event held by a <see cref="ReorderBuffer"/>: where it came from and when it arrived.</summary>
/// <param name="Event">The event.</param>
/// <param name="Slot">The source (stream) it was read from.</param>
/// <param name="Offset">Its position in that source, or -1.</param>
/// <param name="Arrived">When it arrived, in <see cref="TimeProvider.GetTimestamp"/> ticks.</param>
internal readonly record struct HeldEvent(PulseEvent Event, int Slot, long Offset, long Arrived);

/// <summary>
/// Puts the events of several streams back into one order, the time-ordered merge: event time, then stream kind, then
/// sequence number (docs/statistics.md, "Joining the streams"). An event is released once every running source has
/// delivered an event later than it (the caller's <c>safeTime</c>, the smallest of the sources' latest event times), or
/// once it has been held for the window, whichever comes first. So the order is exact whenever no stream lags another
/// by more than the window; an event that lags more is applied when it arrives and counted as late. One partition's
/// loop owns it; queued items are structs, so holding an event allocates nothing once the queue has grown.
/// </summary>
internal sealed class ReorderBuffer(long windowTimestampTicks)
{
    private readonly PriorityQueue<HeldEvent, MergeOrder> _held = new();
    private long _arrivals;

    /// <summary>The window in <see cref="TimeProvider.GetTimestamp"/> ticks.</summary>
    public long Window { get; } = windowTimestampTicks;

    /// <summary>Events held now.</summary>
    public int Count => _held.Count;

    public void Add(in HeldEvent held) =>
        _held.Enqueue(held, new MergeOrder(held.Event.Time.UtcTicks, (int)held.Event.Source, held.Event.Seq, _arrivals++));

    /// <summary>
    /// Takes the first event of the merge if it may be applied now: its time is before <paramref name="safeTime"/> (no
    /// running source can still deliver an earlier one), or it has been held for the window.
    /// </summary>
    public bool TryRelease(long now, long safeTime, out HeldEvent held)
    {
        if (_held.TryPeek(out held, out var order) && (order.Time < safeTime || now - held.Arrived >= Window))
        {
            _held.Dequeue();
            return true;
        }
        held = default;
        return false;
    }

    /// <summary>Takes the first event of the merge whatever its time (end of input, drain).</summary>
    public bool TryTake(out HeldEvent held) => _held.TryDequeue(out held, out _);

    /// <summary>When the window releases the first event of the merge, in timestamp ticks; null when nothing is held.</summary>
    public long? Deadline => _held.TryPeek(out var held, out _) ? held.Arrived + Window : null;

    /// <summary>The oldest offset of each source among the held events (they are not in the engine's state yet), or null.</summary>
    public Dictionary<int, long>? OldestOffsets()
    {
        if (_held.Count == 0) return null;
        var oldest = new Dictionary<int, long>();
        foreach (var (item, _) in _held.UnorderedItems)
            if (item.Offset >= 0 && (!oldest.TryGetValue(item.Slot, out var o) || item.Offset < o)) oldest[item.Slot] = item.Offset;
        return oldest;
    }

    /// <summary>The merge order: time, then stream kind, then sequence, then arrival (two events equal in all three keep their arrival order).</summary>
    private readonly record struct MergeOrder(long Time, int Kind, long Seq, long Arrival) : IComparable<MergeOrder>
    {
        public int CompareTo(MergeOrder other)
        {
            var c = Time.CompareTo(other.Time);
            if (c == 0) c = Kind.CompareTo(other.Kind);
            if (c == 0) c = Seq.CompareTo(other.Seq);
            return c != 0 ? c : Arrival.CompareTo(other.Arrival);
        }
    }
}
