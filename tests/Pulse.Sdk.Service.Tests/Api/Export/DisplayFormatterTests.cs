using Pulse.Sdk.Service.Api.Export;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Service.Tests.Api.Export;

/// <summary>The rules of <c>?values=formatted</c> (docs/api.md, "Export"), one display format at a time.</summary>
public sealed class DisplayFormatterTests
{
    [Theory]
    [InlineData(ValueFormat.Time, 75.9, "0:01:15")]
    [InlineData(ValueFormat.Time, 36000, "10:00:00")]
    [InlineData(ValueFormat.Time, -5, "0:00:00")]
    [InlineData(ValueFormat.Integer, 2.5, "3")]
    [InlineData(ValueFormat.Integer, 12345.4, "12345")]
    [InlineData(ValueFormat.Number, 3.14159, "3.14")]
    [InlineData(ValueFormat.Number, 3, "3")]
    [InlineData(ValueFormat.Number, -1234.5, "-1234.5")]
    [InlineData(ValueFormat.Percent, 87.54, "87.5%")]
    [InlineData(ValueFormat.Percent, 100, "100.0%")]
    [InlineData(ValueFormat.String, 4.25, "4.25")]
    [InlineData(ValueFormat.Integer, double.NaN, "")]
    [InlineData(ValueFormat.Time, double.PositiveInfinity, "")]
    public void A_number_is_shown_as_its_display_format_says(ValueFormat format, double value, string expected) =>
        Assert.Equal(expected, DisplayFormatter.Format(format, value, null, null));

    [Theory]
    [InlineData(312.0, "NotReadyForNextCall", "Break", "NotReadyForNextCall (Break) 0:05:12")]
    [InlineData(5.0, "WaitForNextCall", null, "WaitForNextCall 0:00:05")]
    [InlineData(null, "LoggedIn", null, "LoggedIn")]
    [InlineData(60.0, null, "Lunch", "Lunch 0:01:00")]
    [InlineData(null, null, null, "")]
    public void A_status_shows_the_state_its_reason_and_the_time_in_it(double? seconds, string? state, string? reason, string expected) =>
        Assert.Equal(expected, DisplayFormatter.Format(ValueFormat.Status, seconds, state, reason));

    [Fact]
    public void No_value_is_empty_in_every_format() =>
        Assert.All(Enum.GetValues<ValueFormat>(), f => Assert.Equal("", DisplayFormatter.Format(f, null, null, null)));
}
