using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Pulse.Sdk.Events.Json;

/// <summary>
/// The canonical JSON-lines encoding of <see cref="PulseEvent"/>: one JSON object per line, with plain
/// camelCase field names an integrator can write by hand (see <c>docs/events.md</c>).
/// </summary>
/// <remarks>
/// <para>
/// Fields: <c>seq</c>, <c>time</c>, <c>tenant</c>, <c>source</c> (<c>voice</c>, <c>voice-vq</c>, <c>ixn</c>,
/// <c>ixn-vq</c>) and <c>event</c> (<c>EventQueued</c>, ... or the bare <c>Queued</c>) are required on every
/// line; <c>connId</c>, <c>previousConnId</c>, <c>interactionId</c>, <c>dn</c>, <c>otherDn</c>,
/// <c>thirdPartyDn</c>, <c>queue</c>, <c>previousQueue</c>, <c>agent</c>, <c>workMode</c>, <c>reason</c>,
/// <c>callType</c>, <c>media</c> and <c>data</c> are optional, and which of them an event type needs is
/// checked by <see cref="PulseEvent.Validate"/>.
/// </para>
/// <para>
/// Reading is lenient where it costs nothing to be: unknown fields are ignored (forward compatibility),
/// a <c>null</c> value is the same as an omitted field, enum values and names are matched without regard
/// to case, and non-string scalars in <c>data</c> become their JSON text. Reading is strict where a
/// silent guess would corrupt statistics: wrong JSON types, unknown enum values, a time without an
/// offset and a field given twice are errors.
/// </para>
/// <para>
/// Writing omits <see langword="null"/> fields and enum fields at their default (<c>workMode</c> Unknown,
/// <c>callType</c> Unknown, <c>media</c> Voice), and writes <c>time</c> with all seven fractional digits a
/// <see cref="DateTimeOffset"/> holds when they are not zero, so that <see cref="Serialize"/> then
/// <see cref="Parse"/> gives back an equal event.
/// </para>
/// </remarks>
public static class EventJson
{
    private const int MaxNameChars = 64;

    // Field names, in write order.
    private static readonly JsonEncodedText PSeq = JsonEncodedText.Encode("seq");
    private static readonly JsonEncodedText PTime = JsonEncodedText.Encode("time");
    private static readonly JsonEncodedText PTenant = JsonEncodedText.Encode("tenant");
    private static readonly JsonEncodedText PSource = JsonEncodedText.Encode("source");
    private static readonly JsonEncodedText PEvent = JsonEncodedText.Encode("event");
    private static readonly JsonEncodedText PConnId = JsonEncodedText.Encode("connId");
    private static readonly JsonEncodedText PPreviousConnId = JsonEncodedText.Encode("previousConnId");
    private static readonly JsonEncodedText PInteractionId = JsonEncodedText.Encode("interactionId");
    private static readonly JsonEncodedText PDn = JsonEncodedText.Encode("dn");
    private static readonly JsonEncodedText POtherDn = JsonEncodedText.Encode("otherDn");
    private static readonly JsonEncodedText PThirdPartyDn = JsonEncodedText.Encode("thirdPartyDn");
    private static readonly JsonEncodedText PQueue = JsonEncodedText.Encode("queue");
    private static readonly JsonEncodedText PPreviousQueue = JsonEncodedText.Encode("previousQueue");
    private static readonly JsonEncodedText PAgent = JsonEncodedText.Encode("agent");
    private static readonly JsonEncodedText PWorkMode = JsonEncodedText.Encode("workMode");
    private static readonly JsonEncodedText PReason = JsonEncodedText.Encode("reason");
    private static readonly JsonEncodedText PCallType = JsonEncodedText.Encode("callType");
    private static readonly JsonEncodedText PMedia = JsonEncodedText.Encode("media");
    private static readonly JsonEncodedText PData = JsonEncodedText.Encode("data");

    private static readonly NameTable SourceNames = new(Enum.GetValues<EventSourceKind>().Select(EventSourceNames.Of).ToArray(), aliases: null);

    private static readonly NameTable EventNames = new(
        Enum.GetNames<PulseEventType>().Select(n => "Event" + n).ToArray(),
        aliases: Enum.GetNames<PulseEventType>(),
        excluded: (int)PulseEventType.None);

    private static readonly NameTable WorkModeNames = new(Enum.GetNames<WorkMode>(), aliases: null);
    private static readonly NameTable CallTypeNames = new(Enum.GetNames<CallType>(), aliases: null);
    private static readonly NameTable MediaNames = new(Enum.GetNames<MediaType>(), aliases: null);

    private static readonly JsonWriterOptions SerializeOptions = new()
    {
        // Keeps non-ASCII names and '+' readable; control characters, quotes and backslashes are still escaped,
        // so a serialized event never spans two lines.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        MaxDepth = 8,
    };

    [ThreadStatic] private static SerializeState? t_serializeState;

    /// <summary>
    /// Decodes one line (without its line terminator). Never throws for bad input.
    /// </summary>
    /// <param name="utf8Line">The UTF-8 bytes of one JSON object.</param>
    /// <param name="evt">The decoded, validated event; <see langword="null"/> when the line is rejected.</param>
    /// <param name="error">Why the line was rejected, naming the field (for example
    /// <c>field 'seq' must be an integer</c>); <see langword="null"/> on success.</param>
    /// <returns><see langword="true"/> when <paramref name="evt"/> was decoded and passed <see cref="PulseEvent.Validate"/>.</returns>
    public static bool TryParse(ReadOnlySpan<byte> utf8Line, [NotNullWhen(true)] out PulseEvent? evt, [NotNullWhen(false)] out string? error) =>
        TryParse(utf8Line, out evt, out error, out _);

    /// <summary>
    /// Decodes one line (without its line terminator) and says which kind of error rejected it. Never throws for bad input.
    /// </summary>
    /// <param name="utf8Line">The UTF-8 bytes of one JSON object.</param>
    /// <param name="evt">The decoded, validated event; <see langword="null"/> when the line is rejected.</param>
    /// <param name="error">Why the line was rejected, naming the field; <see langword="null"/> on success.</param>
    /// <param name="errorKind">The class of the error, for metrics (<see cref="ReasonCode"/>); <see cref="EventJsonErrorKind.None"/> on success.</param>
    /// <returns><see langword="true"/> when <paramref name="evt"/> was decoded and passed <see cref="PulseEvent.Validate"/>.</returns>
    public static bool TryParse(ReadOnlySpan<byte> utf8Line, [NotNullWhen(true)] out PulseEvent? evt, [NotNullWhen(false)] out string? error, out EventJsonErrorKind errorKind)
    {
        try
        {
            errorKind = ParseCore(utf8Line, out evt, out error);
        }
        catch (JsonException ex)
        {
            errorKind = EventJsonErrorKind.MalformedJson;
            evt = null;
            error = $"invalid JSON at byte {ex.BytePositionInLine ?? 0}: {TrimPosition(ex.Message)}";
        }
        catch (InvalidOperationException ex)
        {
            // Utf8JsonReader reports invalid UTF-8 inside a string this way.
            errorKind = EventJsonErrorKind.MalformedJson;
            evt = null;
            error = "invalid JSON: " + ex.Message;
        }

        if (evt is not null) return true;
        error ??= "invalid event";
        return false;
    }

    /// <summary>Decodes one line and throws when it is rejected.</summary>
    /// <param name="line">One JSON object, without its line terminator.</param>
    /// <returns>The decoded, validated event.</returns>
    /// <exception cref="FormatException">The line is not a valid event; the message says why, naming the field.</exception>
    public static PulseEvent Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        int max = Encoding.UTF8.GetMaxByteCount(line.Length);
        byte[]? rented = null;
        Span<byte> buffer = max <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            int n = Encoding.UTF8.GetBytes(line, buffer);
            if (TryParse(buffer[..n], out var evt, out var error)) return evt;
            throw new FormatException(error);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// The short code of an error kind, used as the <c>reason</c> tag of <c>pulse_events_rejected_total</c>:
    /// <c>malformed_json</c>, <c>invalid_field</c>, <c>unknown_event</c>, <c>missing_field</c>, <c>line_too_long</c>.
    /// </summary>
    /// <param name="kind">The error kind.</param>
    /// <returns>The code; <c>none</c> for <see cref="EventJsonErrorKind.None"/>.</returns>
    public static string ReasonCode(EventJsonErrorKind kind) => kind switch
    {
        EventJsonErrorKind.MalformedJson => "malformed_json",
        EventJsonErrorKind.InvalidField => "invalid_field",
        EventJsonErrorKind.UnknownEvent => "unknown_event",
        EventJsonErrorKind.MissingField => "missing_field",
        EventJsonErrorKind.LineTooLong => "line_too_long",
        _ => "none",
    };

    /// <summary>
    /// Writes <paramref name="evt"/> as one JSON object (no line terminator). The event is not validated;
    /// call <see cref="PulseEvent.Validate"/> first when it may be incomplete.
    /// </summary>
    /// <param name="writer">The writer; its encoder decides how non-ASCII text is escaped.</param>
    /// <param name="evt">The event.</param>
    /// <exception cref="ArgumentException">The event's type is <see cref="PulseEventType.None"/>, or an enum field holds an undefined value.</exception>
    public static void Write(Utf8JsonWriter writer, PulseEvent evt)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(evt);
        if (evt.Type == PulseEventType.None) throw new ArgumentException("an event of type None cannot be written", nameof(evt));

        writer.WriteStartObject();
        writer.WriteNumber(PSeq, evt.Seq);

        // The time carries only ASCII digits, '-', ':', '.', 'T', 'Z' and '+': written raw, so that the
        // writer's encoder does not turn '+' into \u002B.
        Span<byte> time = stackalloc byte[48];
        int timeLength = FormatTime(evt.Time, time);
        writer.WritePropertyName(PTime);
        writer.WriteRawValue(time[..timeLength], skipInputValidation: true);

        writer.WriteString(PTenant, evt.Tenant);
        writer.WriteString(PSource, SourceNames.Encoded((int)evt.Source, nameof(evt.Source)));
        writer.WriteString(PEvent, EventNames.Encoded((int)evt.Type, nameof(evt.Type)));
        WriteOptional(writer, PConnId, evt.ConnId);
        WriteOptional(writer, PPreviousConnId, evt.PreviousConnId);
        WriteOptional(writer, PInteractionId, evt.InteractionId);
        WriteOptional(writer, PDn, evt.Dn);
        WriteOptional(writer, POtherDn, evt.OtherDn);
        WriteOptional(writer, PThirdPartyDn, evt.ThirdPartyDn);
        WriteOptional(writer, PQueue, evt.Queue);
        WriteOptional(writer, PPreviousQueue, evt.PreviousQueue);
        WriteOptional(writer, PAgent, evt.Agent);
        if (evt.WorkMode != WorkMode.Unknown) writer.WriteString(PWorkMode, WorkModeNames.Encoded((int)evt.WorkMode, nameof(evt.WorkMode)));
        WriteOptional(writer, PReason, evt.Reason);
        if (evt.CallType != CallType.Unknown) writer.WriteString(PCallType, CallTypeNames.Encoded((int)evt.CallType, nameof(evt.CallType)));
        if (evt.Media != MediaType.Voice) writer.WriteString(PMedia, MediaNames.Encoded((int)evt.Media, nameof(evt.Media)));
        if (evt.Data is { } data)
        {
            writer.WriteStartObject(PData);
            if (data is Dictionary<string, string> dictionary)
            {
                foreach (var (key, value) in dictionary) writer.WriteString(key, value);
            }
            else
            {
                foreach (var (key, value) in data) writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>Encodes <paramref name="evt"/> as one JSON line (without the line terminator).</summary>
    /// <param name="evt">The event.</param>
    /// <returns>The JSON object as a string; non-ASCII text is kept as is, control characters are escaped.</returns>
    /// <exception cref="ArgumentException">As for <see cref="Write"/>.</exception>
    public static string Serialize(PulseEvent evt)
    {
        var state = RentState();
        try
        {
            Write(state.Writer, evt);
            state.Writer.Flush();
            return Encoding.UTF8.GetString(state.Buffer.WrittenSpan);
        }
        finally
        {
            ReturnState(state);
        }
    }

    /// <summary>Encodes <paramref name="evt"/> as the UTF-8 bytes of one JSON line, with a terminating <c>\n</c>.</summary>
    /// <param name="evt">The event.</param>
    /// <returns>The bytes to append to a JSON-lines file or stream.</returns>
    /// <exception cref="ArgumentException">As for <see cref="Write"/>.</exception>
    public static byte[] SerializeLineToUtf8Bytes(PulseEvent evt)
    {
        var state = RentState();
        try
        {
            Write(state.Writer, evt);
            state.Writer.Flush();
            var written = state.Buffer.WrittenSpan;
            var bytes = new byte[written.Length + 1];
            written.CopyTo(bytes);
            bytes[^1] = (byte)'\n';
            return bytes;
        }
        finally
        {
            ReturnState(state);
        }
    }

    private static SerializeState RentState()
    {
        var state = t_serializeState;
        if (state is null) return new SerializeState();
        t_serializeState = null; // taken: a re-entrant call builds its own
        return state;
    }

    private static void ReturnState(SerializeState state)
    {
        if (state.Buffer.Capacity > 64 * 1024) return; // do not keep a huge buffer alive
        state.Buffer.ResetWrittenCount();
        state.Writer.Reset(state.Buffer);
        t_serializeState = state;
    }

    private static void WriteOptional(Utf8JsonWriter writer, JsonEncodedText name, string? value)
    {
        if (value is not null) writer.WriteString(name, value);
    }

    /// <summary>Formats the quoted time: milliseconds always, then the remaining digits of the tick when not zero, then Z or ±hh:mm.</summary>
    private static int FormatTime(DateTimeOffset time, Span<byte> destination)
    {
        destination[0] = (byte)'"';
        int n = 1;
        bool ok = time.TryFormat(destination[n..], out int written, "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff", CultureInfo.InvariantCulture);
        n += written;

        // "fffFFFF" would not do: each F group is the leading digits again. Write ticks below the millisecond by hand.
        int subMillisecond = (int)(time.Ticks % TimeSpan.TicksPerMillisecond);
        if (ok && subMillisecond != 0)
        {
            int digits = 4;
            while (subMillisecond % 10 == 0)
            {
                subMillisecond /= 10;
                digits--;
            }

            for (int i = digits - 1; i >= 0; i--)
            {
                destination[n + i] = (byte)('0' + (subMillisecond % 10));
                subMillisecond /= 10;
            }

            n += digits;
        }

        if (ok && time.Offset == TimeSpan.Zero)
        {
            destination[n++] = (byte)'Z';
        }
        else if (ok)
        {
            ok = time.TryFormat(destination[n..], out written, "zzz", CultureInfo.InvariantCulture);
            n += written;
        }

        if (!ok) throw new InvalidOperationException("time formatting overflowed its buffer");
        destination[n++] = (byte)'"';
        return n;
    }

    private static string TrimPosition(string message)
    {
        int i = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (i > 0) message = message[..i];
        return message.Replace(" Change the reader options.", "", StringComparison.Ordinal);
    }

    private static EventJsonErrorKind Fail(EventJsonErrorKind kind, string message, out PulseEvent? evt, out string? error)
    {
        evt = null;
        error = message;
        return kind;
    }

    private static EventJsonErrorKind ParseCore(ReadOnlySpan<byte> utf8, out PulseEvent? evt, out string? error)
    {
        if (utf8.Trim(" \t\r\n"u8).IsEmpty)
            return Fail(EventJsonErrorKind.MalformedJson, "invalid JSON at byte 0: the line is empty", out evt, out error);
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        if (!reader.Read())
            return Fail(EventJsonErrorKind.MalformedJson, "invalid JSON at byte 0: the line is empty", out evt, out error);
        if (reader.TokenType != JsonTokenType.StartObject)
            return Fail(EventJsonErrorKind.MalformedJson, $"invalid JSON at byte 0: a line must be a JSON object, found {Describe(reader.TokenType)}", out evt, out error);

        Span<char> scratch = stackalloc char[MaxNameChars];
        uint seen = 0;
        long seq = 0;
        DateTimeOffset time = default;
        string? tenant = null, connId = null, previousConnId = null, interactionId = null, dn = null, otherDn = null,
            thirdPartyDn = null, queue = null, previousQueue = null, agent = null, reason = null;
        int source = -1, type = -1, workMode = 0, callType = 0, media = 0;
        Dictionary<string, string>? data = null;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            Field field = MatchField(ref reader);
            reader.Read();
            if (field == Field.Unknown)
            {
                reader.Skip();
                continue;
            }

            uint bit = 1u << (int)field;
            if ((seen & bit) != 0)
                return Fail(EventJsonErrorKind.InvalidField, $"field '{FieldName(field)}' appears more than once", out evt, out error);
            if (reader.TokenType == JsonTokenType.Null) continue; // null = omitted
            seen |= bit;

            string? fieldError = null;
            EventJsonErrorKind fieldKind = EventJsonErrorKind.InvalidField;
            switch (field)
            {
                case Field.Seq:
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out seq))
                        fieldError = "field 'seq' must be an integer";
                    else if (seq < 0)
                        fieldError = "field 'seq' must not be negative";
                    break;
                case Field.Time:
                    fieldError = ReadTime(ref reader, out time);
                    break;
                case Field.Tenant: fieldError = ReadString(ref reader, field, intern: true, out tenant); break;
                case Field.ConnId: fieldError = ReadString(ref reader, field, intern: false, out connId); break;
                case Field.PreviousConnId: fieldError = ReadString(ref reader, field, intern: false, out previousConnId); break;
                case Field.InteractionId: fieldError = ReadString(ref reader, field, intern: false, out interactionId); break;
                case Field.Dn: fieldError = ReadString(ref reader, field, intern: true, out dn); break;
                case Field.OtherDn: fieldError = ReadString(ref reader, field, intern: false, out otherDn); break;
                case Field.ThirdPartyDn: fieldError = ReadString(ref reader, field, intern: true, out thirdPartyDn); break;
                case Field.Queue: fieldError = ReadString(ref reader, field, intern: true, out queue); break;
                case Field.PreviousQueue: fieldError = ReadString(ref reader, field, intern: true, out previousQueue); break;
                case Field.Agent: fieldError = ReadString(ref reader, field, intern: true, out agent); break;
                case Field.Reason: fieldError = ReadString(ref reader, field, intern: true, out reason); break;
                case Field.Source: fieldError = ReadName(ref reader, field, SourceNames, scratch, out source); break;
                case Field.WorkMode: fieldError = ReadName(ref reader, field, WorkModeNames, scratch, out workMode); break;
                case Field.CallType: fieldError = ReadName(ref reader, field, CallTypeNames, scratch, out callType); break;
                case Field.Media: fieldError = ReadName(ref reader, field, MediaNames, scratch, out media); break;
                case Field.Event:
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        fieldError = "field 'event' must be a string";
                    }
                    else if (!EventNames.TryLookup(ref reader, scratch, out type))
                    {
                        fieldError = $"unknown event name '{Shorten(reader.GetString())}'";
                        fieldKind = EventJsonErrorKind.UnknownEvent;
                    }

                    break;
                case Field.Data:
                    fieldError = ReadData(ref reader, out data);
                    break;
            }

            if (fieldError is not null) return Fail(fieldKind, fieldError, out evt, out error);
        }

        // The loop ends on the object's end; anything after it is an error (Read throws on garbage).
        if (reader.Read())
            return Fail(EventJsonErrorKind.MalformedJson, $"invalid JSON at byte {reader.TokenStartIndex}: more than one JSON value on the line", out evt, out error);

        if ((seen & (1u << (int)Field.Seq)) == 0) return Fail(EventJsonErrorKind.MissingField, "field 'seq' is required", out evt, out error);
        if ((seen & (1u << (int)Field.Time)) == 0) return Fail(EventJsonErrorKind.MissingField, "field 'time' is required", out evt, out error);
        if ((seen & (1u << (int)Field.Source)) == 0) return Fail(EventJsonErrorKind.MissingField, "field 'source' is required", out evt, out error);

        var result = new PulseEvent
        {
            Seq = seq,
            Time = time,
            Tenant = tenant ?? "",
            Source = (EventSourceKind)source,
            Type = type < 0 ? PulseEventType.None : (PulseEventType)type,
            ConnId = connId,
            PreviousConnId = previousConnId,
            InteractionId = interactionId,
            Dn = dn,
            OtherDn = otherDn,
            ThirdPartyDn = thirdPartyDn,
            Queue = queue,
            PreviousQueue = previousQueue,
            Agent = agent,
            WorkMode = (WorkMode)workMode,
            Reason = reason,
            CallType = (CallType)callType,
            Media = (MediaType)media,
            Data = data,
        };

        string? invalid = result.Validate();
        if (invalid is not null) return Fail(EventJsonErrorKind.MissingField, invalid, out evt, out error);

        evt = result;
        error = null;
        return EventJsonErrorKind.None;
    }

    private static string? ReadTime(ref Utf8JsonReader reader, out DateTimeOffset time)
    {
        time = default;
        const string expected = "field 'time' must be an ISO-8601 date and time with an offset, e.g. \"2026-11-26T10:00:00.000Z\"";
        if (reader.TokenType != JsonTokenType.String) return expected;

        ReadOnlySpan<byte> value = reader.ValueSpan;
        if (reader.ValueIsEscaped || value.Length < 20) return expected; // yyyy-MM-ddTHH:mm:ssZ is the shortest form

        // An offset is required: Utf8JsonReader would otherwise take the machine's local offset.
        byte last = value[^1];
        bool hasOffset = last is (byte)'Z' or (byte)'z'
            || (value[^6] is (byte)'+' or (byte)'-' && value[^3] == (byte)':' && value.IndexOf((byte)'T') > 0);
        if (!hasOffset || !reader.TryGetDateTimeOffset(out time)) return expected;
        return null;
    }

    private static string? ReadString(ref Utf8JsonReader reader, Field field, bool intern, out string? value)
    {
        value = null;
        if (reader.TokenType != JsonTokenType.String) return $"field '{FieldName(field)}' must be a string, not {Describe(reader.TokenType)}";
        if (intern && !reader.ValueIsEscaped) value = Utf8StringCache.Get(reader.ValueSpan);
        if (value is not null) return null;
        try
        {
            value = reader.GetString();
            return null;
        }
        catch (InvalidOperationException)
        {
            return $"field '{FieldName(field)}' is not valid UTF-8";
        }
    }

    private static string? ReadName(ref Utf8JsonReader reader, Field field, NameTable table, scoped Span<char> scratch, out int value)
    {
        value = 0;
        if (reader.TokenType != JsonTokenType.String) return $"field '{FieldName(field)}' must be a string, not {Describe(reader.TokenType)}";
        if (table.TryLookup(ref reader, scratch, out value)) return null;
        return $"field '{FieldName(field)}' has unknown value '{Shorten(reader.GetString())}' (expected one of {table.Expected})";
    }

    private static string? ReadData(ref Utf8JsonReader reader, out Dictionary<string, string>? data)
    {
        data = null;
        if (reader.TokenType != JsonTokenType.StartObject) return $"field 'data' must be an object of strings, not {Describe(reader.TokenType)}";

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string? key = reader.ValueIsEscaped ? null : Utf8StringCache.Get(reader.ValueSpan);
            key ??= reader.GetString()!;
            reader.Read();
            string? value;
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    value = reader.ValueIsEscaped ? null : Utf8StringCache.Get(reader.ValueSpan);
                    value ??= reader.GetString()!;
                    break;
                case JsonTokenType.Number:
                    value = Encoding.UTF8.GetString(reader.ValueSpan); // the number's JSON text, as written
                    break;
                case JsonTokenType.True:
                    value = "true";
                    break;
                case JsonTokenType.False:
                    value = "false";
                    break;
                case JsonTokenType.Null:
                    continue; // a null entry is an absent entry
                default:
                    return $"field 'data' entry '{Shorten(key)}' must be a string, number or boolean, not {Describe(reader.TokenType)}";
            }

            result[key] = value;
        }

        data = result;
        return null;
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    private static string Shorten(string? value)
    {
        value ??= "";
        return value.Length <= MaxNameChars ? value : string.Concat(value.AsSpan(0, MaxNameChars), "...");
    }

    private enum Field
    {
        Unknown = 0,
        Seq,
        Time,
        Tenant,
        Source,
        Event,
        ConnId,
        PreviousConnId,
        InteractionId,
        Dn,
        OtherDn,
        ThirdPartyDn,
        Queue,
        PreviousQueue,
        Agent,
        WorkMode,
        Reason,
        CallType,
        Media,
        Data,
    }

    private static readonly string[] FieldNames =
    [
        "", "seq", "time", "tenant", "source", "event", "connId", "previousConnId", "interactionId", "dn", "otherDn",
        "thirdPartyDn", "queue", "previousQueue", "agent", "workMode", "reason", "callType", "media", "data",
    ];

    private static string FieldName(Field field) => FieldNames[(int)field];

    private static Field MatchField(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped)
        {
            // Rare: a hand-escaped field name. Compare unescaped text against every name.
            for (int i = 1; i < FieldNames.Length; i++)
            {
                if (reader.ValueTextEquals(FieldNames[i])) return (Field)i;
            }

            return Field.Unknown;
        }

        ReadOnlySpan<byte> n = reader.ValueSpan;
        switch (n.Length)
        {
            case 2:
                if (n.SequenceEqual("dn"u8)) return Field.Dn;
                break;
            case 3:
                if (n.SequenceEqual("seq"u8)) return Field.Seq;
                break;
            case 4:
                if (n.SequenceEqual("time"u8)) return Field.Time;
                if (n.SequenceEqual("data"u8)) return Field.Data;
                break;
            case 5:
                if (n.SequenceEqual("event"u8)) return Field.Event;
                if (n.SequenceEqual("queue"u8)) return Field.Queue;
                if (n.SequenceEqual("agent"u8)) return Field.Agent;
                if (n.SequenceEqual("media"u8)) return Field.Media;
                break;
            case 6:
                if (n.SequenceEqual("tenant"u8)) return Field.Tenant;
                if (n.SequenceEqual("source"u8)) return Field.Source;
                if (n.SequenceEqual("connId"u8)) return Field.ConnId;
                if (n.SequenceEqual("reason"u8)) return Field.Reason;
                break;
            case 7:
                if (n.SequenceEqual("otherDn"u8)) return Field.OtherDn;
                break;
            case 8:
                if (n.SequenceEqual("workMode"u8)) return Field.WorkMode;
                if (n.SequenceEqual("callType"u8)) return Field.CallType;
                break;
            case 12:
                if (n.SequenceEqual("thirdPartyDn"u8)) return Field.ThirdPartyDn;
                break;
            case 13:
                if (n.SequenceEqual("interactionId"u8)) return Field.InteractionId;
                if (n.SequenceEqual("previousQueue"u8)) return Field.PreviousQueue;
                break;
            case 14:
                if (n.SequenceEqual("previousConnId"u8)) return Field.PreviousConnId;
                break;
        }

        return Field.Unknown;
    }

    /// <summary>JSON names of one enum: encoded for writing by value, looked up without regard to case for reading.</summary>
    private sealed class NameTable
    {
        private readonly JsonEncodedText[] _encoded;
        private readonly bool[] _writable;
        private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

        public NameTable(string[] names, string[]? aliases, int excluded = -1)
        {
            _encoded = new JsonEncodedText[names.Length];
            _writable = new bool[names.Length];
            var map = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < names.Length; i++)
            {
                if (i == excluded) continue;
                _encoded[i] = JsonEncodedText.Encode(names[i]);
                _writable[i] = true;
                map[names[i]] = i;
                if (aliases is not null) map[aliases[i]] = i;
            }

            _lookup = map.GetAlternateLookup<ReadOnlySpan<char>>();
            Expected = string.Join(", ", names.Where((_, i) => i != excluded));
        }

        /// <summary>The accepted names, for error messages.</summary>
        public string Expected { get; }

        public JsonEncodedText Encoded(int value, string field)
        {
            if ((uint)value >= (uint)_encoded.Length || !_writable[value])
                throw new ArgumentException($"{field} has a value that cannot be written: {value}", nameof(field));
            return _encoded[value];
        }

        public bool TryLookup(ref Utf8JsonReader reader, scoped Span<char> scratch, out int value)
        {
            value = -1;
            if (reader.ValueSpan.Length > scratch.Length) return false; // longer than any name
            int n;
            try
            {
                n = reader.CopyString(scratch);
            }
            catch (InvalidOperationException)
            {
                return false; // invalid UTF-8: reported as an unknown value by the caller (GetString then throws and is caught)
            }

            return _lookup.TryGetValue(scratch[..n], out value);
        }
    }

    private sealed class SerializeState
    {
        public SerializeState()
        {
            Buffer = new ArrayBufferWriter<byte>(512);
            Writer = new Utf8JsonWriter(Buffer, SerializeOptions);
        }

        public ArrayBufferWriter<byte> Buffer { get; }

        public Utf8JsonWriter Writer { get; }
    }
}
