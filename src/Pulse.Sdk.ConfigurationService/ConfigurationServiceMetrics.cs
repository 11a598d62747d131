using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Pulse.Sdk.ConfigurationService;

/// <summary>
/// The instruments of the configuration service, on the <see cref="ConfigurationServiceMeter.Name"/> meter, named by the
/// OpenTelemetry conventions (docs/metrics.md). A singleton of the container, on a meter of the host's <see cref="IMeterFactory"/>.
/// </summary>
internal sealed class ConfigurationServiceMetrics
{
    private readonly ConcurrentDictionary<ConfigurationVersionMonitor, byte> _monitors = new(ReferenceEqualityComparer.Instance);

    public ConfigurationServiceMetrics(IMeterFactory factory)
    {
        var meter = factory.Create(new MeterOptions(ConfigurationServiceMeter.Name) { Version = typeof(ConfigurationServiceMetrics).Assembly.GetName().Version?.ToString() });
        Changes = meter.CreateCounter<long>("pulse.config.changes", unit: "{change}",
            description: "Changes asked of the service, by result: written (a new version), unchanged, stale (If-Match named an older version), invalid (refused with 400).");
        meter.CreateObservableGauge("pulse.config.version", () => Observe(m => m.Current?.Version ?? 0), unit: "{version}",
            description: "The newest configuration version the service serves (0: none yet).");
        meter.CreateObservableGauge("pulse.config.waiting_requests", () => Observe(m => m.Waiting), unit: "{request}",
            description: "Long polls waiting for a new version.");
    }

    internal Counter<long> Changes { get; }

    internal void Register(ConfigurationVersionMonitor monitor) => _monitors.TryAdd(monitor, 0);

    internal void Unregister(ConfigurationVersionMonitor monitor) => _monitors.TryRemove(monitor, out _);

    private IEnumerable<Measurement<long>> Observe(Func<ConfigurationVersionMonitor, long> read)
    {
        foreach (var m in _monitors.Keys) yield return new Measurement<long>(read(m));
    }
}
