using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
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
    public static Task<IAsyncDisposable> SubscribeAsync(IConnectionMultiplexer connection, string tenant, Action<RedisStatisticChange> onChange, string keyPrefix = "pulse")
    {
        ArgumentNullException.ThrowIfNull(onChange);
        return SubscribeToBatchesAsync(connection, tenant, batch => { foreach (var c in batch) onChange(c); }, keyPrefix);
    }

    /// <summary>
    /// Subscribes to <paramref name="tenant"/>'s channel; <paramref name="onBatch"/> runs once per message with all its
    /// changes (one written batch of the store, so one engine flush stays together). A message not of the documented shape
    /// is skipped and counted (<c>pulse_redis_rejected_messages_total</c>); the messages after it are delivered.
    /// </summary>
    public static async Task<IAsyncDisposable> SubscribeToBatchesAsync(IConnectionMultiplexer connection, string tenant,
        Action<IReadOnlyList<RedisStatisticChange>> onBatch, string keyPrefix = "pulse")
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        ArgumentNullException.ThrowIfNull(onBatch);
        var channel = RedisKeys.Updates(keyPrefix, tenant);
        var subscriber = connection.GetSubscriber();
        var queue = await subscriber.SubscribeAsync(channel).ConfigureAwait(false);
        queue.OnMessage(m =>
        {
            byte[]? bytes = m.Message;
            if (bytes is null) return;
            IReadOnlyList<RedisStatisticChange> batch;
            try { batch = Decode(bytes); }
            catch (Exception e) when (e is JsonException or FormatException or ArgumentException or KeyNotFoundException or InvalidOperationException)
            {
                RedisMetrics.RejectedMessages.Add(1);
                return;
            }
            onBatch(batch);
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

    private sealed class Subscription(ChannelMessageQueue queue) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await queue.UnsubscribeAsync().ConfigureAwait(false);
    }
}

/// <summary>
/// The message of one tenant's batch in the format <see cref="RedisStatisticSubscriber.Decode"/> reads, written
/// change by change into a buffer kept from one batch to the next. The constant parts of a change are built once
/// per object (<see cref="ObjectHead"/>) and per statistic name (<see cref="NameTail"/>), already escaped; the value
/// is the UTF-8 text written to the hash, escaped only when it needs to be (a reason with quotes, say).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The writer writes to a managed buffer and is reused for every batch; disposing it would only flush what the message already holds.")]
internal sealed class ChangeMessage
{
    private static readonly JsonWriterOptions Options = new() { SkipValidation = true };
    private static readonly JsonEncodedText TenantProperty = JsonEncodedText.Encode("tenant");
    private static readonly JsonEncodedText UpdatesProperty = JsonEncodedText.Encode("updates");
    private ArrayBufferWriter<byte> _buffer = new();
    private Utf8JsonWriter? _writer;
    private byte[] _change = new byte[256];
    private long _timeMs = long.MinValue;
    private readonly byte[] _time = new byte[20];
    private int _timeLength;

    /// <summary><c>{"type":"Queue","id":"Sales","statistic":"</c></summary>
    public static byte[] ObjectHead(ObjectRef obj) =>
        [.. "{\"type\":\""u8, .. JsonEncodedText.Encode(obj.Type.ToString()).EncodedUtf8Bytes,
         .. "\",\"id\":\""u8, .. JsonEncodedText.Encode(obj.Id).EncodedUtf8Bytes, .. "\",\"statistic\":\""u8];

    /// <summary><c>ServiceLevel1","time":</c></summary>
    public static byte[] NameTail(string statistic) => [.. JsonEncodedText.Encode(statistic).EncodedUtf8Bytes, .. "\",\"time\":"u8];

    /// <summary>Starts a message, forgetting the previous one.</summary>
    public void Start(JsonEncodedText tenant)
    {
        // A buffer grown by a burst (a long outage) is given back once messages are small again.
        if (_buffer.Capacity > 1 << 20 && _buffer.WrittenCount < _buffer.Capacity / 4) _buffer = new ArrayBufferWriter<byte>();
        _buffer.ResetWrittenCount();
        if (_writer is null) _writer = new Utf8JsonWriter(_buffer, Options);
        else _writer.Reset(_buffer);
        _writer.WriteStartObject();
        _writer.WriteString(TenantProperty, tenant);
        _writer.WriteStartArray(UpdatesProperty);
    }

    /// <summary>Adds one change: <paramref name="value"/> is the <see cref="RedisValueEncoding"/> text as UTF-8, ignored when <paramref name="removed"/>.</summary>
    public void WriteChange(byte[] objectHead, byte[] nameTail, long timeMs, ReadOnlySpan<byte> value, bool removed)
    {
        if (timeMs != _timeMs)
        {
            timeMs.TryFormat(_time, out _timeLength, default, CultureInfo.InvariantCulture);
            _timeMs = timeMs;
        }
        ReadOnlySpan<byte> escaped = removed || JavaScriptEncoder.Default.FindFirstCharacterToEncodeUtf8(value) < 0
            ? value
            : JsonEncodedText.Encode(value).EncodedUtf8Bytes;
        var length = objectHead.Length + nameTail.Length + _timeLength + 20 + escaped.Length;
        if (length > _change.Length) _change = new byte[Math.Max(length, _change.Length * 2)];
        var c = _change.AsSpan();
        var n = Append(c, 0, objectHead);
        n = Append(c, n, nameTail);
        n = Append(c, n, _time.AsSpan(0, _timeLength));
        if (removed) n = Append(c, n, ",\"removed\":true}"u8);
        else
        {
            n = Append(c, n, ",\"value\":\""u8);
            n = Append(c, n, escaped);
            n = Append(c, n, "\"}"u8);
        }
        _writer!.WriteRawValue(c[..n], skipInputValidation: true);
    }

    /// <summary>Ends the message; the bytes stay valid until the next <see cref="Start"/>.</summary>
    public ReadOnlyMemory<byte> End()
    {
        _writer!.WriteEndArray();
        _writer.WriteEndObject();
        _writer.Flush();
        return _buffer.WrittenMemory;
    }

    /// <summary>The last message may still be read (its write failed or timed out): the next one gets a new buffer.</summary>
    public void Abandon() => _buffer = new ArrayBufferWriter<byte>();

    private static int Append(Span<byte> to, int at, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(to[at..]);
        return at + bytes.Length;
    }
}
