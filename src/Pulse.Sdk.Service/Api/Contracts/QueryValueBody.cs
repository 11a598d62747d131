using System.Text.Json.Serialization;

namespace Pulse.Sdk.Service.Api.Contracts;

/// <summary>
/// One current value of a query: <c>{"object":{"type","id"},"statistic","value","state","reason","time"}</c>, and
/// <c>"stale":true</c> when a stream feeding it was lost, <c>"media"</c> for a state on a media (as a layout's value,
/// without layout and alias).
/// </summary>
internal sealed record QueryValueBody(ObjectBody Object, string Statistic, double? Value, string? State, string? Reason, DateTimeOffset? Time,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Stale = false)
{
    /// <summary>For a state: the media it is on (docs/api.md, "Display formats"); absent otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Media { get; init; }
}
