using System.Buffers;
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

    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText SubName = JsonEncodedText.Encode("sub");
    private static readonly JsonEncodedText SeqName = JsonEncodedText.Encode("seq");
    private static readonly JsonEncodedText ValuesName = JsonEncodedText.Encode("values");

    /// <summary>
    /// A delta's values as the changes taken from its subscription, each with where it is shown, instead of
    /// <see cref="Values"/>: written by <see cref="ValueBodyJson"/> without a <see cref="ValueBody"/> per value.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<(Storage.StatisticChange Change, LiveTarget[] Targets)>? Changes { get; init; }

    /// <summary>With <see cref="Changes"/>: values written after them, the formula cells computed for the rows that changed.</summary>
    [JsonIgnore]
    public IReadOnlyList<ValueBody>? Extra { get; init; }

    /// <summary>Writes the message's JSON (one line) to <paramref name="output"/>.</summary>
    public void WriteTo(IBufferWriter<byte> output)
    {
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        if (Changes is null)
        {
            JsonSerializer.Serialize(writer, this, ApiJson.Options);
            return;
        }
        // The serializer's property order and null handling: type, sub, seq, values (time and message are null in a delta).
        writer.WriteStartObject();
        writer.WriteString(TypeName, Type);
        if (Sub is not null) writer.WriteString(SubName, Sub);
        if (Seq is { } seq) writer.WriteNumber(SeqName, seq);
        writer.WriteStartArray(ValuesName);
        foreach (var (change, targets) in Changes)
            foreach (var t in targets) ValueBodyJson.Write(writer, t.Layout, t.Alias, change);
        foreach (var value in Extra ?? []) JsonSerializer.Serialize(writer, value, ApiJson.Options);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    // As the serializer would write with ApiJson.Options on its own: the same encoder, not indented.
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = ApiJson.Options.Encoder,
        Indented = ApiJson.Options.WriteIndented,
        MaxDepth = ApiJson.Options.MaxDepth,
    };
}
