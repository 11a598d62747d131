using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Sdk.Permissions;

namespace Pulse.Sdk.Service.Api;

/// <summary>
/// Resolves the <see cref="PulseCaller"/> of each API request before its handler runs: the token's tenant and user,
/// and the user's permissions. A user the permissions role does not know gets 403. A kiosk (docs/api.md, "Kiosk sessions")
/// gets its creator's permissions narrowed to viewing, and only the endpoints <see cref="KioskAccess"/> allows.
/// </summary>
internal sealed class CallerFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var (tenant, user) = PulseCaller.ClaimsOf(http.User);
        if (tenant is null || user is null)
            return ApiResults.Error(StatusCodes.Status401Unauthorized, "not authenticated: the token needs the claims sub and tenant");
        var evaluator = http.RequestServices.GetRequiredService<IPermissionEvaluator>();
        var permissions = await evaluator.GetAsync(tenant, user, http.RequestAborted).ConfigureAwait(false);
        // An evaluator answering for another tenant or user would be a bug; refuse rather than leak.
        if (permissions is null || permissions.Tenant != tenant || permissions.User != user)
            return ApiResults.Error(StatusCodes.Status403Forbidden, $"user {user} has no Pulse permissions");
        if (KioskBinding.Of(http.User) is not { } kiosk)
        {
            PulseCaller.Set(http, new PulseCaller(tenant, user, permissions));
            return await next(context).ConfigureAwait(false);
        }
        if (KioskAccess.Refusal(http, kiosk) is { } refused) return refused;
        var caller = new PulseCaller(tenant, user, KioskBinding.ViewOnly(permissions)) { Kiosk = kiosk };
        PulseCaller.Set(http, caller);
        return await KioskAccess.NarrowAsync(http, caller, await next(context).ConfigureAwait(false)).ConfigureAwait(false);
    }
}
