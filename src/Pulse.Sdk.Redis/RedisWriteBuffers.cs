namespace Pulse.Sdk.Redis;

/// <summary>
/// Bytes for one write batch (encoded values), handed to StackExchange.Redis as slices without copying. The
/// chunks are reused by the next batch once Redis has answered (<see cref="Reset"/>); a batch that failed or
/// timed out may still be queued in the client, so its chunks are given up instead (<see cref="Abandon"/>).
/// Slices never move: a full chunk is left as it is and the next one is used.
/// </summary>
internal sealed class ByteArena(int chunkSize)
{
    private readonly List<byte[]> _chunks = [];
    private int _chunk;
    private int _used;

    /// <summary>A span of at least <paramref name="length"/> bytes; <see cref="Commit"/> what was written.</summary>
    public Span<byte> GetSpan(int length)
    {
        while (true)
        {
            if (_chunk == _chunks.Count)
            {
                _chunks.Add(new byte[Math.Max(chunkSize, length)]);
                _used = 0;
            }
            var chunk = _chunks[_chunk];
            if (chunk.Length - _used >= length) return chunk.AsSpan(_used);
            if (_used == 0)
            {
                // An unused chunk too small for an exceptionally long value: replace it.
                _chunks[_chunk] = new byte[Math.Max(chunkSize, length)];
                continue;
            }
            _chunk++;
            _used = 0;
        }
    }

    /// <summary>The <paramref name="length"/> bytes written into the last <see cref="GetSpan"/>.</summary>
    public ReadOnlyMemory<byte> Commit(int length)
    {
        var memory = _chunks[_chunk].AsMemory(_used, length);
        _used += length;
        return memory;
    }

    /// <summary>Reuses the chunks: everything handed out before is no longer read. Keeps about as many as this batch used.</summary>
    public void Reset()
    {
        // After a burst (a long outage), give the memory back instead of keeping it for good.
        if (_chunks.Count > _chunk + 2) _chunks.RemoveRange(_chunk + 2, _chunks.Count - _chunk - 2);
        _chunk = 0;
        _used = 0;
    }

    /// <summary>Forgets the chunks: what was handed out may still be read.</summary>
    public void Abandon()
    {
        _chunks.Clear();
        Reset();
    }
}

/// <summary>
/// Arrays of exact lengths for one write batch (StackExchange.Redis takes whole arrays of fields), reused by
/// the next batch once Redis has answered (<see cref="ReturnAll"/>) or given up when it may still read them
/// (<see cref="Abandon"/>). Keeps only the arrays of the last batch, so lengths that stop coming are not kept.
/// </summary>
internal sealed class ArrayReuse<T>
{
    private readonly Dictionary<int, Stack<T[]>> _free = [];
    private readonly List<T[]> _lent = [];

    /// <summary>An array of exactly <paramref name="length"/> elements.</summary>
    public T[] Rent(int length)
    {
        var array = _free.TryGetValue(length, out var stack) && stack.TryPop(out var a) ? a : new T[length];
        _lent.Add(array);
        return array;
    }

    /// <summary>Every array rented since the last call is free again; those not rented since are dropped.</summary>
    public void ReturnAll()
    {
        foreach (var stack in _free.Values) stack.Clear();
        foreach (var a in _lent)
        {
            if (!_free.TryGetValue(a.Length, out var stack)) _free[a.Length] = stack = new Stack<T[]>();
            stack.Push(a);
        }
        _lent.Clear();
    }

    /// <summary>Forgets the arrays rented since the last <see cref="ReturnAll"/>.</summary>
    public void Abandon() => _lent.Clear();
}
