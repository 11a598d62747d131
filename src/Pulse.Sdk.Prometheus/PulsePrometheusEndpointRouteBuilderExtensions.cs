using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Sdk.Prometheus;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Prometheus scrape endpoint of the Pulse meters.</summary>
public static class PulsePrometheusEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>GET <paramref name="pattern"/></c> to the metrics of the registered <see cref="PulsePrometheusExporter"/>
    /// (Prometheus text format 0.0.4). The exporter is created here, so the measurements from the application's start on are
    /// counted. Not in the OpenAPI document.
    /// </summary>
    /// <param name="endpoints">The application or a route group.</param>
    /// <param name="pattern">The route; <c>/metrics</c> by default.</param>
    /// <returns>The endpoint's convention builder (to require authorization, a host name, ...).</returns>
    /// <exception cref="InvalidOperationException"><c>services.AddPulsePrometheusExporter()</c> was not called.</exception>
    public static IEndpointConventionBuilder MapPulseMetrics(this IEndpointRouteBuilder endpoints, string pattern = "/metrics")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        var exporter = endpoints.ServiceProvider.GetService<PulsePrometheusExporter>()
            ?? throw new InvalidOperationException("MapPulseMetrics needs the exporter: call services.AddPulsePrometheusExporter() when building the services");
        return endpoints.MapGet(pattern, async (HttpContext context) =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await exporter.WriteAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }).ExcludeFromDescription();
    }
}
