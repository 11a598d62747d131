using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Pulse.Sdk.Hosting;
using Pulse.Sdk.Prometheus;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Prometheus export of the Pulse meters.</summary>
public static class PulsePrometheusServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="PulsePrometheusExporter"/> with <see cref="PulsePrometheusExporterOptions"/>
    /// (validated when the host starts). <c>app.MapPulseMetrics()</c> answers its metrics. Calling it again adds nothing but
    /// <paramref name="configure"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets <see cref="PulsePrometheusExporterOptions"/>; may be null.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddPulsePrometheusExporter(this IServiceCollection services, Action<PulsePrometheusExporterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddValidatedOptions(configure, static o => o.Validate());
        services.TryAddSingleton(static sp => new PulsePrometheusExporter(sp.GetRequiredService<IOptions<PulsePrometheusExporterOptions>>().Value));
        return services;
    }
}
