using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pulse.Sdk.Service.Api;
using Pulse.Sdk.Service.Diagnostics;

namespace Pulse.Sdk.Service.Authorization;

/// <summary>
/// Gives the Pulse endpoints' 401 and 403 of the authorization step the API's error body (<c>{"message": ...}</c>) after
/// the authentication scheme's challenge or forbid (which set, e.g., <c>WWW-Authenticate</c>). It decorates the
/// application's handler, or ASP.NET Core's default: every other endpoint gets the inner handler's answer.
/// </summary>
internal sealed class PulseAuthorizationResultHandler(IAuthorizationMiddlewareResultHandler inner, ServiceMetrics metrics) : IAuthorizationMiddlewareResultHandler
{
    private static readonly AuthorizationMiddlewareResultHandler Default = new();

    /// <summary>
    /// Registers the decorator in place of the handler registered so far (ASP.NET Core's default when none); once. A handler
    /// the application registers after this call replaces it, Pulse's bodies with it (<see cref="WarnIfReplaced"/>).
    /// </summary>
    public static void Decorate(IServiceCollection services)
    {
        if (services.Any(static d => d.ServiceType == typeof(Decorated))) return;
        services.AddSingleton<Decorated>();
        var previous = services.LastOrDefault(static d => d.ServiceType == typeof(IAuthorizationMiddlewareResultHandler) && !d.IsKeyedService);
        if (previous is null)
        {
            services.AddSingleton<IAuthorizationMiddlewareResultHandler>(static sp => new PulseAuthorizationResultHandler(Default, sp.GetRequiredService<ServiceMetrics>()));
            return;
        }
        services.Remove(previous);
        services.Add(ServiceDescriptor.Describe(typeof(IAuthorizationMiddlewareResultHandler),
            sp => new PulseAuthorizationResultHandler(Create(sp, previous), sp.GetRequiredService<ServiceMetrics>()), previous.Lifetime));
    }

    /// <summary>
    /// Logs a warning when the handler the application resolves is not the decorator (registered after <c>AddPulseService</c>):
    /// Pulse's endpoints then answer that handler's 401/403, without the API's bodies.
    /// </summary>
    public static void WarnIfReplaced(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var handler = scope.ServiceProvider.GetService<IAuthorizationMiddlewareResultHandler>();
        if (handler is null or PulseAuthorizationResultHandler) return;
        if (services.GetService<ILoggerFactory>() is { } loggers)
            ServiceLog.AuthorizationHandlerReplaced(loggers.CreateLogger(typeof(PulseAuthorizationResultHandler).FullName!), handler.GetType().FullName);
    }

    private static IAuthorizationMiddlewareResultHandler Create(IServiceProvider sp, ServiceDescriptor descriptor) =>
        (IAuthorizationMiddlewareResultHandler)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(sp)
            ?? ActivatorUtilities.CreateInstance(sp, descriptor.ImplementationType!));

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<PulseEndpointMarker>() is null)
        {
            await inner.HandleAsync(next, context, policy, authorizeResult).ConfigureAwait(false);
            return;
        }
        // Pulse's endpoints answer as the API does whatever the application's handler would: the scheme's challenge or forbid, then the body.
        await Default.HandleAsync(next, context, policy, authorizeResult).ConfigureAwait(false);
        if (authorizeResult.Succeeded) return;
        var status = context.Response.StatusCode;
        metrics.CountRequest(status);
        // A scheme that wrote its own body (the Pulse JWT scheme does) is left as it is.
        if (context.Response.HasStarted || context.Response.ContentType is not null || status is not (StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden)) return;
        var message = status == StatusCodes.Status401Unauthorized
            ? "not authenticated: send a valid token (Authorization: Bearer <jwt>) or the session cookie"
            : "forbidden: the token lacks the claims sub and tenant";
        await ApiResults.Error(status, message).ExecuteAsync(context).ConfigureAwait(false);
    }

    /// <summary>Marks the services as decorated, so that a second <c>AddPulseService</c> does not wrap the decorator.</summary>
    private sealed class Decorated;
}

/// <summary>Marks the endpoints of <c>MapPulseApi</c>.</summary>
internal sealed class PulseEndpointMarker;
