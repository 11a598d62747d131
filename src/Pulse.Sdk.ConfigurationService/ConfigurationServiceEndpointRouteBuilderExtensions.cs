using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Sdk.ConfigurationService;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the configuration service's HTTP API (docs/api.md, "Configuration service").</summary>
public static class ConfigurationServiceEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>/config/v1/...</c>: the configuration and its long poll, whole-document and per-object changes, the change
    /// history. Needs <c>services.AddPulseConfigurationService(...)</c>. Secrets are checked by the endpoints themselves
    /// (bearer secrets of <see cref="ConfigurationServiceOptions"/>), not by ASP.NET Core authentication.
    /// </summary>
    /// <param name="endpoints">The application.</param>
    /// <returns><paramref name="endpoints"/>.</returns>
    public static IEndpointRouteBuilder MapPulseConfigurationService(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.ServiceProvider.GetService<ConfigurationEndpoints>()
            ?? throw new InvalidOperationException("MapPulseConfigurationService needs services.AddPulseConfigurationService(...) first");
        api.Map(endpoints);
        return endpoints;
    }
}
