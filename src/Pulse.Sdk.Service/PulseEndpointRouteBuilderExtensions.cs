using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Service.Api;
using Pulse.Sdk.Service.Authorization;
using Pulse.Sdk.Service.Health;
using Pulse.Sdk.Service.Live;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// Maps the Pulse service's endpoints (docs/api.md): <c>/api/wbrt/...</c>, <c>/api/live</c>, <c>/health</c>, <c>/openapi/pulse.json</c>.
/// To mount them under a route prefix, map them on a route group: <c>app.MapGroup("/pulse").MapPulseApi()</c>.
/// </summary>
public static class PulseEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps every endpoint of docs/api.md except <c>/auth/*</c> and <c>/api/session...</c> (the authentication package's
    /// <c>MapPulseAuthService()</c> and <c>MapPulseSession()</c>). <c>/api/...</c> requires the <see cref="PulseServiceBuilderExtensions.PolicyName"/> policy; health and the
    /// OpenAPI document are anonymous. Before any <c>/api</c> handler, a request authenticated by the session cookie must come
    /// from an allowed origin (<see cref="Pulse.Sdk.Service.PulseServiceOptions.AllowedOrigins"/>) and a body must be JSON
    /// (docs/api.md, "Origin and Content-Type"). It adds no middleware: the live push's WebSocket needs <c>app.UseWebSockets()</c>
    /// in the application's pipeline (without it <c>/api/live</c> answers 500 naming that call). The OpenAPI document is
    /// Pulse's own, <see cref="PulseServiceBuilderExtensions.OpenApiDocumentName"/>; an application's documents are left to it.
    /// </summary>
    /// <param name="endpoints">The application, or a route group whose prefix the endpoints take (<c>app.MapGroup("/pulse")</c>).</param>
    /// <returns>The group of <c>/api</c> endpoints, to add conventions to.</returns>
    /// <exception cref="InvalidOperationException"><c>AddPulseService</c> was not called, or no <see cref="IPermissionEvaluator"/> is registered.</exception>
    public static RouteGroupBuilder MapPulseApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var sp = endpoints.ServiceProvider;
        if (sp.GetService<LiveHub>() is null)
            throw new InvalidOperationException("MapPulseApi needs the Pulse service: call services.AddPulse().AddPulseService(...) first");
        if (sp.GetService<IPermissionEvaluator>() is null)
            throw new InvalidOperationException("MapPulseApi needs an IPermissionEvaluator: register one (the permissions role's evaluator) in the services");
        PulseAuthorizationResultHandler.WarnIfReplaced(sp);

        var api = endpoints.MapGroup("/api")
            .RequireAuthorization(PulseServiceBuilderExtensions.PolicyName)
            .WithMetadata(new PulseEndpointMarker())
            .AddEndpointFilter<RequestCountFilter>()
            .AddEndpointFilter<RequestGuardFilter>()
            .AddEndpointFilter<CallerFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithTags("Pulse")
            .WithGroupName(PulseServiceBuilderExtensions.OpenApiDocumentName);
        var wbrt = api.MapGroup("/wbrt");
        TemplateEndpoints.Map(wbrt);
        LayoutEndpoints.Map(wbrt);
        WidgetEndpoints.Map(wbrt);
        TabEndpoints.Map(wbrt);
        DirectoryEndpoints.Map(wbrt);
        QueryEndpoints.Map(wbrt);
        UserAccessEndpoints.Map(wbrt);
        TransferEndpoints.Map(wbrt);
        KioskSessionEndpoints.Map(wbrt);
        LiveEndpoints.Map(api);
        HealthEndpoints.Map(endpoints);
        // Only Pulse's document, and ahead of an application's own MapOpenApi() (same pattern otherwise: an ambiguous match).
        endpoints.MapOpenApi("/openapi/{documentName:" + PulseOpenApiDocumentConstraint.Name + "}.json").AllowAnonymous()
            .Add(static b => ((RouteEndpointBuilder)b).Order = -1);
        return api;
    }

    /// <summary>
    /// Maps only <c>GET /health</c> and <c>GET /health/detail</c> (anonymous): a report of the health checks tagged
    /// <c>pulse</c> (<see cref="Pulse.Sdk.Service.Health.PulseHealthResponseWriter"/>), for a process of the topology that serves no API (a Data
    /// Collection Unit reporting its Redis writer, the permissions role). <see cref="MapPulseApi"/> maps them itself.
    /// </summary>
    /// <param name="endpoints">The application, or a route group whose prefix the endpoints take.</param>
    /// <returns><paramref name="endpoints"/>.</returns>
    public static IEndpointRouteBuilder MapPulseHealth(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService>() is null)
            throw new InvalidOperationException("MapPulseHealth reports the health checks: call services.AddHealthChecks() (AddPulseService does) first");
        HealthEndpoints.Map(endpoints);
        return endpoints;
    }
}
