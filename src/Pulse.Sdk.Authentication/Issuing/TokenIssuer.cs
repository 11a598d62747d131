using Pulse.Sdk.Permissions;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Pulse.Sdk.Authentication.Issuing;

/// <summary>
/// Signs the tokens of the authentication role: RS256 with the <see cref="SigningKey"/> (header <c>kid</c>), claims
/// <c>sub</c> (user), <c>tenant</c>, <c>iss</c>, <c>aud</c>, <c>iat</c>, <c>nbf</c>, <c>exp</c> from the injected
/// clock, and a random <c>jti</c>.
/// </summary>
public sealed class TokenIssuer
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SigningCredentials _credentials;
    private readonly TimeProvider _time;
    private readonly AuthenticationMetrics _metrics;

    /// <summary>An issuer signing with <paramref name="key"/>.</summary>
    /// <param name="key">The signing key; the caller's.</param>
    /// <param name="issuer">The <c>iss</c>.</param>
    /// <param name="audience">The <c>aud</c>.</param>
    /// <param name="lifetime">How long a token is accepted (positive).</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    public TokenIssuer(SigningKey key, string issuer, string audience, TimeSpan lifetime, TimeProvider? timeProvider = null)
        // Built without a container there is no IMeterFactory: the process-wide instruments.
        : this(key, issuer, audience, lifetime, timeProvider, AuthenticationMetrics.Shared)
    {
    }

    /// <summary>The container's issuer, counting on the host's meter (<c>AddPulseAuthService</c>).</summary>
    internal TokenIssuer(SigningKey key, string issuer, string audience, TimeSpan lifetime, TimeProvider? timeProvider, AuthenticationMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(issuer);
        ArgumentException.ThrowIfNullOrWhiteSpace(audience);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        Key = key;
        Issuer = issuer;
        Audience = audience;
        Lifetime = lifetime;
        // A factory of our own: the shared default caches signature providers by key id, so a role built again in the
        // same process over the same key file would sign with the provider of a disposed key.
        _credentials = new SigningCredentials(key.SecurityKey, SigningKey.Algorithm)
        {
            CryptoProviderFactory = new CryptoProviderFactory { CacheSignatureProviders = false },
        };
        _time = timeProvider ?? TimeProvider.System;
        _metrics = metrics;
    }

    /// <summary>The signing key.</summary>
    public SigningKey Key { get; }

    /// <summary>The <c>iss</c> of the tokens.</summary>
    public string Issuer { get; }

    /// <summary>The <c>aud</c> of the tokens.</summary>
    public string Audience { get; }

    /// <summary>How long a token is accepted.</summary>
    public TimeSpan Lifetime { get; }

    /// <summary>Signs a token for <paramref name="user"/> of <paramref name="tenant"/>, valid from now for <see cref="Lifetime"/>.</summary>
    /// <param name="tenant">The tenant id.</param>
    /// <param name="user">The user id.</param>
    /// <param name="credentialStamp">The stamp of the user's password (claim <c>pulse_cst</c>); none when null.</param>
    public IssuedToken Issue(string tenant, string user, string? credentialStamp = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentException.ThrowIfNullOrEmpty(user);
        // JWT times are whole seconds: round now down so that exp - iat is exactly the lifetime.
        var now = DateTimeOffset.FromUnixTimeSeconds(_time.GetUtcNow().ToUnixTimeSeconds());
        var expires = now + Lifetime;
        var claims = new Dictionary<string, object>
        {
            [PulseClaimTypes.Subject] = user,
            [PulseClaimTypes.Tenant] = tenant,
            ["jti"] = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16)),
        };
        if (credentialStamp is not null) claims[CredentialStamp.ClaimType] = credentialStamp;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = claims,
            SigningCredentials = _credentials,
        });
        _metrics.IssuedTokens.Add(1);
        return new IssuedToken(token, expires, Lifetime);
    }
}
