using Microsoft.AspNetCore.Http;

namespace Pulse.Sdk.Authentication.Http;

/// <summary>Where Pulse's endpoints are mounted: the application's path base and a route group's prefix (<c>app.MapGroup("/pulse")</c>).</summary>
internal static class MountPath
{
    /// <summary>
    /// The request's path without <paramref name="endpointPath"/>, the endpoint's own path when mapped at the root
    /// (<c>/api/session/login</c>): <c>/pulse</c> for a request to <c>/pulse/api/session/login</c>, empty at the root.
    /// </summary>
    public static string Of(HttpContext context, string endpointPath)
    {
        var path = (context.Request.PathBase + context.Request.Path).Value?.TrimEnd('/') ?? "";
        return path.EndsWith(endpointPath, StringComparison.OrdinalIgnoreCase) ? path[..^endpointPath.Length] : "";
    }
}
