namespace Pulse.Benchmarks.Live;

/// <summary>Percentiles of latency samples by the nearest-rank method: p is the smallest sample with at least p % of the samples at or below it.</summary>
public sealed class LatencyDistribution
{
    private readonly double[] _sorted;

    /// <summary>Sorts <paramref name="samples"/> in place and keeps it.</summary>
    public LatencyDistribution(double[] samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        Array.Sort(samples);
        _sorted = samples;
    }

    public int Count => _sorted.Length;

    public double Max => _sorted.Length == 0 ? double.NaN : _sorted[^1];

    /// <summary>The <paramref name="percent"/>-th percentile (0 &lt; percent ≤ 100); NaN without samples.</summary>
    public double Percentile(double percent)
    {
        if (!(percent > 0 && percent <= 100)) throw new ArgumentOutOfRangeException(nameof(percent), percent, "a percentile is more than 0 and at most 100");
        if (_sorted.Length == 0) return double.NaN;
        // In decimal: 7 / 100 * 100 in double is 7.000000000000001, whose ceiling would pick the 8th sample.
        var rank = (int)Math.Ceiling((decimal)percent * _sorted.Length / 100m);
        return _sorted[Math.Clamp(rank, 1, _sorted.Length) - 1];
    }

    /// <summary>The median of <paramref name="values"/> (the mean of the middle two for an even count); NaN when empty.</summary>
    public static double Median(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var v = values.Order().ToArray();
        if (v.Length == 0) return double.NaN;
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }
}
