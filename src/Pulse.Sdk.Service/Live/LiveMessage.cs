using System.Text.Json;
using System.Text.Json.Serialization;
using Pulse.Sdk.Service.Api;
using Pulse.Sdk.Service.Api.Contracts;

namespace Pulse.Sdk.Service.Live;

/// <summary>
/// A server message of the live push: <c>{"type":"snapshot|delta","sub","seq","values"}</c>,
/// <c>{"type":"heartbeat","time"}</c>, <c>{"type":"error","sub","message"}</c>.
/// </summary>
internal sealed record LiveMessage(
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Sub = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Seq = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ValueBody>? Values = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? Time = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Message = null)
{
    public const string Snapshot = "snapshot";
    public const string Delta = "delta";
    public const string Heartbeat = "heartbeat";
    public const string Error = "error";

    public byte[] ToUtf8() => JsonSerializer.SerializeToUtf8Bytes(this, ApiJson.Options);
}
