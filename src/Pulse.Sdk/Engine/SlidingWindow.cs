namespace Pulse.Sdk.Engine;

/// <summary>
/// A window of panes, each an <see cref="Accumulator"/>: an occurrence counts while its pane
/// (floor(completedAt / pane)) is among the last N, the current one included. Memory is N accumulators.
/// </summary>
internal sealed class SlidingWindow(int paneCount, long paneTicks)
{
    private readonly Accumulator[] _panes = Enumerable.Repeat(Accumulator.Empty, paneCount).ToArray();
    private long _newest = long.MinValue;

    public long Length => _panes.Length * paneTicks;

    public void Add(long duration, bool inRange, long at)
    {
        Advance(at);
        _panes[(int)(_newest % _panes.Length)].Add(duration, inRange);
    }

    public Accumulator Total(long now)
    {
        Advance(now);
        var total = Accumulator.Empty;
        foreach (ref readonly var p in _panes.AsSpan()) total.Merge(p);
        return total;
    }

    public void Write(CheckpointWriter w)
    {
        w.Long(_newest);
        w.Int(_panes.Length);
        foreach (ref readonly var p in _panes.AsSpan()) w.Accumulator(p);
    }

    public void Read(CheckpointReader r)
    {
        _newest = r.Long();
        r.Expect(r.Int() == _panes.Length, "sliding window pane count differs");
        for (var i = 0; i < _panes.Length; i++) _panes[i] = r.Accumulator();
    }

    private void Advance(long at)
    {
        var idx = at / paneTicks;
        if (idx <= _newest) return;
        var n = _panes.Length;
        if (_newest == long.MinValue || idx - _newest >= n)
            Array.Fill(_panes, Accumulator.Empty);
        else
            for (var p = _newest + 1; p <= idx; p++) _panes[(int)(p % n)] = Accumulator.Empty;
        _newest = idx;
    }
}
