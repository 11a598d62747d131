using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Pulse.Sdk.Events;
using Pulse.Sdk.Events.Json;
using Pulse.Sdk.Tests.Support;

namespace Pulse.Sdk.Tests.Events;

public class EventJsonTests
{
    private const string Head = "\"seq\":7,\"time\":\"2026-11-26T10:00:00.000Z\",\"tenant\":\"acme\",\"source\":\"voice\"";

    private static (bool Ok, PulseEvent? Event, string? Error, EventJsonErrorKind Kind) Decode(string line)
    {
        bool ok = EventJson.TryParse(Encoding.UTF8.GetBytes(line), out var evt, out var error, out var kind);
        return (ok, evt, error, kind);
    }

    private static PulseEvent FullEvent(PulseEventType type) => new()
    {
        Seq = 42,
        Time = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.FromHours(2)).AddTicks(1234567),
        Tenant = "acme",
        Source = type >= PulseEventType.InteractionSubmitted ? EventSourceKind.Ixn : EventSourceKind.Voice,
        Type = type,
        ConnId = "006e02a7c1f0a001",
        PreviousConnId = "006e02a7c1f0a000",
        InteractionId = "0002Xa7Chat0001",
        Dn = "5001",
        OtherDn = "+14155550100",
        ThirdPartyDn = "5002",
        Queue = "8001",
        PreviousQueue = "iq_in",
        Agent = "a1001",
        WorkMode = WorkMode.AfterCallWork,
        Reason = "Break",
        CallType = CallType.Inbound,
        Media = MediaType.Chat,
        Data = new Dictionary<string, string> { ["Language"] = "English", ["Segment"] = "Gold" },
    };

    public static TheoryData<PulseEventType> EveryEventType()
    {
        var data = new TheoryData<PulseEventType>();
        foreach (var t in Enum.GetValues<PulseEventType>())
        {
            if (t != PulseEventType.None) data.Add(t);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryEventType))]
    public void Every_event_type_round_trips_with_every_field(PulseEventType type)
    {
        var evt = FullEvent(type);
        string json = EventJson.Serialize(evt);
        Assert.Contains($"\"event\":\"Event{type}\"", json);
        EventAssert.Equal(evt, EventJson.Parse(json));
    }

    [Theory]
    [MemberData(nameof(EveryEventType))]
    public void Bare_event_names_are_accepted(PulseEventType type)
    {
        string json = EventJson.Serialize(FullEvent(type)).Replace($"\"Event{type}\"", $"\"{type}\"", StringComparison.Ordinal);
        Assert.Equal(type, EventJson.Parse(json).Type);
    }

    [Fact]
    public void Minimal_event_is_written_without_defaults_or_nulls()
    {
        var evt = new PulseEvent
        {
            Seq = 1,
            Time = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero),
            Tenant = "acme",
            Source = EventSourceKind.VoiceVq,
            Type = PulseEventType.Abandoned,
            ConnId = "c1",
            Dn = "9001",
        };

        Assert.Equal(
            "{\"seq\":1,\"time\":\"2026-11-26T10:00:00.000Z\",\"tenant\":\"acme\",\"source\":\"voice-vq\",\"event\":\"EventAbandoned\",\"connId\":\"c1\",\"dn\":\"9001\"}",
            EventJson.Serialize(evt));
    }

    [Fact]
    public void Time_keeps_every_tick_and_the_offset()
    {
        var time = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.FromMinutes(-330)).AddTicks(1);
        var evt = EventJson.Parse(EventJson.Serialize(FullEvent(PulseEventType.Queued) with { Time = time }));
        Assert.Equal(time.Ticks, evt.Time.Ticks);
        Assert.Equal(time.Offset, evt.Time.Offset);
        Assert.Contains("\"time\":\"2026-11-26T10:00:00.0000001-05:30\"", EventJson.Serialize(evt));
    }

    [Theory]
    [InlineData("2026-11-26T10:00:00Z", 0)]
    [InlineData("2026-11-26T10:00:00.5Z", 5_000_000)]
    [InlineData("2026-11-26T10:00:00.123+01:00", 1_230_000)]
    [InlineData("2026-11-26T10:00:00.1234567-08:00", 1_234_567)]
    public void Time_accepts_iso_8601_with_an_offset(string time, long fractionTicks)
    {
        var evt = EventJson.Parse("{" + Head.Replace("2026-11-26T10:00:00.000Z", time, StringComparison.Ordinal) + ",\"event\":\"EventAgentReady\",\"agent\":\"a1\"}");
        Assert.Equal(fractionTicks, evt.Time.Ticks % TimeSpan.TicksPerSecond);
    }

    [Fact]
    public void Non_ascii_text_is_kept_readable_and_control_characters_escaped()
    {
        var evt = FullEvent(PulseEventType.Queued) with
        {
            Agent = "José \"Pepe\" Núñez",
            Data = new Dictionary<string, string> { ["Note"] = "line1\nline2\t\\ 😀", ["Ключ"] = "значение" },
        };
        string json = EventJson.Serialize(evt);
        Assert.DoesNotContain('\n', json);
        Assert.Contains("José \\\"Pepe\\\" Núñez", json);
        Assert.Contains("\"Ключ\":\"значение\"", json);
        Assert.Contains("+02:00", json);
        EventAssert.Equal(evt, EventJson.Parse(json));
    }

    [Fact]
    public void Write_to_a_caller_writer_with_default_escaping_round_trips()
    {
        var evt = FullEvent(PulseEventType.PartyChanged) with { Agent = "José <a&b>" };
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.Default }))
        {
            EventJson.Write(writer, evt);
        }

        Assert.True(EventJson.TryParse(stream.ToArray(), out var back, out var error), error);
        EventAssert.Equal(evt, back);
    }

    [Fact]
    public void SerializeLineToUtf8Bytes_ends_with_a_newline()
    {
        var evt = FullEvent(PulseEventType.Released);
        byte[] bytes = EventJson.SerializeLineToUtf8Bytes(evt);
        Assert.Equal((byte)'\n', bytes[^1]);
        Assert.Equal(EventJson.Serialize(evt), Encoding.UTF8.GetString(bytes, 0, bytes.Length - 1));
    }

    [Fact]
    public void Write_refuses_an_event_without_type_or_with_an_undefined_enum()
    {
        var ok = FullEvent(PulseEventType.Queued);
        Assert.Throws<ArgumentException>(() => EventJson.Serialize(ok with { Type = PulseEventType.None }));
        Assert.Throws<ArgumentException>(() => EventJson.Serialize(ok with { Type = (PulseEventType)999 }));
        Assert.Throws<ArgumentException>(() => EventJson.Serialize(ok with { Media = (MediaType)999 }));
        Assert.Throws<ArgumentException>(() => EventJson.Serialize(ok with { Source = (EventSourceKind)999 }));
    }

    [Fact]
    public void Reading_is_lenient_on_case_nulls_unknown_fields_and_scalar_data()
    {
        string line = "{" + Head.Replace("\"voice\"", "\"VOICE\"", StringComparison.Ordinal)
            + ",\"event\":\"eventqueued\",\"connId\":\"c1\",\"dn\":\"8001\",\"agent\":null,\"media\":\"email\",\"callType\":\"inbound\","
            + "\"future\":{\"nested\":[1,2,{\"x\":null}]},\"alsoFuture\":[],"
            + "\"data\":{\"n\":1.50,\"i\":-3,\"t\":true,\"f\":false,\"z\":null,\"s\":\"x\",\"s\":\"last wins\"}}";
        var evt = EventJson.Parse(line);
        Assert.Equal(PulseEventType.Queued, evt.Type);
        Assert.Equal(EventSourceKind.Voice, evt.Source);
        Assert.Null(evt.Agent);
        Assert.Equal(MediaType.EMail, evt.Media);
        Assert.Equal(CallType.Inbound, evt.CallType);
        Assert.Equal(new Dictionary<string, string> { ["n"] = "1.50", ["i"] = "-3", ["t"] = "true", ["f"] = "false", ["s"] = "last wins" }, evt.Data);
    }

    [Fact]
    public void Escaped_field_names_and_values_are_understood()
    {
        var evt = EventJson.Parse("{\"s\\u0065q\":3,\"time\":\"2026-11-26T10:00:00Z\",\"tenant\":\"ac\\u006de\",\"source\":\"ixn\",\"event\":\"Event\\u0050artyAdded\",\"interactionId\":\"i1\",\"agent\":\"a\\/1\"}");
        Assert.Equal(3, evt.Seq);
        Assert.Equal("acme", evt.Tenant);
        Assert.Equal(PulseEventType.PartyAdded, evt.Type);
        Assert.Equal("a/1", evt.Agent);
    }

    [Fact]
    public void Repeated_short_strings_are_shared()
    {
        // The cache is process-wide and direct-mapped: a test running in parallel may evict an entry
        // between two parses, so two consecutive parses out of a few must share their strings.
        const string line = "{" + Head + ",\"event\":\"EventAgentReady\",\"agent\":\"a1001\",\"dn\":\"5001\"}";
        var previous = EventJson.Parse(line);
        bool shared = false;
        for (int i = 0; i < 10 && !shared; i++)
        {
            var current = EventJson.Parse(line);
            shared = ReferenceEquals(previous.Agent, current.Agent) && ReferenceEquals(previous.Tenant, current.Tenant) && ReferenceEquals(previous.Dn, current.Dn);
            previous = current;
        }

        Assert.True(shared);
    }

    public static TheoryData<string, EventJsonErrorKind, string> BadLines() => new()
    {
        { "{\"seq\":\"7\"," + Head[8..] + ",\"event\":\"EventAgentReady\",\"agent\":\"a1\"}", EventJsonErrorKind.InvalidField, "field 'seq' must be an integer" },
        { "{\"seq\":7.5," + Head[8..] + ",\"event\":\"EventAgentReady\",\"agent\":\"a1\"}", EventJsonErrorKind.InvalidField, "field 'seq' must be an integer" },
        { "{\"seq\":-1," + Head[8..] + ",\"event\":\"EventAgentReady\",\"agent\":\"a1\"}", EventJsonErrorKind.InvalidField, "field 'seq' must not be negative" },
        { "{" + Head + ",\"event\":\"EventFoo\",\"agent\":\"a1\"}", EventJsonErrorKind.UnknownEvent, "unknown event name 'EventFoo'" },
        { "{" + Head + ",\"event\":\"None\",\"agent\":\"a1\"}", EventJsonErrorKind.UnknownEvent, "unknown event name 'None'" },
        { "{" + Head + ",\"event\":17}", EventJsonErrorKind.InvalidField, "field 'event' must be a string" },
        { "{" + Head + ",\"event\":\"EventAgentReady\",\"agent\":\"a1\",\"workMode\":\"Lunch\"}", EventJsonErrorKind.InvalidField, "field 'workMode' has unknown value 'Lunch' (expected one of Unknown, ManualIn, AutoIn, AfterCallWork," },
        { "{" + Head.Replace("\"voice\"", "\"sip\"", StringComparison.Ordinal) + ",\"event\":\"EventAgentReady\",\"agent\":\"a1\"}", EventJsonErrorKind.InvalidField, "field 'source' has unknown value 'sip' (expected one of voice, voice-vq, ixn, ixn-vq)" },
        { "{" + Head + ",\"event\":\"EventQueued\",\"connId\":\"c1\",\"dn\":8001}", EventJsonErrorKind.InvalidField, "field 'dn' must be a string, not a number" },
        { "{" + Head + ",\"event\":\"EventQueued\",\"connId\":\"c1\",\"dn\":\"8001\",\"dn\":\"8002\"}", EventJsonErrorKind.InvalidField, "field 'dn' appears more than once" },
        { "{" + Head + ",\"event\":\"EventQueued\",\"connId\":\"c1\",\"dn\":\"8001\",\"data\":[\"a\"]}", EventJsonErrorKind.InvalidField, "field 'data' must be an object of strings, not an array" },
        { "{" + Head + ",\"event\":\"EventQueued\",\"connId\":\"c1\",\"dn\":\"8001\",\"data\":{\"vip\":{\"a\":1}}}", EventJsonErrorKind.InvalidField, "field 'data' entry 'vip' must be a string, number or boolean, not an object" },
        { "{" + Head.Replace("2026-11-26T10:00:00.000Z", "2026-11-26T10:00:00", StringComparison.Ordinal) + ",\"event\":\"EventAgentReady\",\"agent\":\"a1\"}", EventJsonErrorKind.InvalidField, "field 'time' must be an ISO-8601 date and time with an offset" },
        { "{" + Head.Replace("2026-11-26T10:00:00.000Z", "yesterday at noon, UTC+01:00", StringComparison.Ordinal) + ",\"event\":\"EventAgentReady\",\"agent\":\"a1\"}", EventJsonErrorKind.InvalidField, "field 'time' must be an ISO-8601" },
        { "{" + Head.Replace("\"2026-11-26T10:00:00.000Z\"", "1764151200", StringComparison.Ordinal) + ",\"event\":\"EventAgentReady\",\"agent\":\"a1\"}", EventJsonErrorKind.InvalidField, "field 'time' must be an ISO-8601" },
        { "{\"time\":\"2026-11-26T10:00:00Z\",\"tenant\":\"acme\",\"source\":\"voice\",\"event\":\"EventAgentReady\",\"agent\":\"a1\"}", EventJsonErrorKind.MissingField, "field 'seq' is required" },
        { "{\"seq\":1,\"tenant\":\"acme\",\"source\":\"voice\",\"event\":\"EventAgentReady\",\"agent\":\"a1\"}", EventJsonErrorKind.MissingField, "field 'time' is required" },
        { "{\"seq\":1,\"time\":\"2026-11-26T10:00:00Z\",\"tenant\":\"acme\",\"event\":\"EventAgentReady\",\"agent\":\"a1\"}", EventJsonErrorKind.MissingField, "field 'source' is required" },
        { "{\"seq\":1,\"time\":\"2026-11-26T10:00:00Z\",\"source\":\"voice\",\"event\":\"EventAgentReady\",\"agent\":\"a1\"}", EventJsonErrorKind.MissingField, "field 'tenant' is missing or empty" },
        { "{" + Head + ",\"agent\":\"a1\"}", EventJsonErrorKind.MissingField, "field 'event' is missing or empty" },
        { "{" + Head + ",\"event\":\"EventQueued\",\"dn\":\"8001\"}", EventJsonErrorKind.MissingField, "field 'connId' is required for this event" },
        { "{" + Head + ",\"event\":\"EventQueued\",\"connId\":\"c1\",\"dn\":null}", EventJsonErrorKind.MissingField, "field 'dn' is required for this event" },
        { "{" + Head + ",\"event\":\"EventPartyChanged\",\"connId\":\"c2\",\"dn\":\"5001\"}", EventJsonErrorKind.MissingField, "field 'previousConnId' is required for this event" },
        { "{" + Head + ",\"event\":\"EventPlacedInQueue\",\"interactionId\":\"i1\"}", EventJsonErrorKind.MissingField, "field 'queue' is required for this event" },
        { "{\"seq\": x}", EventJsonErrorKind.MalformedJson, "invalid JSON at byte 8: " },
        { "{\"seq\":1,", EventJsonErrorKind.MalformedJson, "invalid JSON at byte " },
        { "{\"seq\":1} {}", EventJsonErrorKind.MalformedJson, "invalid JSON at byte 10: " },
        { "[1,2]", EventJsonErrorKind.MalformedJson, "invalid JSON at byte 0: a line must be a JSON object, found an array" },
        { "\"EventQueued\"", EventJsonErrorKind.MalformedJson, "invalid JSON at byte 0: a line must be a JSON object, found a string" },
        { "", EventJsonErrorKind.MalformedJson, "invalid JSON at byte 0: the line is empty" },
        { "{\"seq\":1,}", EventJsonErrorKind.MalformedJson, "invalid JSON at byte 9: The JSON object contains a trailing comma at the end which is not supported in this mode." },
        { "{\"seq\":1,} ", EventJsonErrorKind.MalformedJson, "invalid JSON at byte " },
        { "{\"seq\":1 /* c */}", EventJsonErrorKind.MalformedJson, "invalid JSON at byte " },
    };

    [Theory]
    [MemberData(nameof(BadLines))]
    public void Each_error_names_its_field_and_kind(string line, EventJsonErrorKind kind, string message)
    {
        var (ok, evt, error, actualKind) = Decode(line);
        Assert.False(ok);
        Assert.Null(evt);
        Assert.NotNull(error);
        Assert.StartsWith(message, error, StringComparison.Ordinal);
        Assert.Equal(kind, actualKind);

        var thrown = Assert.Throws<FormatException>(() => EventJson.Parse(line));
        Assert.Equal(error, thrown.Message);
    }

    [Fact]
    public void Invalid_utf8_in_a_field_is_reported()
    {
        byte[] prefix = Encoding.UTF8.GetBytes("{" + Head + ",\"event\":\"EventAgentReady\",\"agent\":\"a");
        byte[] line = [.. prefix, 0xC3, 0x28, .. "\"}"u8];
        Assert.False(EventJson.TryParse(line, out _, out var error, out var kind));
        Assert.Equal("field 'agent' is not valid UTF-8", error);
        Assert.Equal(EventJsonErrorKind.InvalidField, kind);
    }

    [Theory]
    [InlineData(EventJsonErrorKind.MalformedJson, "malformed_json")]
    [InlineData(EventJsonErrorKind.InvalidField, "invalid_field")]
    [InlineData(EventJsonErrorKind.UnknownEvent, "unknown_event")]
    [InlineData(EventJsonErrorKind.MissingField, "missing_field")]
    [InlineData(EventJsonErrorKind.LineTooLong, "line_too_long")]
    public void Reason_codes_are_the_metric_tags(EventJsonErrorKind kind, string code) =>
        Assert.Equal(code, EventJson.ReasonCode(kind));
}
