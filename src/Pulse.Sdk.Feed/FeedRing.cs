using Pulse.Sdk.Events;

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
    private long _streamBytes;

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

    /// <summary>Publishes the frame of <paramref name="offset"/> (the next one). Only the pump calls it.</summary>
    public void Publish(long offset, PulseEvent evt, byte[] frame)
    {
        long streamEnd = _streamBytes + frame.Length;
        Volatile.Write(ref _slots[offset & _mask], new FeedEntry(offset, evt, frame, streamEnd));
        Volatile.Write(ref _streamBytes, streamEnd);
        Volatile.Write(ref _newest, offset);
    }

    public bool TryGet(long offset, out FeedEntry entry)
    {
        entry = Volatile.Read(ref _slots[offset & _mask])!;
        return entry is not null && entry.Offset == offset;
    }

    /// <summary>
    /// Bytes of the frames from <paramref name="offset"/> to the newest (0 when it is past the newest);
    /// <see cref="long.MaxValue"/> when the ring no longer holds it.
    /// </summary>
    public long BytesFrom(long offset)
    {
        // Newest first: the total is written before it, so it covers every frame up to the newest read.
        if (offset > Newest) return 0;
        long total = Volatile.Read(ref _streamBytes);
        if (!TryGet(offset, out var entry)) return long.MaxValue;
        return total - (entry.StreamEnd - entry.Frame.Length);
    }
}
