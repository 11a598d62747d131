using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Pulse.Sdk.Statistics;

namespace Pulse.Host;

/// <summary>
/// Writes statistic values as JSON lines:
/// <c>{"tenant":"demo","objectType":"Queue","objectId":"Sales","statistic":"ServiceLevel1","value":66.666667}</c>.
/// </summary>
/// <remarks>
/// <para><c>value</c> is a JSON number for numeric statistics (durations in seconds, percentages 0–100, counts),
/// rounded to at most <see cref="MaxDecimals"/> decimals and written in its shortest form with invariant
/// formatting (<c>7</c>, <c>19.333333</c>); a non-finite number is written as <c>null</c>.</para>
/// <para>For <see cref="StatisticCategory.CurrentState"/> <c>value</c> is the state name
/// (<c>"NotReadyForNextCall"</c>), followed by <c>"reason"</c> when the state has one and <c>"seconds"</c>
/// in the state; for <see cref="StatisticCategory.CurrentStateReasons"/> <c>value</c> is the reason code
/// (<c>""</c> when none), followed by <c>"seconds"</c>.</para>
/// </remarks>
internal sealed class StatisticJsonLineWriter
{
    /// <summary>Numbers are rounded to this many decimals.</summary>
    public const int MaxDecimals = 6;

    private static readonly JsonWriterOptions Options = new()
    {
        // Ids and reasons are written as they are (non-ASCII kept); the output is still valid JSON.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    /// <summary>The lines in the output order: by tenant, object type, object id and statistic name (ordinal).</summary>
    public static IEnumerable<StatisticUpdate> Ordered(IEnumerable<StatisticUpdate> updates) =>
        updates
            .OrderBy(u => u.Statistic.Object.Tenant, StringComparer.Ordinal)
            .ThenBy(u => u.Statistic.Object.Type.ToString(), StringComparer.Ordinal)
            .ThenBy(u => u.Statistic.Object.Id, StringComparer.Ordinal)
            .ThenBy(u => u.Statistic.Type.Name, StringComparer.Ordinal);

    /// <summary>One statistic as a JSON object, without the newline.</summary>
    public string Format(StatisticUpdate update)
    {
        _buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(_buffer, Options))
        {
            var obj = update.Statistic.Object;
            var value = update.Value;
            json.WriteStartObject();
            json.WriteString("tenant", obj.Tenant);
            json.WriteString("objectType", obj.Type.ToString());
            json.WriteString("objectId", obj.Id);
            json.WriteString("statistic", update.Statistic.Type.Name);
            switch (update.Statistic.Type.Category)
            {
                case StatisticCategory.CurrentState:
                    json.WriteString("value", value.State?.ToString() ?? "");
                    if (value.Reason is { } reason) json.WriteString("reason", reason);
                    WriteNumber(json, "seconds", value.Number);
                    break;
                case StatisticCategory.CurrentStateReasons:
                    json.WriteString("value", value.Reason ?? "");
                    WriteNumber(json, "seconds", value.Number);
                    break;
                default:
                    WriteNumber(json, "value", value.Number);
                    break;
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }

    /// <summary>Writes every statistic, one line each (<c>\n</c>-terminated), in the <see cref="Ordered"/> order.</summary>
    public void WriteAll(TextWriter output, IEnumerable<StatisticUpdate> updates)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (var u in Ordered(updates))
        {
            output.Write(Format(u));
            output.Write('\n');
        }
    }

    /// <summary>The number as written: rounded to <see cref="MaxDecimals"/> decimals, without a negative zero.</summary>
    public static double Round(double value)
    {
        var r = Math.Round(value, MaxDecimals, MidpointRounding.AwayFromZero);
        return r == 0 ? 0 : r;
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value)) json.WriteNumber(name, Round(value));
        else json.WriteNull(name);
    }
}
