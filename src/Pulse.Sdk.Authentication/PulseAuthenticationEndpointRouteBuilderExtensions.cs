using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pulse.Sdk.Authentication;
using Pulse.Sdk.Authentication.Http;
using Pulse.Sdk.Authentication.Issuing;
using Pulse.Sdk.Authentication.Kiosk;
using Pulse.Sdk.Authentication.Throttling;
using Pulse.Sdk.Authentication.Validation;
using Pulse.Sdk.Permissions;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// Maps the endpoints of the authentication role (<see cref="MapPulseAuthService"/>) and Pulse's session endpoints
/// (<see cref="MapPulseSession"/>), as docs/api.md describes them. Errors are <c>{"message": ...}</c>.
/// </summary>
public static class PulseAuthenticationEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the authentication role: <c>POST /auth/token</c> (<c>{"username","password"}</c> → 200
    /// <c>{"access_token","token_type":"Bearer","expires_in"}</c>; 401 for an unknown user or a wrong password; 400 for
    /// a bad body, 413 past <see cref="AuthServiceOptions.MaxLoginBodyBytes"/>; 429 with <c>Retry-After</c> past
    /// <see cref="AuthServiceOptions.LoginThrottling"/>, 503 with <c>Retry-After</c> when no hashing slot is free) and
    /// <c>GET /auth/.well-known/jwks.json</c> (the public signing keys). Both allow anonymous callers. Needs <c>services.AddPulseAuthService(...)</c>.
    /// </summary>
    /// <param name="endpoints">The application.</param>
    /// <returns>The group of the two endpoints, for further conventions.</returns>
    public static RouteGroupBuilder MapPulseAuthService(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        // Asked, not resolved: resolving would read the options before the host validates them.
        if (!endpoints.ServiceProvider.GetRequiredService<IServiceProviderIsService>().IsService(typeof(InProcessTokenService)))
            throw new InvalidOperationException("MapPulseAuthService needs the authentication role's services: call services.AddPulseAuthService(...) first");
        var group = endpoints.MapGroup("/auth");
        group.MapPost("/token", IssueTokenAsync).AllowAnonymous();
        group.MapGet("/.well-known/jwks.json", WriteJwksAsync).AllowAnonymous();
        group.MapGet("/sessions/check", CheckSession).AllowAnonymous();
        return group;
    }

    /// <summary>
    /// Maps Pulse's session endpoints: <c>POST /api/session/login</c> (asks the <see cref="ITokenService"/>; 204 with
    /// the <c>pulse_session</c> cookie, HttpOnly, SameSite=Strict, Path=/ (the route prefix when mapped on a route group); 401 for bad credentials; 400 / 413 for a
    /// bad body; 429 / 503 with <c>Retry-After</c> past the login limits, here or at the role; 503 when the role cannot
    /// be asked), <c>POST /api/session/logout</c> (204, cookie cleared, the token revoked when valid; 503, cookie cleared,
    /// when the <see cref="ITokenRevocationList"/> cannot be reached, so the token could not be revoked) and
    /// <c>GET /api/session</c> (authenticated: the user, tenant, privileges and caps from the
    /// <see cref="IPermissionEvaluator"/>; 403 when the permissions role has no such user; for a kiosk, its view privileges and
    /// <c>kiosk</c>), and <c>GET /kiosk/{code}</c>, the one-time link of a kiosk session (docs/api.md, "Kiosk sessions"). Needs
    /// <c>services.AddPulseAuthentication(...)</c> and an <see cref="IPermissionEvaluator"/>.
    /// </summary>
    /// <param name="endpoints">The application, or a route group whose prefix the endpoints take (<c>app.MapGroup("/pulse")</c>: <c>/pulse/api/session</c>, <c>/pulse/kiosk/{code}</c>).</param>
    /// <returns>The group of the three endpoints, for further conventions.</returns>
    public static RouteGroupBuilder MapPulseSession(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var registered = endpoints.ServiceProvider.GetRequiredService<IServiceProviderIsService>();
        if (!registered.IsService(typeof(ITokenService)))
            throw new InvalidOperationException("MapPulseSession needs Pulse's authentication: call services.AddPulseAuthentication(...) first");
        if (!registered.IsService(typeof(IPermissionEvaluator)))
            throw new InvalidOperationException("MapPulseSession needs an IPermissionEvaluator for GET /api/session: register one, e.g. services.AddPulse().AddPermissions() or .AddRedisPermissions(...)");
        // In Pulse's OpenAPI document (AddPulseService names it "pulse"), out of an application's own.
        var group = endpoints.MapGroup("/api/session").WithGroupName("pulse");
        group.MapPost("/login", LoginAsync).AllowAnonymous();
        group.MapPost("/logout", LogoutAsync).AllowAnonymous();
        group.MapGet("", GetSessionAsync).RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = PulseAuthenticationDefaults.SchemeName });
        KioskLinkEndpoint.Map(endpoints);
        return group;
    }

    private static async Task IssueTokenAsync(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<AuthServiceOptions>>().Value;
        var token = await LogInAsync(context, options.MaxLoginBodyBytes, context.RequestServices.GetRequiredService<InProcessTokenService>(),
            AuthenticationMetrics.TokenEndpoint, LoginThrottle.TokenEndpoint, IsForwarder(context, options.ForwarderSecret)).ConfigureAwait(false);
        if (token is null) return;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
        await WriteJsonAsync(context, w =>
        {
            w.WriteString("access_token", token.AccessToken);
            w.WriteString("token_type", "Bearer");
            w.WriteNumber("expires_in", (long)token.Lifetime.TotalSeconds);
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>GET /auth/sessions/check?user=&amp;stamp=</c>: 204 when <c>stamp</c> is the credential stamp of the user's password
    /// now, 401 otherwise (an unknown user too). Pulse asks it for each token it has not checked lately. It tells nothing
    /// to a caller without a token: stamps are digests nobody can guess.
    /// </summary>
    private static IResult CheckSession(HttpContext context)
    {
        var user = context.Request.Query["user"].ToString();
        var stamp = context.Request.Query["stamp"].ToString();
        if (user.Length is 0 or > 256 || stamp.Length is 0 or > 64)
            return Results.Json(new { message = "user and stamp: give the token's sub and pulse_cst" }, statusCode: StatusCodes.Status400BadRequest);
        return context.RequestServices.GetRequiredService<AuthUserDirectory>().IsCurrent(user, stamp)
            ? Results.NoContent()
            : Results.Json(new { message = "the password changed since this session began" }, statusCode: StatusCodes.Status401Unauthorized);
    }

    private static Task WriteJwksAsync(HttpContext context)
    {
        var keys = context.RequestServices.GetRequiredService<SigningKeyRing>();
        context.Response.Headers.CacheControl = "public, max-age=300";
        return WriteJsonAsync(context, w =>
        {
            w.WriteStartArray("keys");
            foreach (var key in keys.Published())
            {
                w.WriteStartObject();
                foreach (var (name, value) in key.ToJwk()) w.WriteString(name, value);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
    }

    private static async Task LoginAsync(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<PulseAuthenticationOptions>>().Value;
        var token = await LogInAsync(context, options.MaxLoginBodyBytes, context.RequestServices.GetRequiredService<ITokenService>(),
            AuthenticationMetrics.SessionEndpoint, LoginThrottle.SessionEndpoint).ConfigureAwait(false);
        if (token is null) return;
        var cookie = CookieOptions(context, options, MountPath.Of(context, "/api/session/login"));
        cookie.MaxAge = token.Lifetime;
        context.Response.Cookies.Append(PulseAuthenticationDefaults.CookieName, token.AccessToken, cookie);
        context.Response.Headers.CacheControl = "no-store";
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>
    /// Reads the login body, checks the login limits (before any password is hashed) and asks <paramref name="tokens"/>;
    /// null after an error answer has been written (400 / 413 bad body, 401 bad credentials, 429 / 503 limits, 503 role
    /// unreachable).
    /// </summary>
    private static async Task<IssuedToken?> LogInAsync(HttpContext context, int maxBodyBytes, ITokenService tokens, KeyValuePair<string, object?> endpoint, string throttleKey,
        bool forwarded = false)
    {
        var login = await LoginRequestReader.ReadAsync(context, maxBodyBytes).ConfigureAwait(false);
        if (login is null) return null;
        using var attempt = context.RequestServices.GetRequiredKeyedService<LoginThrottle>(throttleKey)
            .Begin(login.UserName, context.Connection.RemoteIpAddress, addressExempt: forwarded);
        if (attempt.Refusal is { } refusal)
        {
            await RefuseAsync(context, refusal, endpoint).ConfigureAwait(false);
            return null;
        }
        IssuedToken? token;
        try
        {
            token = await tokens.RequestTokenAsync(login.UserName, login.Password, context.RequestAborted).ConfigureAwait(false);
        }
        catch (TokenServiceUnavailableException)
        {
            await JsonError.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "the authentication service cannot be reached; try again later").ConfigureAwait(false);
            return null;
        }
        catch (LoginThrottledException e)
        {
            await RefuseAsync(context, e.Refusal, endpoint).ConfigureAwait(false);
            return null;
        }
        if (token is null)
        {
            attempt.Failed();
            context.RequestServices.GetRequiredService<AuthenticationMetrics>().FailedLogins.Add(1, endpoint);
            await JsonError.WriteAsync(context, StatusCodes.Status401Unauthorized, "unknown user name or wrong password").ConfigureAwait(false);
        }
        else attempt.Succeeded();
        return token;
    }

    /// <summary>Whether the request carries the forwarder secret of a Pulse replica (compared in constant time).</summary>
    private static bool IsForwarder(HttpContext context, string? secret)
    {
        if (secret is null || context.Request.Headers[HttpTokenService.ForwarderHeader] is not { Count: 1 } sent) return false;
        return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(sent[0] ?? ""), System.Text.Encoding.UTF8.GetBytes(secret));
    }

    private static Task RefuseAsync(HttpContext context, LoginRefusal refusal, KeyValuePair<string, object?> endpoint)
    {
        context.RequestServices.GetRequiredService<AuthenticationMetrics>().LoginRefusals.Add(1, endpoint, new KeyValuePair<string, object?>("reason", refusal.Reason));
        context.Response.Headers.RetryAfter = refusal.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return JsonError.WriteAsync(context, refusal.StatusCode, refusal.Message);
    }

    private static async Task LogoutAsync(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<PulseAuthenticationOptions>>().Value;
        // Only a token that passes validation is revoked: a forged one names no session, and must not fill the list.
        var result = await context.AuthenticateAsync(PulseAuthenticationDefaults.SchemeName).ConfigureAwait(false);
        // The cookie goes in every case: a shared screen must forget the session even when the token outlives it.
        var cookie = CookieOptions(context, options, MountPath.Of(context, "/api/session/logout"));
        context.Response.Cookies.Delete(PulseAuthenticationDefaults.CookieName, cookie);
        // A wall screen logged out forgets its kiosk credential too (the kiosk session stays until revoked).
        if (context.Request.Cookies.ContainsKey(KioskAuthenticationDefaults.CookieName))
            context.Response.Cookies.Delete(KioskAuthenticationDefaults.CookieName, cookie);
        context.Response.Headers.CacheControl = "no-store";
        // The list could not be read to check the token: it cannot be written either.
        var unavailable = result.Failure is TokenRevocationUnavailableException;
        if (result.Succeeded && result.Principal?.FindFirst("jti")?.Value is { Length: > 0 } jti
            && result.Principal.FindFirst("exp")?.Value is { } exp && long.TryParse(exp, System.Globalization.CultureInfo.InvariantCulture, out var expSeconds))
        {
            try
            {
                await context.RequestServices.GetRequiredService<ITokenRevocationList>()
                    .RevokeAsync(jti, DateTimeOffset.FromUnixTimeSeconds(expSeconds), context.RequestAborted).ConfigureAwait(false);
                context.RequestServices.GetRequiredService<AuthenticationMetrics>().RevokedTokens.Add(1);
            }
            catch (TokenRevocationUnavailableException)
            {
                unavailable = true;
            }
        }
        if (unavailable)
        {
            await JsonError.WriteAsync(context, StatusCodes.Status503ServiceUnavailable,
                "logout incomplete: the token revocation list cannot be reached, so the token stays valid until it expires "
                + "(the session cookie was cleared); try again later").ConfigureAwait(false);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task GetSessionAsync(HttpContext context)
    {
        if (context.User.GetPulseIdentity() is not { } identity)
        {
            await JsonError.WriteAsync(context, StatusCodes.Status401Unauthorized, "the token has no tenant or sub claim").ConfigureAwait(false);
            return;
        }
        var permissions = await context.RequestServices.GetRequiredService<IPermissionEvaluator>()
            .GetAsync(identity.Tenant, identity.User, context.RequestAborted).ConfigureAwait(false);
        var kiosk = KioskBinding.Of(context.User);
        if (permissions is not null && kiosk is not null) permissions = KioskBinding.ViewOnly(permissions);
        if (permissions is null)
        {
            await JsonError.WriteAsync(context, StatusCodes.Status403Forbidden,
                $"user '{identity.User}' has no permissions in tenant '{identity.Tenant}' (not among the configuration's users)").ConfigureAwait(false);
            return;
        }
        context.Response.Headers.CacheControl = "no-store";
        await WriteJsonAsync(context, w =>
        {
            w.WriteString("user", permissions.User);
            w.WriteString("tenant", permissions.Tenant);
            w.WriteStartArray("privileges");
            foreach (var p in permissions.Privileges.Order()) w.WriteStringValue(p.ToString());
            w.WriteEndArray();
            WriteCap(w, "maxTabs", permissions.MaxTabs, permissions.Has(PulsePrivilege.AddDashboardsWithoutLimit));
            WriteCap(w, "maxWidgets", permissions.MaxWidgets, permissions.Has(PulsePrivilege.AddWidgetsWithoutLimit));
            if (kiosk is null) return;
            w.WriteStartObject("kiosk");
            w.WriteString("id", kiosk.Id);
            w.WriteString("name", kiosk.Name);
            w.WriteString("tabId", kiosk.TabId);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    // No limit is written as null rather than 2147483647.
    private static void WriteCap(Utf8JsonWriter w, string name, int cap, bool unlimited)
    {
        if (unlimited || cap == int.MaxValue) w.WriteNull(name);
        else w.WriteNumber(name, cap);
    }

    /// <summary>The options of Pulse's cookies: sent only below <paramref name="routeBase"/>, where Pulse is mounted (<c>/</c> at the root).</summary>
    internal static CookieOptions CookieOptions(HttpContext context, PulseAuthenticationOptions options, string routeBase) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Path = routeBase.Length == 0 ? "/" : routeBase,
        Secure = options.CookieSecure switch
        {
            CookieSecurePolicy.Always => true,
            CookieSecurePolicy.None => false,
            _ => context.Request.IsHttps,
        },
    };

    private static async Task WriteJsonAsync(HttpContext context, Action<Utf8JsonWriter> body)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JsonError.Encoder }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }
}
