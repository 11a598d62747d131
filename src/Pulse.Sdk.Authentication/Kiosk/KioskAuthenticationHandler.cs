using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Pulse.Sdk.Authentication.Http;
using Pulse.Sdk.Authentication.Validation;
using Pulse.Sdk.Permissions;

namespace Pulse.Sdk.Authentication.Kiosk;

/// <summary>
/// Checks a kiosk credential (docs/api.md, "Kiosk sessions"): <c>Authorization: Bearer pulsekiosk.&lt;id&gt;.&lt;secret&gt;</c>, or
/// the <c>pulse_kiosk</c> cookie. The session is read from the <see cref="IKioskSessionStore"/> at every authentication (no
/// cache: the store is the revocation, shared by the replicas), its secret digest compared in constant time, and it must be
/// neither revoked nor expired by the host's clock. The principal names the creator (<c>sub</c>), the tenant and the
/// <see cref="KioskBinding"/> claims; the service narrows it to its one tab and the view privileges. It is no JWT, so the
/// token lifetime bounds (<see cref="PulseAuthenticationOptions.MaxTokenLifetime"/>) do not apply: the session's own
/// expiry does.
/// </summary>
internal sealed class KioskAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string BearerPrefix = "Bearer " + KioskCredential.Prefix;

    /// <summary>
    /// The Pulse scheme's forward: this scheme for a bearer kiosk credential, or for the kiosk cookie when the request has no
    /// <c>Authorization</c> header and no session cookie of a person; null (the Pulse scheme itself) otherwise.
    /// </summary>
    internal static string? SchemeFor(HttpContext context)
    {
        var request = context.Request;
        if (request.Headers.TryGetValue(HeaderNames.Authorization, out var authorization))
            return authorization.Count == 1 && authorization[0]!.StartsWith(BearerPrefix, StringComparison.Ordinal) ? KioskAuthenticationDefaults.SchemeName : null;
        if (request.Cookies.ContainsKey(PulseAuthenticationDefaults.CookieName)) return null;
        return request.Cookies.ContainsKey(KioskAuthenticationDefaults.CookieName) ? KioskAuthenticationDefaults.SchemeName : null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var credential = Request.Headers.TryGetValue(HeaderNames.Authorization, out var authorization)
            ? authorization.ToString() is { } header && header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : null
            : Request.Cookies[KioskAuthenticationDefaults.CookieName];
        if (string.IsNullOrEmpty(credential)) return AuthenticateResult.NoResult();
        if (!KioskCredential.TryParseToken(credential, out var id, out var secret) || Context.RequestServices.GetService<IKioskSessionStore>() is not { } store)
            return AuthenticateResult.Fail(new KioskCredentialRefusedException("the kiosk credential is not valid; open a new kiosk link"));
        KioskSession? session;
        try
        {
            session = await store.GetAsync(id, Context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !Context.RequestAborted.IsCancellationRequested)
        {
            return AuthenticateResult.Fail(new KioskSessionsUnavailableException("the kiosk sessions cannot be read", e));
        }
        if (session is null || !KioskCredential.Matches(session.SecretHash, secret))
            return AuthenticateResult.Fail(new KioskCredentialRefusedException("the kiosk credential is not valid; open a new kiosk link"));
        if (!session.IsActive(time.GetUtcNow()))
            return AuthenticateResult.Fail(new KioskCredentialRefusedException(session.RevokedAt is null
                ? "the kiosk session has expired; create a new one"
                : "the kiosk session was revoked; create a new one"));
        Claim[] claims =
        [
            new(PulseClaimTypes.Subject, session.CreatedBy),
            new(PulseClaimTypes.Tenant, session.Tenant),
            new(PulseClaimTypes.Kiosk, session.Id.ToString()),
            new(PulseClaimTypes.KioskTab, session.TabId.ToString()),
            new(PulseClaimTypes.KioskName, session.Name),
        ];
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name, PulseClaimTypes.Subject, null));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync().ConfigureAwait(false);
        if (result.Failure is KioskSessionsUnavailableException)
        {
            await JsonError.WriteAsync(Context, StatusCodes.Status503ServiceUnavailable,
                "the kiosk sessions cannot be read, so the kiosk credential cannot be checked; try again later").ConfigureAwait(false);
            return;
        }
        Response.Headers.WWWAuthenticate = result.Failure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        await JsonError.WriteAsync(Context, StatusCodes.Status401Unauthorized,
            result.Failure is KioskCredentialRefusedException refused ? refused.Message : "not authenticated: open a kiosk link").ConfigureAwait(false);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        JsonError.WriteAsync(Context, StatusCodes.Status403Forbidden, "not allowed");
}
