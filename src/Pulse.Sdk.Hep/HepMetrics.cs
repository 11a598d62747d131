using System.Diagnostics.Metrics;

namespace Pulse.Sdk.Hep;

/// <summary>The instruments of the HEP capture source, on the <see cref="MeterName"/> meter, named in Prometheus form.</summary>
public static class HepMetrics
{
    /// <summary>The name of the HEP source's meter.</summary>
    public const string MeterName = "Pulse.Sdk.Hep";

    internal static readonly Meter Meter = new(MeterName, typeof(HepMetrics).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> Packets =
        Meter.CreateCounter<long>("pulse_hep_packets_total", unit: "{packet}", description: "HEP packets received, by listener (rejected ones included: see pulse_events_rejected_total).");
}
