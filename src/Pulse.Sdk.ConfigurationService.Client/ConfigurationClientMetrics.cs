using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Pulse.Sdk.ConfigurationService.Client;

/// <summary>The instruments of the configuration service client, on the <see cref="ConfigurationClientMeter.Name"/> meter, named by the OpenTelemetry conventions (docs/metrics.md).</summary>
internal static class ConfigurationClientMetrics
{
    internal static readonly Meter Meter = new(ConfigurationClientMeter.Name, typeof(ConfigurationClientMetrics).Assembly.GetName().Version?.ToString());

    private static readonly ConcurrentDictionary<HttpConfigurationProvider, byte> Providers = new(ReferenceEqualityComparer.Instance);

    internal static readonly Counter<long> Reloads =
        Meter.CreateCounter<long>("pulse.config.client.reloads", unit: "{reload}",
            description: "Answers of the configuration service, by result: applied (a new version in effect), unchanged (a new version with the same content), invalid (refused, the previous one kept), error (no answer or an error status).");

    static ConfigurationClientMetrics()
    {
        Meter.CreateObservableGauge("pulse.config.client.version", () => Providers.Keys.Select(p => new Measurement<long>(p.Version)), unit: "{version}",
            description: "The configuration version in effect (0: a last-known-good copy of unknown version).");
    }

    internal static void Register(HttpConfigurationProvider provider) => Providers.TryAdd(provider, 0);

    internal static void Unregister(HttpConfigurationProvider provider) => Providers.TryRemove(provider, out _);

    internal static void Reloaded(string result) => Reloads.Add(1, new KeyValuePair<string, object?>("result", result));
}
