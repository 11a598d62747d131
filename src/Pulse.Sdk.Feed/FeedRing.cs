namespace Pulse.Sdk.Feed;

/// <summary>
/// The last N frames, by offset (one writer, many readers, no lock). Offsets start at 1; slot = offset &amp; mask.
/// A reader checks the entry's own offset, so a slot overwritten under it is seen, never misread.
/// </summary>
internal sealed class FeedRing
{
    private readonly FeedEntry?[] _slots;
    private readonly long _mask;
    private long _newest;

    public FeedRing(int capacity)
    {
        _slots = new FeedEntry?[capacity];
        _mask = capacity - 1;
    }

    public int Capacity => _slots.Length;

    /// <summary>The newest offset published; 0 before the first.</summary>
    public long Newest => Volatile.Read(ref _newest);

    /// <summary>The oldest offset still held (Newest + 1 when empty).</summary>
    public long Oldest => Math.Max(1, Newest - _slots.Length + 1);

    public void Publish(FeedEntry entry)
    {
        Volatile.Write(ref _slots[entry.Offset & _mask], entry);
        Volatile.Write(ref _newest, entry.Offset);
    }

    public bool TryGet(long offset, out FeedEntry entry)
    {
        entry = Volatile.Read(ref _slots[offset & _mask])!;
        return entry is not null && entry.Offset == offset;
    }
}
