using Microsoft.AspNetCore.Http;
using Pulse.Sdk.Authentication.Throttling;

namespace Pulse.Sdk.Authentication.Validation;

/// <summary>
/// Settings of Pulse's side of authentication (<c>AddPulseAuthentication</c>): what a token must say and where the
/// authentication role is. Validated when the host starts; each message names the option and what to set.
/// </summary>
public sealed class PulseAuthenticationOptions
{
    /// <summary>The <c>iss</c> a token must carry: the role's <c>AuthServiceOptions.Issuer</c>. Default <c>pulse-auth</c>.</summary>
    public string Issuer { get; set; } = "pulse-auth";

    /// <summary>The <c>aud</c> a token must carry. Default <c>pulse</c>.</summary>
    public string Audience { get; set; } = "pulse";

    /// <summary>
    /// The role's JWKS, for example <c>http://auth/auth/.well-known/jwks.json</c>. When null, the role must run in
    /// this process (<c>AddPulseAuthService</c>), and its key is used directly. Default null.
    /// </summary>
    public Uri? JwksUri { get; set; }

    /// <summary>
    /// The role's token endpoint, for example <c>http://auth/auth/token</c>, which session login asks. When null, the
    /// role must run in this process. Default null.
    /// </summary>
    public Uri? TokenUri { get; set; }

    /// <summary>
    /// How long an answer of the authentication role about a token's credential stamp is kept (1 s to 10 minutes): a
    /// password change ends the sessions begun before it at most this much later. Default 30 s.
    /// </summary>
    public TimeSpan CredentialCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Sent with every login forwarded to <see cref="TokenUri"/> (header <c>X-Pulse-Forwarder</c>): the role's
    /// <c>AuthServiceOptions.ForwarderSecret</c>, so that the role does not count all of this replica's clients against
    /// the replica's one address (this replica limits each client's address itself). At least 16 characters; default null.
    /// </summary>
    public string? ForwarderSecret { get; set; }

    /// <summary>How far the clocks of the role and Pulse may disagree when checking <c>nbf</c> and <c>exp</c> (0 to 5 minutes). Default 30 s.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the JWKS read from the role is used before it is read again (1 minute to 1 day). Default 10 minutes.</summary>
    public TimeSpan JwksRefreshInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The least time between two reads of the JWKS (1 s to <see cref="JwksRefreshInterval"/>): a token with an unknown
    /// <c>kid</c> makes Pulse read it again (the role may have a new key), at most this often. Default 30 s.
    /// </summary>
    public TimeSpan JwksMinRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The <c>Secure</c> attribute of the session cookie. Default <see cref="CookieSecurePolicy.SameAsRequest"/> (set behind TLS; put <see cref="CookieSecurePolicy.Always"/> when TLS ends at a proxy).</summary>
    public CookieSecurePolicy CookieSecure { get; set; } = CookieSecurePolicy.SameAsRequest;

    /// <summary>The largest login body accepted, in bytes (256 to 65,536); a larger one is answered 413. Default 4,096.</summary>
    public int MaxLoginBodyBytes { get; set; } = 4096;

    /// <summary>
    /// The longest lifetime (<c>exp</c> − <c>iat</c>) a token may have, 1 minute to 24 hours; a longer one is refused,
    /// however it was signed. When null, the in-process role's <c>AuthServiceOptions.TokenLifetime</c>, or 1 hour (the
    /// role's default) when the role runs elsewhere: set it when the role's lifetime is longer. Default null.
    /// </summary>
    public TimeSpan? MaxTokenLifetime { get; set; }

    /// <summary>The limits on password attempts at <c>POST /api/session/login</c>, applied before the role is asked. Defaults as <see cref="LoginThrottleOptions"/> says.</summary>
    public LoginThrottleOptions LoginThrottling { get; set; } = new();

    /// <summary>
    /// Where an opened kiosk link sends the wall screen: the wallboard's page, to which <c>#tab=&lt;id&gt;</c> is added
    /// (docs/api.md, "Kiosk sessions"). A path beginning with one <c>/</c>, below the route prefix the kiosk link is mapped
    /// under (<c>app.MapGroup("/pulse").MapPulseSession()</c>: <c>/</c> sends the screen to <c>/pulse/</c>). Default <c>/</c>.
    /// </summary>
    public string KioskStartPath { get; set; } = "/";

    /// <summary>What is wrong with these options (the role's presence aside), one message per problem; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Issuer)) errors.Add("PulseAuthenticationOptions.Issuer must be set to the authentication role's issuer (AuthServiceOptions.Issuer, e.g. \"pulse-auth\")");
        if (string.IsNullOrWhiteSpace(Audience)) errors.Add("PulseAuthenticationOptions.Audience must be set (e.g. \"pulse\")");
        CheckUri(JwksUri, nameof(JwksUri), "http://auth/auth/.well-known/jwks.json", errors);
        CheckUri(TokenUri, nameof(TokenUri), "http://auth/auth/token", errors);
        if (ClockSkew < TimeSpan.Zero || ClockSkew > TimeSpan.FromMinutes(5)) errors.Add($"PulseAuthenticationOptions.ClockSkew must be 0 to 5 minutes (e.g. 30 s), was {ClockSkew}");
        if (JwksRefreshInterval < TimeSpan.FromMinutes(1) || JwksRefreshInterval > TimeSpan.FromDays(1))
            errors.Add($"PulseAuthenticationOptions.JwksRefreshInterval must be 1 minute to 1 day (e.g. 10 minutes), was {JwksRefreshInterval}");
        if (JwksMinRefreshInterval < TimeSpan.FromSeconds(1) || JwksMinRefreshInterval > JwksRefreshInterval)
            errors.Add($"PulseAuthenticationOptions.JwksMinRefreshInterval must be 1 s to JwksRefreshInterval (e.g. 30 s), was {JwksMinRefreshInterval}");
        if (MaxTokenLifetime is { } max && (max < TimeSpan.FromMinutes(1) || max > TimeSpan.FromHours(24)))
            errors.Add($"PulseAuthenticationOptions.MaxTokenLifetime must be null (the role's TokenLifetime) or 1 minute to 24 hours (e.g. 1 hour), was {max}");
        if (CredentialCheckInterval < TimeSpan.FromSeconds(1) || CredentialCheckInterval > TimeSpan.FromMinutes(10))
            errors.Add($"PulseAuthenticationOptions.CredentialCheckInterval must be 1 s to 10 minutes (e.g. 30 s), was {CredentialCheckInterval}");
        if (ForwarderSecret is { Length: < 16 })
            errors.Add("PulseAuthenticationOptions.ForwarderSecret is too short: set the authentication role's AuthServiceOptions.ForwarderSecret (at least 16 characters), or null for none");
        if (LoginThrottling is null) errors.Add("PulseAuthenticationOptions.LoginThrottling must not be null (leave the default limits)");
        else errors.AddRange(LoginThrottling.Validate("PulseAuthenticationOptions.LoginThrottling"));
        if (KioskStartPath is null || !KioskStartPath.StartsWith('/') || KioskStartPath.StartsWith("//", StringComparison.Ordinal) || KioskStartPath.Contains('#')
            || KioskStartPath.Contains('\\') || KioskStartPath.Any(char.IsControl))
            errors.Add($"PulseAuthenticationOptions.KioskStartPath must be a path of this host beginning with one '/' (e.g. \"/\", the wallboard), was '{KioskStartPath}'");
        if (MaxLoginBodyBytes is < 256 or > 65_536) errors.Add($"PulseAuthenticationOptions.MaxLoginBodyBytes must be 256 to 65536 (e.g. 4096), was {MaxLoginBodyBytes}");
        return errors;
    }

    private static void CheckUri(Uri? uri, string name, string example, List<string> errors)
    {
        if (uri is not null && (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
            errors.Add($"PulseAuthenticationOptions.{name} must be an absolute http or https address (e.g. {example}), was '{uri}'");
    }
}
