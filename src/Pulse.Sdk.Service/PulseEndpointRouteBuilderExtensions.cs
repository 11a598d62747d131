using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Service.Api;
using Pulse.Sdk.Service.Authorization;
using Pulse.Sdk.Service.Health;
using Pulse.Sdk.Service.Live;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Pulse service's endpoints (docs/api.md): <c>/api/wbrt/...</c>, <c>/api/live</c>, <c>/health</c>, <c>/openapi/v1.json</c>.</summary>
public static class PulseEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps every endpoint of docs/api.md except <c>/auth/*</c> and <c>/api/session...</c> (the authentication package's
    /// <c>MapPulseAuthService()</c> and <c>MapPulseSession()</c>). <c>/api/...</c> requires the <see cref="PulseServiceBuilderExtensions.PolicyName"/> policy; health and the
    /// OpenAPI document are anonymous. Before any <c>/api</c> handler, a request authenticated by the session cookie must come
    /// from an allowed origin (<see cref="Pulse.Sdk.Service.PulseServiceOptions.AllowedOrigins"/>) and a body must be JSON
    /// (docs/api.md, "Origin and Content-Type"). Given a <see cref="IApplicationBuilder"/> (a <c>WebApplication</c>), it also adds the
    /// WebSocket middleware the live push needs; otherwise call <c>app.UseWebSockets()</c> yourself.
    /// </summary>
    /// <param name="endpoints">The application.</param>
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
        if (endpoints is IApplicationBuilder app) app.UseWebSockets();

        var api = endpoints.MapGroup("/api")
            .RequireAuthorization(PulseServiceBuilderExtensions.PolicyName)
            .WithMetadata(new PulseEndpointMarker())
            .AddEndpointFilter<RequestCountFilter>()
            .AddEndpointFilter<RequestGuardFilter>()
            .AddEndpointFilter<CallerFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithTags("Pulse");
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
        endpoints.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        return api;
    }

    /// <summary>
    /// Maps only <c>GET /health</c> and <c>GET /health/detail</c> (anonymous): the merge of every registered
    /// <see cref="Pulse.Sdk.Diagnostics.IHealthDetailSource"/>, for a process of the topology that serves no API (a Data
    /// Collection Unit reporting its Redis writer, the permissions role). <see cref="MapPulseApi"/> maps them itself.
    /// </summary>
    /// <param name="endpoints">The application.</param>
    /// <returns><paramref name="endpoints"/>.</returns>
    public static IEndpointRouteBuilder MapPulseHealth(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        HealthEndpoints.Map(endpoints);
        return endpoints;
    }
}
