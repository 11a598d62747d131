using Pulse.Sdk.Metadata;
using Pulse.Sdk.Service.Api.Export;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Service.Tests.Api.Export;

/// <summary>The display formats (docs/api.md, "Display formats"), one format and option at a time.</summary>
public sealed class DisplayFormatterTests
{
    private static TemplateStatistic Statistic(ValueFormat format, int? decimals = null, StatusDisplay? status = null) =>
        new("A", "S") { DisplayFormat = format, Decimals = decimals, StatusDisplay = status };

    private static string Show(ValueFormat format, double? number, int? decimals = null) =>
        DisplayFormatter.Format(Statistic(format, decimals), number, null, null, null);

    [Theory]
    [InlineData(75.9, "0:01:15")]
    [InlineData(36000, "10:00:00")]
    [InlineData(359999, "99:59:59")]
    [InlineData(-5, "0:00:00")]
    [InlineData(0.999, "0:00:00")]
    [InlineData(1e300, "2777777:46:40")]
    public void Time_is_whole_seconds_as_h_mm_ss(double value, string expected) => Assert.Equal(expected, Show(ValueFormat.Time, value));

    [Theory]
    [InlineData(2.5, "3")]
    [InlineData(-2.5, "-3")]
    [InlineData(12345.4, "12345")]
    [InlineData(-0.4, "0")]
    [InlineData(0.5, "1")]
    [InlineData(1e21, "1000000000000000000000")]
    public void Integer_rounds_half_away_from_zero_without_separators(double value, string expected) => Assert.Equal(expected, Show(ValueFormat.Integer, value));

    [Theory]
    [InlineData(3.14159, null, "3.14")]
    [InlineData(3, null, "3")]
    [InlineData(-1234.5, null, "-1234.5")]
    [InlineData(1.005, null, "1.01")]
    [InlineData(0.125, null, "0.13")]
    [InlineData(-0.001, null, "0")]
    [InlineData(9.999, null, "10")]
    [InlineData(3.14159, 0, "3")]
    [InlineData(3.14159, 4, "3.1416")]
    [InlineData(0.0000015, 6, "0.000002")]
    [InlineData(1e-7, 6, "0")]
    [InlineData(2.5, 6, "2.5")]
    public void Number_rounds_to_its_decimals_and_drops_trailing_zeros(double value, int? decimals, string expected) =>
        Assert.Equal(expected, Show(ValueFormat.Number, value, decimals));

    [Theory]
    [InlineData(87.54, "87.5%")]
    [InlineData(87.55, "87.6%")]
    [InlineData(100, "100.0%")]
    [InlineData(0, "0.0%")]
    [InlineData(-0.01, "0.0%")]
    [InlineData(99.96, "100.0%")]
    public void Percent_has_one_decimal_always(double value, string expected) => Assert.Equal(expected, Show(ValueFormat.Percent, value));

    [Theory]
    [InlineData(4.25, null, null, "4.25")]
    [InlineData(1e21, null, null, "1000000000000000000000")]
    [InlineData(1e-7, null, null, "0.0000001")]
    [InlineData(1.0, "WaitForNextCall", null, "WaitForNextCall")]
    [InlineData(1.0, "NotReadyForNextCall", "Lunch", "Lunch")]
    [InlineData(null, null, null, "")]
    public void String_is_the_value_as_it_is(double? value, string? state, string? reason, string expected) =>
        Assert.Equal(expected, DisplayFormatter.Format(Statistic(ValueFormat.String), value, state, reason, null));

    [Theory]
    [InlineData(312.0, "NotReadyForNextCall", "Break", "Not ready (Break) 0:05:12")]
    [InlineData(5.0, "WaitForNextCall", null, "Ready 0:00:05")]
    [InlineData(null, "LoggedIn", null, "Logged in")]
    [InlineData(5.0, "SomethingNew", null, "SomethingNew 0:00:05")]
    [InlineData(60.0, null, "Lunch", "Lunch 0:01:00")]
    [InlineData(60.0, null, "", "")]
    [InlineData(null, null, null, "")]
    public void Status_by_default_shows_the_readable_state_its_reason_and_the_time_in_it(double? seconds, string? state, string? reason, string expected) =>
        Assert.Equal(expected, DisplayFormatter.Format(Statistic(ValueFormat.Status), seconds, state, reason, "Voice"));

    [Theory]
    [InlineData(true, false, false, "Inbound call")]
    [InlineData(false, true, false, "0:01:05")]
    [InlineData(false, false, true, "Chat")]
    [InlineData(true, true, true, "Inbound call Chat 0:01:05")]
    [InlineData(false, false, false, "")]
    public void Status_shows_the_parts_it_is_told_to_in_order_status_media_duration(bool status, bool duration, bool media, string expected)
    {
        var display = new StatusDisplay { ShowStatus = status, ShowDuration = duration, ShowMedia = media, ShowIcon = true, ShowDnd = true };

        Assert.Equal(expected, DisplayFormatter.Format(Statistic(ValueFormat.Status, status: display), 65, "CallInbound", null, "Chat"));
    }

    [Fact]
    public void Status_media_is_left_out_when_the_state_has_none() =>
        Assert.Equal("Logged out 0:00:10", DisplayFormatter.Format(Statistic(ValueFormat.Status, status: new StatusDisplay { ShowMedia = true }), 10, "LoggedOut", null, null));

    [Theory]
    [InlineData("${status} ${media} ${duration}", "Not ready Voice 0:05:12")]
    [InlineData("${status} (${reason}) since ${duration}${dnd}", "Not ready (Break) since 0:05:12")]
    [InlineData("[${foo}] $status ${ status } $${status}", "[${foo}] $status ${ status } $Not ready")]
    [InlineData("no variables", "no variables")]
    public void Status_template_substitutes_its_variables_as_plain_text(string template, string expected) =>
        Assert.Equal(expected, DisplayFormatter.Format(Statistic(ValueFormat.Status, status: new StatusDisplay { Template = template }), 312, "NotReadyForNextCall", "Break", "Voice"));

    [Fact]
    public void Status_template_values_are_not_read_as_templates_or_patterns() =>
        Assert.Equal("${media} $1 0:00:01", DisplayFormatter.Format(Statistic(ValueFormat.Status, status: new StatusDisplay { Template = "${reason} ${duration}" }), 1, "NotReadyForNextCall", "${media} $1", "Voice"));

    [Fact]
    public void Decimals_apply_to_Number_only() =>
        Assert.Equal("3", DisplayFormatter.Format(Statistic(ValueFormat.Integer, decimals: 4), 3.14159, null, null, null));

    [Fact]
    public void No_value_is_empty_in_every_format() =>
        Assert.All(Enum.GetValues<ValueFormat>(), f => Assert.Equal("", DisplayFormatter.Format(Statistic(f), null, null, null, null)));

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_number_that_is_not_finite_is_no_value(double value) =>
        Assert.All(new[] { ValueFormat.Time, ValueFormat.Integer, ValueFormat.Number, ValueFormat.Percent }, f => Assert.Equal("", Show(f, value)));

    [Fact]
    public void Without_a_statistic_a_value_is_a_Number() =>
        Assert.Equal("3.14", DisplayFormatter.Format(null, 3.14159, null, null, null));

    [Theory]
    [InlineData("${status} ${media} ${duration} ${dnd} ${reason}", null)]
    [InlineData("${status} ${foo}", "foo")]
    [InlineData("${Status}", "Status")]
    [InlineData("$status ${ x }", null)]
    public void Unknown_template_variables_are_found(string template, string? expected) =>
        Assert.Equal(expected, DisplayFormatter.UnknownVariable(template));

    [Fact]
    public void The_out_of_the_box_agent_template_shows_a_state_with_its_media_as_Pulse_9_does()
    {
        var state = StandardTemplates.For("t1").Single(t => t.Name == "Agent KPIs").Statistics.Single(s => s.StatisticType == "CurrentState");

        Assert.Equal(new StatusDisplay { ShowIcon = true, ShowMedia = true }, state.StatusDisplay);
        Assert.Equal("Not ready (Break) Chat 0:01:05", DisplayFormatter.Format(state, 65, "NotReadyForNextCall", "Break", "Chat"));
    }
}
