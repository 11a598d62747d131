namespace Pulse.Sdk.Engine;

/// <summary>
/// A log-linear histogram of durations in milliseconds for percentiles: values below 64 ms are exact,
/// above that each power of two is split in 32 buckets, so a reported percentile is at most 1/32 (3.1 %)
/// below the true value. Memory grows with the largest value seen (about 2 KB for durations up to 10 minutes).
/// </summary>
internal sealed class LogHistogram
{
    private const int Linear = 64;
    private const int SubBuckets = 32;
    private int[] _counts = new int[Linear + SubBuckets * 4];
    // Sums of 32 consecutive buckets, so a percentile scans blocks first, then one block.
    private int[] _blocks = new int[(Linear + SubBuckets * 4) / SubBuckets];
    private long _total;

    public long Total => _total;

    public long Bytes => 2 * 24 + 4L * (_counts.Length + _blocks.Length);

    public void Clear()
    {
        Array.Clear(_counts);
        Array.Clear(_blocks);
        _total = 0;
    }

    public void Add(long ticks)
    {
        var ms = ticks <= 0 ? 0 : ticks / TimeSpan.TicksPerMillisecond;
        var i = Index(ms);
        if (i >= _counts.Length)
        {
            var size = Math.Max(i + 1, _counts.Length * 2);
            size = (size + SubBuckets - 1) / SubBuckets * SubBuckets;
            Array.Resize(ref _counts, size);
            Array.Resize(ref _blocks, size / SubBuckets);
        }
        _counts[i]++;
        _blocks[i / SubBuckets]++;
        _total++;
    }

    public void Remove(long ticks)
    {
        var ms = ticks <= 0 ? 0 : ticks / TimeSpan.TicksPerMillisecond;
        var i = Index(ms);
        if (i < _counts.Length && _counts[i] > 0) { _counts[i]--; _blocks[i / SubBuckets]--; _total--; }
    }

    /// <summary>The nearest-rank percentile in ticks: the lower bound of the bucket holding the rank-th value.</summary>
    public long Percentile(double p)
    {
        if (_total == 0) return 0;
        var rank = SelectionWindow.NearestRank(p, _total);
        long seen = 0;
        var b = 0;
        while (b < _blocks.Length - 1 && seen + _blocks[b] < rank) seen += _blocks[b++];
        for (var i = b * SubBuckets; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank) return LowerBound(i) * TimeSpan.TicksPerMillisecond;
        }
        return LowerBound(_counts.Length - 1) * TimeSpan.TicksPerMillisecond;
    }

    public void Write(CheckpointWriter w)
    {
        w.Long(_total);
        w.Int(_counts.Length);
        foreach (var c in _counts) w.Int(c);
    }

    public void Read(CheckpointReader r)
    {
        _total = r.Long();
        var n = r.Int();
        _counts = new int[n];
        _blocks = new int[(n + SubBuckets - 1) / SubBuckets];
        for (var i = 0; i < n; i++)
        {
            _counts[i] = r.Int();
            _blocks[i / SubBuckets] += _counts[i];
        }
    }

    internal static int Index(long ms)
    {
        if (ms < Linear) return (int)ms;
        var log = 63 - System.Numerics.BitOperations.LeadingZeroCount((ulong)ms); // >= 6
        var shift = log - 5;                                                      // keep 6 significant bits
        var mantissa = (int)(ms >> shift) - SubBuckets;                           // 0..31
        return Linear + (log - 6) * SubBuckets + mantissa;
    }

    internal static long LowerBound(int index)
    {
        if (index < Linear) return index;
        var k = index - Linear;
        var log = k / SubBuckets + 6;
        var mantissa = k % SubBuckets + SubBuckets;
        return (long)mantissa << (log - 5);
    }
}
