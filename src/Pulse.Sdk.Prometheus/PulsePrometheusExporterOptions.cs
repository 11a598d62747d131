using System.Diagnostics.Metrics;
using Prometheus;

namespace Pulse.Sdk.Prometheus;

/// <summary>Settings of <see cref="PulsePrometheusExporter"/>; checked by <see cref="Validate"/> when the exporter is created.</summary>
public sealed class PulsePrometheusExporterOptions
{
    /// <summary>
    /// The meters exported, by name; a name ending with <c>*</c> matches every meter that starts with what precedes it.
    /// Default: <c>Pulse.Sdk</c> and <c>Pulse.Sdk.*</c>, every meter of the SDK's packages.
    /// </summary>
    public IList<string> Meters { get; } = ["Pulse.Sdk", "Pulse.Sdk.*"];

    /// <summary>
    /// Prometheus names by instrument name, for instruments whose name does not follow from the rule
    /// (<see cref="PrometheusMetricNames"/>). Default: <see cref="PulsePrometheusNames.Published"/>.
    /// </summary>
    public IDictionary<string, string> Names { get; } = new Dictionary<string, string>(PulsePrometheusNames.Published, StringComparer.Ordinal);

    /// <summary>The registry the metrics are created in and scraped from. Default: a new registry of the exporter's own.</summary>
    public CollectorRegistry? Registry { get; set; }

    /// <summary>
    /// The bucket upper bounds of a histogram. Default (<see langword="null"/>): by unit, <c>s</c> from 5 ms to 10 s
    /// (prometheus-net's default buckets), <c>By</c> from 1 KiB to 1 GiB by powers of 4, others prometheus-net's defaults.
    /// </summary>
    public Func<Instrument, double[]>? HistogramBuckets { get; set; }

    /// <summary>What is wrong with these settings, one message per setting; empty when they are valid.</summary>
    /// <returns>The problems found.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Meters.Count == 0) errors.Add($"{nameof(PulsePrometheusExporterOptions)}.{nameof(Meters)} is empty: name at least one meter (for example Pulse.Sdk.*)");
        foreach (var meter in Meters)
            if (string.IsNullOrWhiteSpace(meter) || meter.IndexOf('*', StringComparison.Ordinal) is var star && star >= 0 && star != meter.Length - 1)
                errors.Add($"{nameof(PulsePrometheusExporterOptions)}.{nameof(Meters)} holds '{meter}': give a meter name, or a prefix followed by one '*' at the end");
        foreach (var (instrument, name) in Names)
            if (!IsPrometheusName(name))
                errors.Add($"{nameof(PulsePrometheusExporterOptions)}.{nameof(Names)}['{instrument}'] is '{name}': a Prometheus name matches [a-zA-Z_:][a-zA-Z0-9_:]*");
        return errors;
    }

    /// <summary>Whether a meter of that name is exported.</summary>
    internal bool Exports(string meter)
    {
        foreach (var pattern in Meters)
        {
            if (pattern.EndsWith('*') ? meter.StartsWith(pattern.AsSpan(0, pattern.Length - 1), StringComparison.Ordinal) : meter == pattern)
                return true;
        }
        return false;
    }

    private static bool IsPrometheusName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':');
}
