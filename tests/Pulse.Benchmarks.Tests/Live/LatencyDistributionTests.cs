using Pulse.Benchmarks.Live;

namespace Pulse.Benchmarks.Tests.Live;

public sealed class LatencyDistributionTests
{
    [Fact]
    public void Percentiles_are_nearest_rank_over_unsorted_samples()
    {
        var samples = Enumerable.Range(1, 100).Select(i => (double)i).Reverse().ToArray();

        var d = new LatencyDistribution(samples);

        Assert.Equal(100, d.Count);
        Assert.Equal(50, d.Percentile(50));
        Assert.Equal(90, d.Percentile(90));
        Assert.Equal(99, d.Percentile(99));
        Assert.Equal(100, d.Percentile(100));
        Assert.Equal(7, d.Percentile(7)); // 7 / 100 * 100 is 7.000000000000001 in double
        Assert.Equal(1, d.Percentile(0.5));
        Assert.Equal(100, d.Max);
    }

    [Fact]
    public void Few_samples_round_the_rank_up()
    {
        var d = new LatencyDistribution([30, 10, 20]);

        Assert.Equal(20, d.Percentile(50)); // rank ceil(1.5) = 2
        Assert.Equal(30, d.Percentile(99));
        Assert.Equal(10, d.Percentile(33));
        Assert.Equal(20, d.Percentile(34));
    }

    [Fact]
    public void No_samples_give_NaN_and_a_bad_percentile_is_refused()
    {
        var d = new LatencyDistribution([]);

        Assert.True(double.IsNaN(d.Percentile(50)));
        Assert.True(double.IsNaN(d.Max));
        Assert.Throws<ArgumentOutOfRangeException>(() => d.Percentile(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => d.Percentile(101));
    }

    [Fact]
    public void The_median_of_runs_is_the_middle_or_the_mean_of_the_middle_two()
    {
        Assert.Equal(5, LatencyDistribution.Median([9, 1, 5]));
        Assert.Equal(4, LatencyDistribution.Median([9, 1, 5, 3]));
        Assert.True(double.IsNaN(LatencyDistribution.Median([])));
    }
}
