using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Pulse.Sdk.Service.Api;
using Pulse.Sdk.Service.Diagnostics;

namespace Pulse.Sdk.Service.Authorization;

/// <summary>
/// Gives the Pulse endpoints' 401 and 403 of the authorization step the API's error body (<c>{"message": ...}</c>) after
/// the authentication scheme's own challenge or forbid (which set, e.g., <c>WWW-Authenticate</c>). Other endpoints are
/// handled as ASP.NET Core does by default.
/// </summary>
internal sealed class PulseAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<PulseEndpointMarker>() is null || authorizeResult.Succeeded)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult).ConfigureAwait(false);
            return;
        }
        await _default.HandleAsync(next, context, policy, authorizeResult).ConfigureAwait(false);
        var status = context.Response.StatusCode;
        ServiceMetrics.CountRequest(status);
        // A scheme that wrote its own body (the Pulse JWT scheme does) is left as it is.
        if (context.Response.HasStarted || context.Response.ContentType is not null || status is not (StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden)) return;
        var message = status == StatusCodes.Status401Unauthorized
            ? "not authenticated: send a valid token (Authorization: Bearer <jwt>) or the session cookie"
            : "forbidden: the token lacks the claims sub and tenant";
        await ApiResults.Error(status, message).ExecuteAsync(context).ConfigureAwait(false);
    }
}

/// <summary>Marks the endpoints of <c>MapPulseApi</c>.</summary>
internal sealed class PulseEndpointMarker;
