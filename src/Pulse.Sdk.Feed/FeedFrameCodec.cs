using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Pulse.Sdk.Events;
using Pulse.Sdk.Events.Json;

namespace Pulse.Sdk.Feed;

/// <summary>
/// Encodes and decodes the frames of <c>pulse-feed/1</c>. Event frames are written as
/// <c>{"type":"event","offset":N,"event":{...}}</c> and read through a fast path for exactly that shape, falling back
/// to a general JSON reader for any other spelling of the same frame (other field order, spaces).
/// </summary>
internal static class FeedFrameCodec
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false };
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    private static ReadOnlySpan<byte> EventPrefix => "{\"type\":\"event\",\"offset\":"u8;

    private static ReadOnlySpan<byte> EventMiddle => ",\"event\":"u8;

    /// <summary>The <c>ping</c> frame, with its line terminator.</summary>
    public static ReadOnlyMemory<byte> Ping { get; } = "{\"type\":\"ping\"}\n"u8.ToArray();

    /// <summary>The <c>pong</c> frame, with its line terminator.</summary>
    public static ReadOnlyMemory<byte> Pong { get; } = "{\"type\":\"pong\"}\n"u8.ToArray();

    /// <summary>Encodes an event frame, with its line terminator.</summary>
    /// <param name="offset">The stream offset.</param>
    /// <param name="evt">The event.</param>
    /// <returns>The UTF-8 bytes of the frame.</returns>
    public static byte[] EncodeEvent(long offset, PulseEvent evt)
    {
        byte[] line = EventJson.SerializeLineToUtf8Bytes(evt); // ends with '\n'
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(offset, digits, out int digitCount);
        int length = EventPrefix.Length + digitCount + EventMiddle.Length + (line.Length - 1) + 2;
        var frame = new byte[length];
        var span = frame.AsSpan();
        EventPrefix.CopyTo(span);
        int n = EventPrefix.Length;
        digits[..digitCount].CopyTo(span[n..]);
        n += digitCount;
        EventMiddle.CopyTo(span[n..]);
        n += EventMiddle.Length;
        line.AsSpan(0, line.Length - 1).CopyTo(span[n..]);
        n += line.Length - 1;
        span[n++] = (byte)'}';
        span[n] = (byte)'\n';
        return frame;
    }

    /// <summary>Encodes a <c>hello</c> frame, with its line terminator.</summary>
    /// <param name="clientId">The client's name.</param>
    /// <param name="tenants">Tenants wanted (empty: all).</param>
    /// <param name="sources">Source streams wanted (empty: all).</param>
    /// <param name="dns">Registered DNs (empty: all).</param>
    /// <param name="resumeFrom">The last offset held, or <see langword="null"/> to start from the newest.</param>
    /// <param name="streamId">The stream the offset belongs to, when known.</param>
    /// <param name="version">The protocol version (tests send others).</param>
    /// <param name="secret">The server's subscriber secret, when it requires one.</param>
    /// <returns>The UTF-8 bytes of the frame.</returns>
    public static byte[] EncodeHello(string clientId, IEnumerable<string> tenants, IEnumerable<EventSourceKind> sources, IEnumerable<string> dns, long? resumeFrom, string? streamId,
        int version = FeedProtocol.Version, string? secret = null) =>
        Write(w =>
        {
            w.WriteString("type", "hello");
            w.WriteNumber("version", version);
            w.WriteString("clientId", clientId);
            WriteArray(w, "tenants", tenants);
            w.WriteStartArray("sources");
            foreach (var s in sources) w.WriteStringValue(SourceName(s));
            w.WriteEndArray();
            WriteArray(w, "dns", dns);
            if (resumeFrom is { } r) w.WriteNumber("resumeFrom", r);
            else w.WriteNull("resumeFrom");
            if (streamId is not null) w.WriteString("streamId", streamId);
            if (secret is not null) w.WriteString("secret", secret);
        });

    /// <summary>Encodes a <c>welcome</c> frame.</summary>
    /// <param name="streamId">The server's stream id.</param>
    /// <param name="oldest">The oldest offset held.</param>
    /// <param name="newest">The newest offset.</param>
    /// <returns>The UTF-8 bytes of the frame.</returns>
    public static byte[] EncodeWelcome(string streamId, long oldest, long newest) =>
        Write(w =>
        {
            w.WriteString("type", "welcome");
            w.WriteString("protocol", FeedProtocol.Name);
            w.WriteString("streamId", streamId);
            w.WriteNumber("oldest", oldest);
            w.WriteNumber("newest", newest);
        });

    /// <summary>Encodes an <c>error</c> frame.</summary>
    /// <param name="code">The error code.</param>
    /// <param name="message">What went wrong and what to do.</param>
    /// <returns>The UTF-8 bytes of the frame.</returns>
    public static byte[] EncodeError(string code, string message) =>
        Write(w =>
        {
            w.WriteString("type", "error");
            w.WriteString("code", code);
            w.WriteString("message", message);
        });

    /// <summary>Encodes a <c>bye</c> frame.</summary>
    /// <param name="reason">Why the connection closes.</param>
    /// <returns>The UTF-8 bytes of the frame.</returns>
    public static byte[] EncodeBye(string reason) =>
        Write(w =>
        {
            w.WriteString("type", "bye");
            w.WriteString("reason", reason);
        });

    /// <summary>Decodes one line (without its terminator). Never throws for bad input.</summary>
    /// <param name="line">The UTF-8 bytes of the frame.</param>
    /// <param name="frame">The frame, or <see langword="null"/> when rejected.</param>
    /// <param name="reason">A reason code when rejected: <c>malformed_json</c>, <c>bad_frame</c>, <c>unknown_frame</c>, or an event reason (<c>unknown_event</c>, <c>missing_field</c> ...).</param>
    /// <param name="error">What was wrong, when rejected.</param>
    /// <returns><see langword="true"/> when <paramref name="frame"/> was decoded.</returns>
    public static bool TryDecode(ReadOnlySpan<byte> line, out FeedFrame? frame, out string reason, out string error)
    {
        frame = null;
        reason = "";
        error = "";
        if (TryDecodeEventFast(line, out long offset, out var evt, out var eventError, out var eventKind))
        {
            frame = new FeedFrame { Type = FeedFrameType.Event, Offset = offset, Event = evt };
            return true;
        }

        if (eventError is not null)
        {
            // The frame had the event shape and a valid offset, but the event itself is invalid.
            frame = new FeedFrame { Type = FeedFrameType.Event, Offset = offset };
            reason = EventJson.ReasonCode(eventKind);
            error = $"offset {offset}: {eventError}";
            return false;
        }

        try
        {
            using var doc = JsonDocument.Parse(ToMemory(line), DocumentOptions);
            return DecodeGeneral(doc.RootElement, out frame, out reason, out error);
        }
        catch (JsonException ex)
        {
            reason = "malformed_json";
            error = "invalid JSON: " + ex.Message;
            return false;
        }
        catch (ArgumentException ex)
        {
            reason = "malformed_json";
            error = "invalid JSON: " + ex.Message;
            return false;
        }
    }

    /// <summary>The wire name of a source stream (<c>voice</c>, <c>voice-vq</c>, <c>ixn</c>, <c>ixn-vq</c>).</summary>
    /// <param name="source">The source.</param>
    /// <returns>Its name.</returns>
    public static string SourceName(EventSourceKind source) => EventSourceNames.Of(source);

    private static bool TryParseSource(string name, out EventSourceKind source) => EventSourceNames.TryParse(name, out source);

    /// <summary>The fast path: exactly the shape <see cref="EncodeEvent"/> writes.</summary>
    private static bool TryDecodeEventFast(ReadOnlySpan<byte> line, out long offset, out PulseEvent? evt, out string? eventError, out EventJsonErrorKind kind)
    {
        offset = 0;
        evt = null;
        eventError = null;
        kind = EventJsonErrorKind.None;
        if (!line.StartsWith(EventPrefix)) return false;
        var rest = line[EventPrefix.Length..];
        if (!Utf8Parser.TryParse(rest, out offset, out int consumed) || offset < 1) return false;
        rest = rest[consumed..];
        if (!rest.StartsWith(EventMiddle)) return false;
        rest = rest[EventMiddle.Length..];
        if (rest.Length < 2 || rest[^1] != (byte)'}') return false;
        var body = rest[..^1];
        if (EventJson.TryParse(body, out evt, out eventError, out kind)) return true;

        // A malformed body may just be a frame spelt differently (e.g. trailing fields): let the general path judge.
        if (kind == EventJsonErrorKind.MalformedJson) eventError = null;
        return false;
    }

    private static bool DecodeGeneral(JsonElement root, out FeedFrame? frame, out string reason, out string error)
    {
        frame = null;
        reason = "bad_frame";
        error = "";
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = "a frame must be a JSON object";
            return false;
        }

        if (!root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            error = "field 'type' is required and must be a string";
            return false;
        }

        string type = typeElement.GetString()!;
        switch (type)
        {
            case "event":
                {
                    if (!TryGetInt64(root, "offset", out long offset) || offset < 1)
                    {
                        error = "field 'offset' must be an integer >= 1";
                        return false;
                    }

                    if (!root.TryGetProperty("event", out var e) || e.ValueKind != JsonValueKind.Object)
                    {
                        error = "field 'event' must be an object";
                        return false;
                    }

                    byte[] body = Encoding.UTF8.GetBytes(e.GetRawText());
                    if (!EventJson.TryParse(body, out var evt, out var eventError, out var kind))
                    {
                        frame = new FeedFrame { Type = FeedFrameType.Event, Offset = offset };
                        reason = EventJson.ReasonCode(kind);
                        error = $"offset {offset}: {eventError}";
                        return false;
                    }

                    frame = new FeedFrame { Type = FeedFrameType.Event, Offset = offset, Event = evt };
                    return true;
                }

            case "hello":
                return DecodeHello(root, out frame, out error);
            case "welcome":
                {
                    if (!TryGetString(root, "streamId", out var streamId) || !TryGetInt64(root, "oldest", out long oldest) || !TryGetInt64(root, "newest", out long newest))
                    {
                        error = "a welcome needs 'streamId' (string), 'oldest' and 'newest' (integers)";
                        return false;
                    }

                    frame = new FeedFrame { Type = FeedFrameType.Welcome, StreamId = streamId, Oldest = oldest, Newest = newest };
                    return true;
                }

            case "error":
                {
                    TryGetString(root, "code", out var code);
                    TryGetString(root, "message", out var message);
                    frame = new FeedFrame { Type = FeedFrameType.Error, Code = code ?? "", Message = message ?? "" };
                    return true;
                }

            case "ping":
                frame = new FeedFrame { Type = FeedFrameType.Ping };
                return true;
            case "pong":
                frame = new FeedFrame { Type = FeedFrameType.Pong };
                return true;
            case "bye":
                {
                    TryGetString(root, "reason", out var why);
                    frame = new FeedFrame { Type = FeedFrameType.Bye, Message = why ?? "" };
                    return true;
                }

            default:
                reason = "unknown_frame";
                error = $"unknown frame type '{Truncate(type)}'";
                return false;
        }
    }

    private static bool DecodeHello(JsonElement root, out FeedFrame? frame, out string error)
    {
        frame = null;
        if (!TryGetInt64(root, "version", out long version))
        {
            error = "field 'version' is required and must be an integer";
            return false;
        }

        TryGetString(root, "clientId", out var clientId);
        if (!TryGetStrings(root, "tenants", out var tenants, out error)) return false;
        if (!TryGetStrings(root, "dns", out var dns, out error)) return false;
        if (!TryGetStrings(root, "sources", out var sourceNames, out error)) return false;
        var sources = new List<EventSourceKind>(sourceNames.Count);
        foreach (var name in sourceNames)
        {
            if (!TryParseSource(name, out var s))
            {
                error = $"unknown source '{Truncate(name)}' in 'sources' (voice, voice-vq, ixn, ixn-vq)";
                return false;
            }

            sources.Add(s);
        }

        long? resumeFrom = null;
        if (root.TryGetProperty("resumeFrom", out var r) && r.ValueKind != JsonValueKind.Null)
        {
            if (r.ValueKind != JsonValueKind.Number || !r.TryGetInt64(out long value) || value < 0)
            {
                error = "field 'resumeFrom' must be null or an integer >= 0";
                return false;
            }

            resumeFrom = value;
        }

        TryGetString(root, "streamId", out var streamId);
        TryGetString(root, "secret", out var secret);
        frame = new FeedFrame
        {
            Type = FeedFrameType.Hello,
            Secret = secret,
            Version = (int)Math.Clamp(version, int.MinValue, int.MaxValue),
            ClientId = clientId,
            Tenants = tenants,
            Sources = sources,
            Dns = dns,
            ResumeFrom = resumeFrom,
            StreamId = streamId,
        };
        error = "";
        return true;
    }

    private static bool TryGetInt64(JsonElement root, string name, out long value)
    {
        value = 0;
        return root.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out value);
    }

    private static bool TryGetString(JsonElement root, string name, out string? value)
    {
        value = null;
        if (!root.TryGetProperty(name, out var e) || e.ValueKind != JsonValueKind.String) return false;
        value = e.GetString();
        return true;
    }

    private static bool TryGetStrings(JsonElement root, string name, out List<string> values, out string error)
    {
        values = [];
        error = "";
        if (!root.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null) return true;
        if (e.ValueKind != JsonValueKind.Array)
        {
            error = $"field '{name}' must be an array of strings";
            return false;
        }

        foreach (var item in e.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                error = $"field '{name}' must be an array of strings";
                return false;
            }

            values.Add(item.GetString()!);
        }

        return true;
    }

    private static string Truncate(string s) => s.Length <= 64 ? s : s[..64] + "...";

    private static ReadOnlyMemory<byte> ToMemory(ReadOnlySpan<byte> line) => line.ToArray();

    private static void WriteArray(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}
