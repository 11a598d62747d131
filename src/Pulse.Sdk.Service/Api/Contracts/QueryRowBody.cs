using System.Text.Json.Serialization;

namespace Pulse.Sdk.Service.Api.Contracts;

/// <summary>One object's values in a query grouped by object: <c>{"object":{"type","id"},"values":{"Entered":{"value",...}}}</c>.</summary>
internal sealed record QueryRowBody(ObjectBody Object, IReadOnlyDictionary<string, QueryRowBody.Cell> Values)
{
    /// <summary>A value in a row: <c>{"value","state","reason","time"}</c>, and <c>"stale":true</c> when a stream feeding it was lost.</summary>
    internal sealed record Cell(double? Value, string? State, string? Reason, DateTimeOffset? Time,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Stale = false)
    {
        /// <summary>For a state: the media it is on; absent otherwise.</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? Media { get; init; }
    }
}
