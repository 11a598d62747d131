using Pulse.Host;

namespace Pulse.Host.Tests;

public class KpiFormatTests
{
    [Theory]
    [InlineData(0, "0:00")]
    [InlineData(59.9, "0:59")]
    [InlineData(60, "1:00")]
    [InlineData(285, "4:45")]
    [InlineData(3725, "62:05")]
    [InlineData(-1, "0:00")]
    [InlineData(double.NaN, "-")]
    public void Durations_are_minutes_and_seconds(double seconds, string text) => Assert.Equal(text, KpiFormat.Duration(seconds));

    [Theory]
    [InlineData(66.666667, "66.7")]
    [InlineData(100, "100.0")]
    [InlineData(0, "0.0")]
    [InlineData(7.05, "7.1")]
    public void Percentages_have_one_decimal(double value, string text) => Assert.Equal(text, KpiFormat.Percent(value));

    [Theory]
    [InlineData(7, "7")]
    [InlineData(1234, "1234")]
    public void Counts_are_integers(double value, string text) => Assert.Equal(text, KpiFormat.Count(value));
}
