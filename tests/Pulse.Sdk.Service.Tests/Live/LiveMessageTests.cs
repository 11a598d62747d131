using System.Buffers;
using System.Text;
using System.Text.Json;
using Pulse.Sdk.Events;
using Pulse.Sdk.Service.Api;
using Pulse.Sdk.Service.Live;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Storage;

namespace Pulse.Sdk.Service.Tests.Live;

/// <summary>Deltas are written from the changes directly: the bytes must be those the serializer writes for the same values.</summary>
public sealed class LiveMessageTests
{
    private static readonly DateTimeOffset Time = new(2026, 11, 26, 10, 0, 0, 123, TimeSpan.Zero);

    [Fact]
    public void A_delta_written_from_changes_is_byte_for_byte_the_serialized_values()
    {
        var sales = new LiveTarget(Guid.NewGuid(), "Waiting");
        var other = new LiveTarget(Guid.NewGuid(), "<b>'Waiting'</b> & \"more\" é");
        (StatisticChange, LiveTarget[])[] changes =
        [
            (new StatisticChange(new ObjectRef("t1", ObjectType.Queue, "q1"), "Waiting", new StatisticValue(3), Time), [sales, other]),
            (new StatisticChange(new ObjectRef("t1", ObjectType.Queue, "q<2>"), "ASA", new StatisticValue(12.345678901234567), null), [sales]),
            (new StatisticChange(new ObjectRef("t1", ObjectType.Agent, "a1"), "CurrentState", new StatisticValue(42.5, AgentStatus.WaitForNextCall, "Lunch"), Time), [other]),
            (new StatisticChange(new ObjectRef("t1", ObjectType.Queue, "q1"), "Abandoned", default, Time, Removed: true), [sales]),
            (new StatisticChange(new ObjectRef("t1", ObjectType.Queue, "q1"), "Entered", new StatisticValue(-0.5), Time.ToOffset(TimeSpan.FromHours(2))), [sales]),
            (new StatisticChange(new ObjectRef("t1", ObjectType.Queue, "q1"), "ServiceLevel1", new StatisticValue(87.5) { Stale = true }, Time), [sales]),
            (new StatisticChange(new ObjectRef("t1", ObjectType.Agent, "a1"), "CurrentState", new StatisticValue(3, AgentStatus.NotReadyForNextCall, "Break") { Stale = true }, null), [other]),
            (new StatisticChange(new ObjectRef("t1", ObjectType.Agent, "a1"), "CurrentState", new StatisticValue(9, AgentStatus.CallInbound) { Media = MediaType.Chat }, Time), [sales]),
            (new StatisticChange(new ObjectRef("t1", ObjectType.Agent, "a1"), "CurrentState", new StatisticValue(9, AgentStatus.CallInbound) { Media = MediaType.Voice, Stale = true }, Time), [other]),
            // A closed statistic is removed, never stale, whatever its (default) value says.
            (new StatisticChange(new ObjectRef("t1", ObjectType.Queue, "q1"), "Answered", new StatisticValue(0) { Stale = true }, Time, Removed: true), [sales]),
        ];
        var values = changes.SelectMany(c => c.Item2.Select(t => LayoutValues.ToBody(t.Layout, t.Alias, c.Item1))).ToList();
        var expected = JsonSerializer.SerializeToUtf8Bytes(new LiveMessage(LiveMessage.Delta, "s<1>", 17, values), ApiJson.Options);

        var written = new ArrayBufferWriter<byte>();
        new LiveMessage(LiveMessage.Delta, "s<1>", 17) { Changes = changes }.WriteTo(written);

        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(written.WrittenSpan));
        Assert.Contains("\\u003Cb\\u003E", Encoding.UTF8.GetString(written.WrittenSpan), StringComparison.Ordinal); // escaped as documented
        var stale = JsonDocument.Parse(written.WrittenMemory).RootElement.GetProperty("values").EnumerateArray()
            .Where(v => v.TryGetProperty("stale", out var s) && s.GetBoolean()).Select(v => v.GetProperty("statistic").GetString());
        Assert.Equal(["ServiceLevel1", "CurrentState", "CurrentState"], stale);
        var media = JsonDocument.Parse(written.WrittenMemory).RootElement.GetProperty("values").EnumerateArray()
            .Where(v => v.TryGetProperty("media", out _)).Select(v => v.GetProperty("media").GetString());
        Assert.Equal(["Chat", "Voice"], media);
    }

    [Fact]
    public void Other_messages_are_the_serializer_s()
    {
        var heartbeat = new LiveMessage(LiveMessage.Heartbeat, Time: Time);
        var written = new ArrayBufferWriter<byte>();

        heartbeat.WriteTo(written);

        Assert.Equal(Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(heartbeat, ApiJson.Options)), Encoding.UTF8.GetString(written.WrittenSpan));
        Assert.Equal("{\"type\":\"heartbeat\",\"time\":\"2026-11-26T10:00:00.123+00:00\"}", Encoding.UTF8.GetString(written.WrittenSpan));
    }
}
