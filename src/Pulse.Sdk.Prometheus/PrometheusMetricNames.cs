using System.Diagnostics.Metrics;
using System.Text;

namespace Pulse.Sdk.Prometheus;

/// <summary>
/// The Prometheus name of an instrument named by the OpenTelemetry conventions, by the rule OpenTelemetry's Prometheus
/// compatibility gives (docs/metrics.md): characters outside <c>[a-zA-Z0-9_:]</c> become <c>_</c>; the unit is appended
/// as a word (<c>s</c> → <c>_seconds</c>, <c>ms</c> → <c>_milliseconds</c>, <c>By</c> → <c>_bytes</c>, <c>1</c> on a gauge
/// → <c>_ratio</c>; an annotation such as <c>{event}</c> adds nothing) unless the name already ends with it; a monotonic
/// counter ends with <c>_total</c>. <c>pulse.dcu.checkpoint.duration</c> in <c>s</c> is
/// <c>pulse_dcu_checkpoint_duration_seconds</c>; the counter <c>pulse.dcu.messages.received</c> in <c>{event}</c> is
/// <c>pulse_dcu_messages_received_total</c>.
/// </summary>
public static class PrometheusMetricNames
{
    /// <summary>The Prometheus name of <paramref name="instrument"/> by the rule.</summary>
    /// <param name="instrument">An instrument.</param>
    /// <returns>Its name in Prometheus form.</returns>
    public static string For(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var kind = KindOf(instrument);
        return For(instrument.Name, instrument.Unit, kind == PrometheusMetricKind.Counter, kind == PrometheusMetricKind.Gauge);
    }

    /// <summary>The Prometheus name of an instrument named <paramref name="name"/> by the rule.</summary>
    /// <param name="name">The instrument's name (OpenTelemetry form, for example <c>pulse.redis.write.duration</c>).</param>
    /// <param name="unit">Its unit (UCUM, for example <c>s</c>, <c>By</c>, <c>{event}</c>); may be null.</param>
    /// <param name="monotonic">Whether it is a monotonic counter (<c>Counter</c>, <c>ObservableCounter</c>): <c>_total</c>.</param>
    /// <param name="gauge">Whether it is a gauge (a unit of <c>1</c> is then a ratio).</param>
    /// <returns>The name in Prometheus form.</returns>
    public static string For(string name, string? unit, bool monotonic, bool gauge = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var result = new StringBuilder(name.Length + 16);
        foreach (var c in name)
            result.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or ':' ? c : '_');
        if (char.IsAsciiDigit(result[0])) result.Insert(0, '_');
        if (UnitWord(unit, gauge) is { } word && !EndsWith(result, "_" + word)) result.Append('_').Append(word);
        if (monotonic && !EndsWith(result, "_total")) result.Append("_total");
        return result.ToString();
    }

    /// <summary>How an instrument is exported.</summary>
    internal static PrometheusMetricKind KindOf(Instrument instrument)
    {
        var type = instrument.GetType();
        if (!type.IsGenericType) return PrometheusMetricKind.Gauge;
        var definition = type.GetGenericTypeDefinition();
        if (definition == typeof(Counter<>) || definition == typeof(ObservableCounter<>)) return PrometheusMetricKind.Counter;
        if (definition == typeof(Histogram<>)) return PrometheusMetricKind.Histogram;
        // Up-down counters, observable up-down counters and gauges: a value that goes both ways.
        return PrometheusMetricKind.Gauge;
    }

    private static string? UnitWord(string? unit, bool gauge) => unit switch
    {
        "s" => "seconds",
        "ms" => "milliseconds",
        "By" => "bytes",
        "KiBy" => "kibibytes",
        "MiBy" => "mebibytes",
        "%" => "percent",
        "1" when gauge => "ratio",
        _ => null, // annotations ({event}), "1" on a counter and units without a Prometheus word add nothing
    };

    private static bool EndsWith(StringBuilder s, string suffix)
    {
        if (s.Length < suffix.Length) return false;
        for (var i = 0; i < suffix.Length; i++)
            if (s[s.Length - suffix.Length + i] != suffix[i]) return false;
        return true;
    }
}
