using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Pulse.Sdk.Service.Api;

/// <summary>
/// The route constraint of Pulse's OpenAPI endpoint: only Pulse's document name matches, so that the endpoint serves none
/// of the application's documents (registered by <c>AddPulseService</c>; no regex constraint, which a slim builder lacks).
/// </summary>
internal sealed class PulseOpenApiDocumentConstraint : IRouteConstraint
{
    /// <summary>The constraint's name in route patterns.</summary>
    public const string Name = "pulseOpenApiDocument";

    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
        values.TryGetValue(routeKey, out var value)
        && string.Equals(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
            Microsoft.Extensions.DependencyInjection.PulseServiceBuilderExtensions.OpenApiDocumentName, StringComparison.OrdinalIgnoreCase);
}
