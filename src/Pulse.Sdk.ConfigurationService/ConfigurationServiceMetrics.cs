using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Pulse.Sdk.ConfigurationService;

/// <summary>The instruments of the configuration service, on the <see cref="ConfigurationServiceMeter.Name"/> meter, named by the OpenTelemetry conventions (docs/metrics.md).</summary>
internal static class ConfigurationServiceMetrics
{
    internal static readonly Meter Meter = new(ConfigurationServiceMeter.Name, typeof(ConfigurationServiceMetrics).Assembly.GetName().Version?.ToString());

    private static readonly ConcurrentDictionary<ConfigurationVersionMonitor, byte> Monitors = new(ReferenceEqualityComparer.Instance);

    internal static readonly Counter<long> Changes =
        Meter.CreateCounter<long>("pulse.config.changes", unit: "{change}",
            description: "Changes asked of the service, by result: written (a new version), unchanged, stale (If-Match named an older version), invalid (refused with 400).");

    static ConfigurationServiceMetrics()
    {
        Meter.CreateObservableGauge("pulse.config.version", () => Observe(m => m.Current?.Version ?? 0), unit: "{version}",
            description: "The newest configuration version the service serves (0: none yet).");
        Meter.CreateObservableGauge("pulse.config.waiting_requests", () => Observe(m => m.Waiting), unit: "{request}",
            description: "Long polls waiting for a new version.");
    }

    internal static void Register(ConfigurationVersionMonitor monitor) => Monitors.TryAdd(monitor, 0);

    internal static void Unregister(ConfigurationVersionMonitor monitor) => Monitors.TryRemove(monitor, out _);

    private static IEnumerable<Measurement<long>> Observe(Func<ConfigurationVersionMonitor, long> read)
    {
        foreach (var m in Monitors.Keys) yield return new Measurement<long>(read(m));
    }
}
