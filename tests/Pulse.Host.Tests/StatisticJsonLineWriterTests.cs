using Pulse.Host;

namespace Pulse.Host.Tests;

public class StatisticJsonLineWriterTests
{
    [Theory]
    [InlineData(200.0 / 3, 66.666667)]
    [InlineData(19.3333333333, 19.333333)]
    [InlineData(0.0000004, 0)]
    [InlineData(-0.0000004, 0)]
    [InlineData(0.0000005, 0.000001)]
    [InlineData(285, 285)]
    public void Numbers_are_rounded_to_six_decimals(double value, double written) =>
        Assert.Equal(written, StatisticJsonLineWriter.Round(value));

    [Fact]
    public void Negative_zero_is_written_as_zero() =>
        Assert.False(double.IsNegative(StatisticJsonLineWriter.Round(-0.0000001)));
}
