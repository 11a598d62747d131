using Pulse.Sdk.Events;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Redis.Tests;

public sealed class RedisValueEncodingTests
{
    public static TheoryData<string> Texts => new() { "87.5", "0", "-1.25E-07", "12.5|WaitForNextCall|", "30|NotReadyForNextCall|Lunch", "30||Lunch|with bar", "NaN", "~87.5", "~0", "~12.5|WaitForNextCall|", "~30||Lunch|with bar" };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Decode_then_encode_gives_the_same_text(string text) =>
        Assert.Equal(text, RedisValueEncoding.Encode(RedisValueEncoding.Decode(text)));

    [Fact]
    public void Values_round_trip()
    {
        StatisticValue[] values = [new(87.5), new(0.1 + 0.2), new(12, AgentStatus.WaitForNextCall), new(30, AgentStatus.NotReadyForNextCall, "Lunch"), new(4, null, "a|b"), new(5, AgentStatus.NotReadyForNextCall, "Pause café \"x\"")];
        foreach (var v in values) Assert.Equal(v, RedisValueEncoding.Decode(RedisValueEncoding.Encode(v)));
        Assert.Equal("30|NotReadyForNextCall|Lunch", RedisValueEncoding.Encode(new StatisticValue(30, AgentStatus.NotReadyForNextCall, "Lunch")));
    }

    public static TheoryData<StatisticValue> CurrentValues => new()
    {
        new(87.5), new(-0.0), new(double.NaN), new(1e20), new(12, AgentStatus.WaitForNextCall),
        new(30, AgentStatus.NotReadyForNextCall, "Lunch"), new(4, null, "a|~b"), new(5, AgentStatus.NotReadyForNextCall, "Pause café \"x\""),
    };

    [Theory]
    [MemberData(nameof(CurrentValues))]
    public void A_stale_value_is_its_current_text_after_a_tilde_and_reads_back_stale(StatisticValue current)
    {
        var stale = current with { Stale = true };
        var currentText = RedisValueEncoding.Encode(current);

        var staleText = RedisValueEncoding.Encode(stale);

        Assert.Equal("~" + currentText, staleText);
        Assert.Equal(stale, RedisValueEncoding.Decode(staleText));
        Assert.True(RedisValueEncoding.Decode(staleText).Stale);
        Assert.False(RedisValueEncoding.Decode(currentText).Stale);
        Assert.Equal(current, RedisValueEncoding.Decode(currentText));
        Assert.True(RedisValueEncoding.MaxUtf8Length(stale) >= System.Text.Encoding.UTF8.GetByteCount(staleText));
    }

    [Theory]
    [InlineData("12.5|CallInbound:Chat|", MediaType.Chat)]
    [InlineData("~30|NotReadyForNextCall:Voice|Lunch:with|bar", MediaType.Voice)]
    [InlineData("12.5|WaitForNextCall|", null)]
    public void A_states_media_follows_its_name_and_round_trips(string text, MediaType? media)
    {
        var value = RedisValueEncoding.Decode(text);

        Assert.Equal(media, value.Media);
        Assert.Equal(text, RedisValueEncoding.Encode(value));
        Assert.True(RedisValueEncoding.MaxUtf8Length(value) >= System.Text.Encoding.UTF8.GetByteCount(text));
    }

    [Fact]
    public void Media_is_part_of_the_value_and_survives_the_round_trip()
    {
        var value = new StatisticValue(4, AgentStatus.CallOutbound) { Media = MediaType.EMail };

        Assert.Equal("4|CallOutbound:EMail|", RedisValueEncoding.Encode(value));
        Assert.Equal(value, RedisValueEncoding.Decode(RedisValueEncoding.Encode(value)));
        Assert.NotEqual(value with { Media = null }, RedisValueEncoding.Decode(RedisValueEncoding.Encode(value)));
    }

    [Theory]
    [InlineData("1|CallInbound:Fax|")]
    [InlineData("1|:Voice|")]
    public void A_bad_media_is_a_format_error(string text) => Assert.Throws<FormatException>(() => RedisValueEncoding.Decode(text));

    [Fact]
    public void Stored_text_without_the_mark_reads_as_current() =>
        Assert.Equal(new StatisticValue(12.5, AgentStatus.WaitForNextCall), RedisValueEncoding.Decode("12.5|WaitForNextCall|"));

    [Theory]
    [InlineData(0.0)]
    [InlineData(3.0)]
    [InlineData(1023.0)]
    [InlineData(1024.0)]
    [InlineData(-42.0)]
    [InlineData(123456789012.0)]
    [InlineData(1e15)]
    [InlineData(1e20)]
    [InlineData(-1e300)]
    [InlineData(2.5)]
    public void Numbers_print_as_round_trip_text(double d) =>
        Assert.Equal(d.ToString("R", System.Globalization.CultureInfo.InvariantCulture), RedisValueEncoding.Encode(new StatisticValue(d)));

    [Fact]
    public void Negative_zero_keeps_its_sign() => Assert.Equal("-0", RedisValueEncoding.Encode(new StatisticValue(-0.0)));

    [Theory]
    [InlineData("abc")]
    [InlineData("1|Bogus|x")]
    [InlineData("1|Ready")]
    [InlineData("~")]
    [InlineData("~~5")]
    [InlineData("5~")]
    public void Bad_text_is_a_format_error(string text) => Assert.Throws<FormatException>(() => RedisValueEncoding.Decode(text));
}
