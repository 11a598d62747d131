namespace Pulse.Sdk.Engine;

/// <summary>
/// Nearest-rank percentiles of the completed durations (ticks) of one Growing / SinceLogin interval
/// (docs/statistics.md, <c>Percentile</c>). Up to <see cref="ExactLimit"/> durations it keeps them all and is
/// exact; beyond, it moves them into a log-bucketed sketch (DDSketch's mapping) whose reported value is
/// within 0.1 % of the exact one for durations of 1 ms and more; shorter ones count as 0. Both arrays are
/// kept across <see cref="Clear"/>, so once an interval has been as busy as the last, adding allocates nothing.
/// </summary>
internal sealed class PercentileEstimator
{
    /// <summary>Durations kept exactly per interval; the 10,001st moves them into the sketch.</summary>
    public const int ExactLimit = 10_000;

    /// <summary>Durations below 1 ms go to the zero bucket and are reported as 0.</summary>
    public const long SketchMinTicks = TimeSpan.TicksPerMillisecond;

    // a = 0.0009 rather than 0.001: with 0.001 a duration at a bucket edge is off by exactly a before the
    // representative is rounded to whole ticks (up to 5e-5 of 1 ms) and the logarithm's rounding, and the
    // property test found 0.10004 %. The promise is 0.1 % all included.
    private const double Accuracy = 0.0009;
    private const double Gamma = (1 + Accuracy) / (1 - Accuracy);
    private static readonly double LogGamma = Math.Log(Gamma);
    private static readonly int MinIndex = Index(SketchMinTicks);
    private static readonly int MaxIndex = Index(long.MaxValue);
    private const int FirstExactSize = 16;
    private const int FirstSketchSize = 256;
    // Unsorted new samples merged through the stack; more than this and the whole buffer is sorted.
    private const int MergeLimit = 256;

    private long[] _exact = [];
    private int _count;
    private int _sorted; // _exact[.._sorted] is in order

    private bool _sketching;
    private int[] _buckets = [];
    private int _base = int.MaxValue; // bucket index of _buckets[0]
    private int _min = int.MaxValue, _max = int.MinValue; // bucket indexes seen, empty when _min > _max
    private long _zero;
    private long _total; // sketch: zero bucket included

    /// <summary>Completed durations in the interval.</summary>
    public long Total => _sketching ? _total : _count;

    /// <summary>Whether the durations went past <see cref="ExactLimit"/> and are now bucketed.</summary>
    public bool IsSketch => _sketching;

    /// <summary>Approximate heap bytes: the object and its two arrays.</summary>
    public long Bytes => 80 + 24 + 8L * _exact.Length + 24 + 4L * _buckets.Length;

    public void Clear()
    {
        _count = 0;
        _sorted = 0;
        if (!_sketching) return;
        if (_min <= _max) Array.Clear(_buckets, _min - _base, _max - _min + 1);
        _min = int.MaxValue;
        _max = int.MinValue;
        _zero = 0;
        _total = 0;
        _sketching = false;
    }

    public void Add(long ticks)
    {
        if (ticks < 0) ticks = 0; // a duration, whatever clock skew made of it
        if (_sketching) { Bucket(ticks); return; }
        if (_count == ExactLimit)
        {
            StartSketch();
            Bucket(ticks);
            return;
        }
        if (_count == _exact.Length) Array.Resize(ref _exact, Math.Min(ExactLimit, Math.Max(FirstExactSize, 2 * _exact.Length)));
        _exact[_count++] = ticks;
    }

    /// <summary>The nearest-rank <paramref name="p"/>-th percentile in ticks (0 when empty).</summary>
    public long Percentile(double p)
    {
        if (_sketching) return SketchPercentile(SelectionWindow.NearestRank(p, _total));
        if (_count == 0) return 0;
        SortExact();
        return _exact[SelectionWindow.NearestRank(p, _count) - 1];
    }

    private void SortExact()
    {
        var added = _count - _sorted;
        if (added == 0) return;
        if (added > MergeLimit || _sorted == 0)
        {
            _exact.AsSpan(0, _count).Sort();
        }
        else
        {
            // Between two evaluations only a few durations arrive: merge them in from the back, O(n).
            Span<long> tail = stackalloc long[added];
            _exact.AsSpan(_sorted, added).CopyTo(tail);
            tail.Sort();
            int i = _sorted - 1, j = added - 1, w = _count - 1;
            while (j >= 0) _exact[w--] = i >= 0 && _exact[i] > tail[j] ? _exact[i--] : tail[j--];
        }
        _sorted = _count;
    }

    private void StartSketch()
    {
        _sketching = true;
        long lo = long.MaxValue, hi = long.MinValue;
        foreach (var v in _exact.AsSpan(0, _count))
        {
            if (v < lo) lo = v;
            if (v > hi) hi = v;
        }
        if (hi >= SketchMinTicks) Cover(Index(Math.Max(lo, SketchMinTicks)), Index(hi));
        foreach (var v in _exact.AsSpan(0, _count)) Bucket(v);
        _count = 0;
        _sorted = 0;
    }

    private void Bucket(long ticks)
    {
        _total++;
        if (ticks < SketchMinTicks) { _zero++; return; }
        var i = Index(ticks);
        if (i < _base || i >= _base + _buckets.Length) Cover(i, i);
        _buckets[i - _base]++;
        if (i < _min) _min = i;
        if (i > _max) _max = i;
    }

    private long SketchPercentile(long rank)
    {
        var seen = _zero;
        if (seen >= rank) return 0;
        for (var i = _min; i <= _max; i++)
        {
            seen += _buckets[i - _base];
            if (seen >= rank) return Representative(i);
        }
        return Representative(_max);
    }

    /// <summary>Makes the bucket array cover indexes <paramref name="lo"/>..<paramref name="hi"/> as well as those seen, growing it by doubling.</summary>
    private void Cover(int lo, int hi)
    {
        var empty = _min > _max;
        if (!empty)
        {
            lo = Math.Min(lo, _min);
            hi = Math.Max(hi, _max);
        }
        var need = hi - lo + 1;
        var length = need <= _buckets.Length ? _buckets.Length : Math.Min(MaxIndex - MinIndex + 1, Math.Max(need, Math.Max(FirstSketchSize, 2 * _buckets.Length)));
        // Room on the side the durations grew towards; centred when starting afresh.
        var newBase = empty ? lo - (length - need) / 2 : lo < _min ? hi - length + 1 : lo;
        newBase = Math.Clamp(newBase, MinIndex, MaxIndex - length + 1);
        var buckets = length == _buckets.Length ? _buckets : new int[length];
        if (!empty)
        {
            var used = _max - _min + 1;
            int from = _min - _base, to = _min - newBase;
            Array.Copy(_buckets, from, buckets, to, used);
            // Moved within the same array: zero what the move left behind.
            if (buckets == _buckets && to > from) Array.Clear(buckets, from, Math.Min(used, to - from));
            else if (buckets == _buckets && to < from) Array.Clear(buckets, Math.Max(to + used, from), Math.Min(used, from - to));
        }
        _buckets = buckets;
        _base = newBase;
    }

    /// <summary>The bucket of a duration of at least 1 ms: ⌈log_γ(ticks)⌉, so bucket i holds (γ^(i-1), γ^i].</summary>
    private static int Index(long ticks) => (int)Math.Ceiling(Math.Log(ticks) / LogGamma);

    /// <summary>2γ^i/(γ+1): within the accuracy of every duration in bucket i.</summary>
    private static long Representative(int i)
    {
        var v = Math.Exp(i * LogGamma) * 2 / (Gamma + 1);
        return v >= long.MaxValue ? long.MaxValue : (long)Math.Round(v);
    }

    public void Write(CheckpointWriter w)
    {
        w.Bool(_sketching);
        if (!_sketching)
        {
            w.Int(_count);
            foreach (var v in _exact.AsSpan(0, _count)) w.Long(v);
            return;
        }
        w.Long(_zero);
        w.Long(_total);
        w.Int(_min);
        w.Int(_max);
        for (var i = _min; i <= _max; i++) w.Int(_buckets[i - _base]);
    }

    public void Read(CheckpointReader r)
    {
        Clear();
        if (!r.Bool())
        {
            var n = r.Int();
            r.Expect(n is >= 0 and <= ExactLimit, $"percentile samples {n}, at most {ExactLimit} expected");
            if (_exact.Length < n) _exact = new long[Math.Max(FirstExactSize, n)];
            for (var i = 0; i < n; i++) _exact[i] = r.Long();
            _count = n;
            return;
        }
        _sketching = true;
        _zero = r.Long();
        _total = r.Long();
        int min = r.Int(), max = r.Int();
        if (min > max) return;
        r.Expect(min >= MinIndex && max <= MaxIndex, $"percentile buckets {min}..{max} outside {MinIndex}..{MaxIndex}");
        Cover(min, max);
        _min = min;
        _max = max;
        for (var i = min; i <= max; i++) _buckets[i - _base] = r.Int();
    }
}
