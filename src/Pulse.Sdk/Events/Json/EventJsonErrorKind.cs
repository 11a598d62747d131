namespace Pulse.Sdk.Events.Json;

/// <summary>
/// Why <see cref="EventJson.TryParse(ReadOnlySpan{byte}, out PulseEvent?, out string?, out EventJsonErrorKind)"/>
/// rejected a line. <see cref="EventJson.ReasonCode"/> gives the short code used as the <c>reason</c> tag of
/// the <c>pulse_events_rejected_total</c> metric.
/// </summary>
public enum EventJsonErrorKind
{
    /// <summary>No error: the line was decoded.</summary>
    None = 0,

    /// <summary>The line is not one well-formed JSON object (code <c>malformed_json</c>).</summary>
    MalformedJson,

    /// <summary>A known field has the wrong JSON type, an unknown enum value, a bad time or appears twice (code <c>invalid_field</c>).</summary>
    InvalidField,

    /// <summary>The <c>event</c> field names no known event (code <c>unknown_event</c>).</summary>
    UnknownEvent,

    /// <summary>A field required for every event or for this event type is missing or empty (code <c>missing_field</c>).</summary>
    MissingField,

    /// <summary>The line is longer than the reader's limit (code <c>line_too_long</c>); reported by line readers, never by the decoder itself.</summary>
    LineTooLong,
}
