using System.Buffers;
using System.Text.Json;
using Pulse.Sdk.Statistics;
using StackExchange.Redis;

namespace Pulse.Sdk.Redis;

/// <summary>
/// Receives the value changes a <see cref="RedisStatisticStore"/> publishes, so every Pulse replica sees the
/// DCU's updates. A message is one written batch of one tenant, UTF-8 JSON:
/// <c>{"tenant":"t1","updates":[{"type":"Queue","id":"Sales","statistic":"ServiceLevel1","time":1764144000000,"value":"87.5"},
/// {"type":"Agent","id":"a1","statistic":"CurrentState","time":...,"removed":true}]}</c> — <c>time</c> in Unix
/// milliseconds, <c>value</c> as <see cref="RedisValueEncoding"/>. Delivery is Redis pub/sub's: at most once
/// per connected subscriber; after a gap, read the current values from the hashes.
/// </summary>
public static class RedisStatisticSubscriber
{
    /// <summary>Subscribes to <paramref name="tenant"/>'s channel; <paramref name="onChange"/> runs for every change (on a Redis thread: keep it short). Dispose the result to unsubscribe.</summary>
    public static async Task<IAsyncDisposable> SubscribeAsync(IConnectionMultiplexer connection, string tenant, Action<RedisStatisticChange> onChange, string keyPrefix = "pulse")
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        ArgumentNullException.ThrowIfNull(onChange);
        var channel = RedisKeys.Updates(keyPrefix, tenant);
        var subscriber = connection.GetSubscriber();
        var queue = await subscriber.SubscribeAsync(channel).ConfigureAwait(false);
        queue.OnMessage(m =>
        {
            byte[]? bytes = m.Message;
            if (bytes is null) return;
            foreach (var c in Decode(bytes)) onChange(c);
        });
        return new Subscription(queue);
    }

    /// <summary>The changes in one message.</summary>
    /// <exception cref="JsonException">The message is not JSON of the documented shape.</exception>
    public static IReadOnlyList<RedisStatisticChange> Decode(ReadOnlySpan<byte> message)
    {
        var reader = new Utf8JsonReader(message);
        using var doc = JsonDocument.ParseValue(ref reader);
        var root = doc.RootElement;
        var tenant = root.GetProperty("tenant").GetString() ?? throw new JsonException("tenant is null");
        var updates = root.GetProperty("updates");
        var list = new List<RedisStatisticChange>(updates.GetArrayLength());
        foreach (var u in updates.EnumerateArray())
        {
            var type = Enum.Parse<ObjectType>(u.GetProperty("type").GetString()!);
            var obj = new ObjectRef(tenant, type, u.GetProperty("id").GetString()!);
            var time = DateTimeOffset.FromUnixTimeMilliseconds(u.GetProperty("time").GetInt64());
            var statistic = u.GetProperty("statistic").GetString()!;
            if (u.TryGetProperty("removed", out var r) && r.GetBoolean())
                list.Add(new RedisStatisticChange(obj, statistic, default, time, Removed: true));
            else
                list.Add(new RedisStatisticChange(obj, statistic, RedisValueEncoding.Decode(u.GetProperty("value").GetString()), time));
        }
        return list;
    }

    /// <summary>Writes the message of one tenant's batch.</summary>
    internal static byte[] Encode(string tenant, IReadOnlyList<RedisStatisticChange> changes)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + changes.Count * 96);
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

    private sealed class Subscription(ChannelMessageQueue queue) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await queue.UnsubscribeAsync().ConfigureAwait(false);
    }
}
