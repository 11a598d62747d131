using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Pulse.Sdk.Service.Diagnostics;

namespace Pulse.Sdk.Service.Tests.Support;

/// <summary>The service's instruments as one host records them: bound to its IMeterFactory, so other hosts' measurements are not seen.</summary>
internal static class HostMetrics
{
    /// <summary>Collects <paramref name="instrument"/> of the service's meter of <paramref name="host"/> while it lives.</summary>
    public static MetricCollector<long> Collect(this ServiceHost host, string instrument) =>
        new(host.App.Services.GetRequiredService<IMeterFactory>(), ServiceMeter.Name, instrument);

    /// <summary>The sum of the measurements tagged <paramref name="tag"/> = <paramref name="value"/>.</summary>
    public static long Total(this MetricCollector<long> collector, string tag, object value) =>
        collector.GetMeasurementSnapshot().Where(m => m.Tags.TryGetValue(tag, out var v) && Equals(v, value)).Sum(m => m.Value);
}
