using System.Text.Json.Serialization;

namespace Pulse.Sdk.Service.Api.Contracts;

/// <summary>A statistic's history: <c>{"points":[{"time","value"}]}</c> (status statistics add <c>state</c>/<c>reason</c>, a stale point <c>"stale":true</c>).</summary>
internal sealed record HistoryBody(IReadOnlyList<HistoryPointBody> Points);

/// <summary>One point of <see cref="HistoryBody"/>.</summary>
internal sealed record HistoryPointBody(
    DateTimeOffset Time,
    double Value,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? State,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Stale = false)
{
    /// <summary>For a state: the media it was on; absent otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Media { get; init; }

    /// <summary>The value in the statistic's display format, only with <c>?values=formatted</c> (docs/api.md, "Export").</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Formatted { get; init; }
}
