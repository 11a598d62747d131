using System.Buffers;
using System.Text;
using System.Text.Json;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Redis.Tests;

public sealed class RedisChangeMessageTests
{
    private static readonly RedisStatisticChange[] Changes =
    [
        new(new ObjectRef("t\"1", ObjectType.Queue, "Sales"), "ServiceLevel1", new StatisticValue(87.5), DateTimeOffset.FromUnixTimeMilliseconds(1764144000000)),
        new(new ObjectRef("t\"1", ObjectType.Agent, "a<1>é"), "CurrentState", new StatisticValue(30, AgentStatus.NotReadyForNextCall, "Lunch \"long\" + <b> café"), DateTimeOffset.FromUnixTimeMilliseconds(1764144000123)),
        new(new ObjectRef("t\"1", ObjectType.Agent, "a2"), "CurrentState", default, DateTimeOffset.FromUnixTimeMilliseconds(1764144000123), Removed: true),
        new(new ObjectRef("t\"1", ObjectType.Queue, "Sales"), "Waiting\tNow", new StatisticValue(-0.0), DateTimeOffset.FromUnixTimeMilliseconds(-5)),
    ];

    // The message as Utf8JsonWriter writes it property by property: the format RedisStatisticSubscriber documents.
    private static byte[] Reference(string tenant, IEnumerable<RedisStatisticChange> changes)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("tenant", tenant);
            w.WriteStartArray("updates");
            foreach (var c in changes)
            {
                w.WriteStartObject();
                w.WriteString("type", c.Object.Type.ToString());
                w.WriteString("id", c.Object.Id);
                w.WriteString("statistic", c.Statistic);
                w.WriteNumber("time", c.Time.ToUnixTimeMilliseconds());
                if (c.Removed) w.WriteBoolean("removed", true);
                else w.WriteString("value", RedisValueEncoding.Encode(c.Value));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Write(ChangeMessage message, string tenant, IEnumerable<RedisStatisticChange> changes)
    {
        message.Start(JsonEncodedText.Encode(tenant));
        foreach (var c in changes)
        {
            var value = c.Removed ? [] : Encoding.UTF8.GetBytes(RedisValueEncoding.Encode(c.Value));
            message.WriteChange(ChangeMessage.ObjectHead(c.Object), ChangeMessage.NameTail(c.Statistic), c.Time.ToUnixTimeMilliseconds(), value, c.Removed);
        }
        return message.End().ToArray();
    }

    [Fact]
    public void A_message_has_the_bytes_of_the_documented_format_and_decodes_to_its_changes()
    {
        var message = new ChangeMessage();
        var bytes = Write(message, "t\"1", Changes);

        Assert.Equal(Encoding.UTF8.GetString(Reference("t\"1", Changes)), Encoding.UTF8.GetString(bytes));
        Assert.Equal(Changes, RedisStatisticSubscriber.Decode(bytes));
    }

    [Fact]
    public void A_message_reuses_the_buffer_and_starts_afresh()
    {
        var message = new ChangeMessage();
        Write(message, "t\"1", Changes);
        message.Abandon();
        var second = Write(message, "t2", Changes[..1]);

        Assert.Equal(Reference("t2", Changes[..1]), second);
    }
}
