namespace Pulse.Sdk.Engine;

/// <summary>The last N completed durations in a ring, with whether each lay in the time range.</summary>
internal sealed class SelectionWindow(int capacity)
{
    private readonly long[] _values = new long[capacity];
    private readonly bool[] _inRange = new bool[capacity];
    private int _head;

    public int Count { get; private set; }

    public void Add(long duration, bool inRange)
    {
        _values[_head] = duration;
        _inRange[_head] = inRange;
        _head = (_head + 1) % _values.Length;
        if (Count < _values.Length) Count++;
    }

    public Accumulator Total()
    {
        var total = Accumulator.Empty;
        for (var i = 0; i < Count; i++)
        {
            var j = Index(i);
            total.Add(_values[j], _inRange[j]);
        }
        return total;
    }

    /// <summary>Exact nearest-rank percentile, sorting a copy in <paramref name="scratch"/>.</summary>
    public long Percentile(double p, Span<long> scratch)
    {
        if (Count == 0) return 0;
        var values = scratch[..Count];
        for (var i = 0; i < Count; i++) values[i] = _values[Index(i)];
        values.Sort();
        var rank = (int)NearestRank(p, Count);
        return values[Math.Clamp(rank, 1, Count) - 1];
    }

    /// <summary>⌈p/100 · n⌉ computed exactly (in decimal: 0.28 · 25 must give 7, not 8), at least 1.</summary>
    public static long NearestRank(double p, long n)
    {
        var rank = (long)Math.Ceiling((decimal)p * n / 100m);
        return Math.Clamp(rank, 1, Math.Max(1, n));
    }

    public void Write(CheckpointWriter w)
    {
        w.Int(_values.Length);
        w.Int(_head);
        w.Int(Count);
        for (var i = 0; i < _values.Length; i++) { w.Long(_values[i]); w.Bool(_inRange[i]); }
    }

    public void Read(CheckpointReader r)
    {
        r.Expect(r.Int() == _values.Length, "selection size differs");
        _head = r.Int();
        Count = r.Int();
        for (var i = 0; i < _values.Length; i++) { _values[i] = r.Long(); _inRange[i] = r.Bool(); }
    }

    private int Index(int ageFromNewest) => (_head - 1 - ageFromNewest + 2 * _values.Length) % _values.Length;
}
