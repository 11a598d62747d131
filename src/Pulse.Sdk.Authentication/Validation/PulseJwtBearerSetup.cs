using Pulse.Sdk.Permissions;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Net.Http.Headers;
using Pulse.Sdk.Authentication.Http;
using Pulse.Sdk.Authentication.Issuing;

namespace Pulse.Sdk.Authentication.Validation;

/// <summary>
/// Sets up the <see cref="PulseAuthenticationDefaults.SchemeName"/> JWT bearer scheme from
/// <see cref="PulseAuthenticationOptions"/>: RS256 only, issuer, audience and lifetime checked by the injected clock,
/// claims kept as they are in the token (<c>sub</c>, <c>tenant</c>), the token read from the bearer header or else
/// the session cookie, keys from the role's JWKS (or its in-process key), a lifetime of at most
/// <see cref="PulseAuthenticationOptions.MaxTokenLifetime"/>, a <c>jti</c> not in the <see cref="ITokenRevocationList"/>,
/// and answers of the API's shape (<c>{"message": ...}</c>; 503 while no signing key or the revocation list can be read).
/// </summary>
internal sealed class PulseJwtBearerSetup(
    IOptions<PulseAuthenticationOptions> pulseOptions, TimeProvider timeProvider, IHttpClientFactory httpClients,
    ILoggerFactory loggers, IServiceProvider services, AuthenticationMetrics metrics) : IConfigureNamedOptions<JwtBearerOptions>
{
    public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);

    public void Configure(string? name, JwtBearerOptions options)
    {
        if (name != PulseAuthenticationDefaults.SchemeName) return;
        var o = pulseOptions.Value;
        var maxLifetime = MaxLifetime(o);
        options.MapInboundClaims = false;
        // A kiosk credential (docs/api.md, "Kiosk sessions") is no JWT: its own scheme checks it.
        options.ForwardDefaultSelector = Kiosk.KioskAuthenticationHandler.SchemeFor;
        options.TimeProvider = timeProvider;
        options.RefreshOnIssuerKeyNotFound = true;
        options.ConfigurationManager = new SigningKeyCache(KeySource(o), o.Issuer, o.JwksRefreshInterval, o.JwksMinRefreshInterval,
            timeProvider, loggers.CreateLogger<SigningKeyCache>(), metrics);
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = o.Issuer,
            ValidAudience = o.Audience,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            // Only RS256: never "none", never an HMAC keyed with the public key.
            ValidAlgorithms = [SigningKey.Algorithm],
            ClockSkew = o.ClockSkew,
            NameClaimType = PulseClaimTypes.Subject,
            LifetimeValidator = (notBefore, expires, token, parameters) => CheckLifetime(notBefore, expires, token, maxLifetime, parameters.ClockSkew),
        };
        options.Events = new JwtBearerEvents
        {
            OnMessageReceived = context =>
            {
                if (!context.Request.Headers.ContainsKey(HeaderNames.Authorization)
                    && context.Request.Cookies.TryGetValue(PulseAuthenticationDefaults.CookieName, out var token) && token.Length > 0)
                    context.Token = token;
                return Task.CompletedTask;
            },
            OnTokenValidated = async context =>
            {
                // Every token of the role has a jti; one without could not be revoked by logout.
                if (context.SecurityToken is not JsonWebToken { Id: { Length: > 0 } id })
                {
                    context.Fail(new SecurityTokenValidationException("the token has no jti"));
                    return;
                }
                if (await services.GetRequiredService<ITokenRevocationList>().IsRevokedAsync(id, context.HttpContext.RequestAborted).ConfigureAwait(false))
                {
                    context.Fail(new TokenRevokedException());
                    return;
                }
                // Issued for the password the user has now? (A new password ends the sessions begun before it.)
                var token = (JsonWebToken)context.SecurityToken;
                if (!token.TryGetPayloadValue<string>(Issuing.CredentialStamp.ClaimType, out var stamp) || string.IsNullOrEmpty(stamp)
                    || !token.TryGetPayloadValue<string>(PulseClaimTypes.Subject, out var user) || string.IsNullOrEmpty(user))
                {
                    context.Fail(new SecurityTokenValidationException("the token has no credential stamp or no subject"));
                    return;
                }
                if (!await services.GetRequiredService<CredentialStampChecker>().IsCurrentAsync(user, stamp, context.HttpContext.RequestAborted).ConfigureAwait(false))
                {
                    metrics.EndedSessions.Add(1);
                    context.Fail(new CredentialChangedException());
                }
            },
            OnAuthenticationFailed = context =>
            {
                // Without keys or revocation list the handler would rethrow (a 500, or an exception out of a caller's
                // AuthenticateAsync); fail instead, and the challenge answers 503.
                if (context.Exception is SigningKeysUnavailableException or TokenRevocationUnavailableException or CredentialCheckUnavailableException) context.Fail(context.Exception);
                return Task.CompletedTask;
            },
            OnChallenge = async context =>
            {
                context.HandleResponse();
                if (UnavailableMessage(context.AuthenticateFailure) is { } unavailable)
                {
                    await JsonError.WriteAsync(context.HttpContext, StatusCodes.Status503ServiceUnavailable, unavailable).ConfigureAwait(false);
                    return;
                }
                context.Response.Headers.WWWAuthenticate = context.AuthenticateFailure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
                var message = context.AuthenticateFailure switch
                {
                    null => "not authenticated: send Authorization: Bearer <token>, or log in with POST /api/session/login",
                    SecurityTokenExpiredException => "the token has expired; log in again",
                    TokenRevokedException => "the token was revoked (logged out); log in again",
                    CredentialChangedException => "the password changed since this session began; log in again",
                    SecurityTokenInvalidLifetimeException => "the token's lifetime is longer than Pulse accepts; log in again",
                    _ => "the token is not valid; log in again",
                };
                await JsonError.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, message).ConfigureAwait(false);
            },
            OnForbidden = context => JsonError.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "not allowed"),
        };
    }

    /// <summary>The 503 message when <paramref name="failure"/> says the token could not be checked (rather than refused); else null.</summary>
    internal static string? UnavailableMessage(Exception? failure) => failure switch
    {
        SigningKeysUnavailableException => "the authentication role's signing keys cannot be read; try again later",
        TokenRevocationUnavailableException => "the token revocation list cannot be read, so the token cannot be checked; try again later",
        CredentialCheckUnavailableException => "the authentication role cannot be asked whether the password changed, so the token cannot be checked; try again later",
        _ => null,
    };

    // The role's own lifetime when it runs here; else the role's default.
    private TimeSpan MaxLifetime(PulseAuthenticationOptions o) =>
        o.MaxTokenLifetime
        ?? (services.GetRequiredService<IServiceProviderIsService>().IsService(typeof(InProcessTokenService))
            ? services.GetRequiredService<IOptions<AuthServiceOptions>>().Value.TokenLifetime
            : new AuthServiceOptions().TokenLifetime);

    // By the injected clock (the library's own check reads the system clock). A lifetime is measured from iat (else
    // nbf), and the time left may not exceed it either: a leaked key could otherwise mint tokens valid for years.
    private bool CheckLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TimeSpan maxLifetime, TimeSpan skew)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        if (expires is not { } exp) throw new SecurityTokenNoExpirationException("the token has no exp");
        var issued = token is JsonWebToken { IssuedAt: var iat } && iat != DateTime.MinValue ? iat : notBefore;
        if (issued is not { } start || exp - start > maxLifetime || exp - now > maxLifetime + skew)
            throw new SecurityTokenInvalidLifetimeException($"the token's lifetime (iat/nbf {issued:O} to exp {exp:O}) exceeds {maxLifetime}") { Expires = exp, NotBefore = notBefore };
        if (notBefore is { } nbf && nbf > now + skew)
            throw new SecurityTokenNotYetValidException($"the token is valid from {nbf:O}, now is {now:O}") { NotBefore = nbf };
        if (exp < now - skew)
            throw new SecurityTokenExpiredException($"the token expired at {exp:O}, now is {now:O}") { Expires = exp };
        return true;
    }

    private Func<CancellationToken, Task<IReadOnlyList<SecurityKey>>> KeySource(PulseAuthenticationOptions o)
    {
        if (o.JwksUri is { } uri)
        {
            return async cancel =>
            {
                var client = httpClients.CreateClient(PulseAuthenticationDefaults.JwksHttpClientName);
                using var response = await client.GetAsync(uri, cancel).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode) throw new HttpRequestException($"{uri} answered {(int)response.StatusCode}");
                var json = await response.Content.ReadAsStringAsync(cancel).ConfigureAwait(false);
                return new JsonWebKeySet(json).GetSigningKeys().ToList();
            };
        }
        // No JWKS address: the role runs in this process (checked when the host starts).
        return _ => Task.FromResult<IReadOnlyList<SecurityKey>>([.. services.GetRequiredService<SigningKeyRing>().Published().Select(k => k.PublicKey)]);
    }
}
