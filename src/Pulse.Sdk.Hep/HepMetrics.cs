using System.Diagnostics.Metrics;

namespace Pulse.Sdk.Hep;

/// <summary>The instruments of the HEP capture source, on the <see cref="HepMeter.Name"/> meter, named by the OpenTelemetry conventions (docs/metrics.md).</summary>
internal static class HepMetrics
{
    internal static readonly Meter Meter = new(HepMeter.Name, typeof(HepMetrics).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> Packets =
        Meter.CreateCounter<long>("pulse.hep.packets", unit: "{packet}", description: "HEP packets received, by listener (rejected ones included: see pulse_events_rejected_total).");
}
