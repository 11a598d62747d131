using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pulse.Sdk.Authentication.Http;
using Pulse.Sdk.Authentication.Validation;
using Pulse.Sdk.Permissions;

namespace Pulse.Sdk.Authentication.Kiosk;

/// <summary>
/// <c>GET /kiosk/{id}.{secret}</c>, the one-time link of a kiosk session (docs/api.md, "Kiosk sessions"), opened by the wall
/// screen: it spends the link, sets the <c>pulse_kiosk</c> cookie holding a new session secret (persistent until the
/// session's expiry), clears a person's <c>pulse_session</c> cookie (the browser becomes the screen) and redirects to the
/// wallboard's dashboard (<see cref="PulseAuthenticationOptions.KioskStartPath"/><c>#tab=&lt;id&gt;</c>, below the route prefix the link is mapped under). A link that is not
/// valid — unknown, spent, past its link lifetime, or of a revoked or expired session — is answered 404, the same for all.
/// </summary>
internal static class KioskLinkEndpoint
{
    private const string NotValid = "this kiosk link is not valid (opened already, expired or revoked); create a new kiosk session";

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/kiosk/{code}", RedeemAsync).AllowAnonymous().ExcludeFromDescription();

    private static async Task RedeemAsync(HttpContext context, string code)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<PulseAuthenticationOptions>>().Value;
        // The address carries a secret: no page it leads to may learn it.
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        if (!KioskCredential.TryParseLink(code, out var id, out var secret) || context.RequestServices.GetService<IKioskSessionStore>() is not { } store)
        {
            await JsonError.WriteAsync(context, StatusCodes.Status404NotFound, NotValid).ConfigureAwait(false);
            return;
        }
        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var newSecret = KioskCredential.NewSecret();
        KioskSession? session;
        try
        {
            session = await store.GetAsync(id, context.RequestAborted).ConfigureAwait(false);
            // Compared here in constant time; the store's swap then makes sure only one request spends the link.
            if (session is null || !KioskCredential.Matches(session.LinkHash, secret)
                || !await store.RedeemLinkAsync(id, session.LinkHash!, KioskCredential.Hash(newSecret), now, context.RequestAborted).ConfigureAwait(false))
                session = null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            await JsonError.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "the kiosk sessions cannot be read now; open the link again later").ConfigureAwait(false);
            return;
        }
        if (session is null)
        {
            await JsonError.WriteAsync(context, StatusCodes.Status404NotFound, NotValid).ConfigureAwait(false);
            return;
        }
        var routeBase = MountPath.Of(context, "/kiosk/" + code);
        var cookie = PulseAuthenticationEndpointRouteBuilderExtensions.CookieOptions(context, options, routeBase);
        context.Response.Cookies.Delete(PulseAuthenticationDefaults.CookieName, cookie);
        // Relative, so that a screen whose clock is wrong keeps it as long as the server means.
        cookie.MaxAge = session.ExpiresAt - now;
        context.Response.Cookies.Append(KioskAuthenticationDefaults.CookieName, KioskCredential.Token(id, newSecret), cookie);
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Redirect($"{routeBase}{options.KioskStartPath}#tab={session.TabId}");
    }
}
