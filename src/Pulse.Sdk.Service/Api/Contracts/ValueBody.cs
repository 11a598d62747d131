using System.Text.Json.Serialization;

namespace Pulse.Sdk.Service.Api.Contracts;

/// <summary>
/// A value of a layout, in snapshots and live messages:
/// <c>{"layout","object":{"type","id"},"alias","statistic","value","state","reason","time"}</c>, and <c>"stale":true</c>
/// when a stream feeding the value was lost (the number is the last one computed; docs/api.md). Absent when current, so a
/// current value's JSON is what it was before the flag. A removed statistic (closed by the DCU) has <c>value</c> null.
/// </summary>
internal sealed record ValueBody(Guid Layout, ObjectBody Object, string Alias, string Statistic, double? Value, string? State, string? Reason, DateTimeOffset? Time,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Stale = false)
{
    /// <summary>The value in its template statistic's display format, only with <c>?values=formatted</c> (docs/api.md, "Export").</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Formatted { get; init; }
}
