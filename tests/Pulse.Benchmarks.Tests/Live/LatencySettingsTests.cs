using Pulse.Benchmarks.Live;

namespace Pulse.Benchmarks.Tests.Live;

public sealed class LatencySettingsTests
{
    [Fact]
    public void Defaults_are_the_issue_s_and_options_override_them()
    {
        var defaults = LatencySettings.Parse([]);
        var s = LatencySettings.Parse(["--clients", "50", "--flush", "10,100,250", "--seconds", "5", "--max-rate", "10"]);

        Assert.Equal(1000, defaults.Clients);
        Assert.Equal(10_000, defaults.EventsPerSecond);
        Assert.Equal([TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(100)], defaults.FlushIntervals);
        Assert.Equal(50, s.Clients);
        Assert.Equal([10, 100, 250], s.FlushIntervals.Select(f => f.TotalMilliseconds));
        Assert.Equal(TimeSpan.FromSeconds(5), s.Duration);
        Assert.Equal(10, s.MaxRate);
        Assert.True(s.MarkerCapacity >= (5 + 5) * 100);
    }

    [Theory]
    [InlineData("--clients", "0", "--clients: a whole number from 1")]
    [InlineData("--max-rate", "5000", "--max-rate: a whole number from 1 to 1000")]
    [InlineData("--flush", "10,x", "--flush: a whole number")]
    [InlineData("--colour", "red", "--colour: unknown option")]
    public void A_bad_option_is_named(string name, string value, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => LatencySettings.Parse([name, value]));

        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Markers_must_fit_in_the_event_rate()
    {
        var e = Assert.Throws<ArgumentException>(() => LatencySettings.Parse(["--events-per-second", "100", "--marker-interval", "10"]));

        Assert.StartsWith("--marker-interval:", e.Message, StringComparison.Ordinal);
    }
}
