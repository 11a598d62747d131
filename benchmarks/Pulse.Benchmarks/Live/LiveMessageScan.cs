using System.Text;
using System.Text.Json;

namespace Pulse.Benchmarks.Live;

/// <summary>
/// What a latency client needs from one server message of <c>/api/live</c> (docs/api.md): its type, its seq, and the
/// highest value of the marker statistic among its values. The whole message is read (as a real client would), without
/// allocating, in any field order.
/// </summary>
/// <param name="Type">"snapshot", "delta", "heartbeat", "error", or null when absent.</param>
/// <param name="Seq">The message's seq; 0 when absent.</param>
/// <param name="MarkerValue">The highest marker value in <c>values</c>; -1 when the message carries none.</param>
public readonly record struct LiveMessageScan(string? Type, long Seq, long MarkerValue)
{
    private static readonly byte[] MarkerQueue = Encoding.UTF8.GetBytes(LatencyWorkload.MarkerQueue);
    private static readonly byte[] MarkerStatistic = Encoding.UTF8.GetBytes(LatencyWorkload.MarkerStatistic);

    /// <summary>Reads <paramref name="json"/>.</summary>
    /// <exception cref="JsonException">Not the JSON of a live message.</exception>
    public static LiveMessageScan Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        string? type = null;
        long seq = 0, marker = -1;
        Expect(ref reader, JsonTokenType.StartObject);
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                Next(ref reader);
                type = reader.ValueTextEquals("delta"u8) ? "delta" : reader.ValueTextEquals("snapshot"u8) ? "snapshot" : reader.GetString();
            }
            else if (reader.ValueTextEquals("seq"u8))
            {
                Next(ref reader);
                seq = reader.GetInt64();
            }
            else if (reader.ValueTextEquals("values"u8))
            {
                Expect(ref reader, JsonTokenType.StartArray);
                while (Next(ref reader) == JsonTokenType.StartObject) marker = Math.Max(marker, ReadValue(ref reader));
            }
            else
            {
                Next(ref reader);
                reader.Skip();
            }
        }
        return new LiveMessageScan(type, seq, marker);
    }

    /// <summary>One element of <c>values</c>, the reader on its start; the marker value it carries, or -1.</summary>
    private static long ReadValue(ref Utf8JsonReader reader)
    {
        bool isMarkerQueue = false, isMarkerStatistic = false;
        double? value = null;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("object"u8))
            {
                Expect(ref reader, JsonTokenType.StartObject);
                while (Next(ref reader) == JsonTokenType.PropertyName)
                {
                    var isId = reader.ValueTextEquals("id"u8);
                    Next(ref reader);
                    if (isId) isMarkerQueue = reader.ValueTextEquals(MarkerQueue);
                    else reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("statistic"u8))
            {
                Next(ref reader);
                isMarkerStatistic = reader.ValueTextEquals(MarkerStatistic);
            }
            else if (reader.ValueTextEquals("value"u8))
            {
                Next(ref reader);
                value = reader.TokenType == JsonTokenType.Number ? reader.GetDouble() : null;
            }
            else
            {
                Next(ref reader);
                reader.Skip();
            }
        }
        return isMarkerQueue && isMarkerStatistic && value is { } v ? (long)v : -1;
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new JsonException("the message ends early");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (Next(ref reader) != type) throw new JsonException($"expected {type}, found {reader.TokenType}");
    }
}
