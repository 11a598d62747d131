using System.Text.Json.Serialization;
using Pulse.Sdk.Events;

namespace Pulse.Sdk.Service.Api.Contracts;

/// <summary>
/// A value of a layout, in snapshots and live messages:
/// <c>{"layout","object":{"type","id"},"alias","statistic","value","state","reason","time"}</c>, and <c>"stale":true</c>
/// when a stream feeding the value was lost (the number is the last one computed; docs/api.md), and <c>"media"</c> with a
/// current state given by a media. Absent when current, so a
/// current value's JSON is what it was before the flag. A removed statistic (closed by the DCU) has <c>value</c> null.
/// A formula statistic's value has <c>statistic</c> empty, and <c>text</c> when the formula gave text or <c>error</c> (the
/// author's message, with <c>value</c> null) when it failed (docs/api.md, "Formula statistics").
/// </summary>
internal sealed record ValueBody(Guid Layout, ObjectBody Object, string Alias, string Statistic, double? Value, string? State, string? Reason, DateTimeOffset? Time,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Stale = false)
{
    /// <summary>The value in its template statistic's display format, only with <c>?values=formatted</c> (docs/api.md, "Export").</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Formatted { get; init; }

    /// <summary>A formula's text result (<c>value</c> is then null); absent otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Text { get; init; }

    /// <summary>Why a formula gave no value: the author's <c>throw</c> message, JavaScript's, or the limit passed; absent otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Error { get; init; }

    /// <summary>A current state's media (<c>"media":"Voice"</c>); absent for other values and for states without one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MediaType? Media { get; init; }
}
