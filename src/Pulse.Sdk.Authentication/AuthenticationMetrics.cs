using System.Diagnostics.Metrics;

namespace Pulse.Sdk.Authentication;

/// <summary>The instruments of the authentication package, on the <see cref="AuthenticationMeter.Name"/> meter, named by the OpenTelemetry conventions (docs/metrics.md).</summary>
internal static class AuthenticationMetrics
{
    internal static readonly Meter Meter = new(AuthenticationMeter.Name, typeof(AuthenticationMetrics).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> CredentialCheckErrors =
        Meter.CreateCounter<long>("pulse.auth.credential_check.errors", unit: "{check}", description: "Checks of a token's credential stamp that could not ask the authentication role (answered from an earlier confirmation, or 503).");

    internal static readonly Counter<long> EndedSessions =
        Meter.CreateCounter<long>("pulse.auth.ended_sessions", unit: "{request}", description: "Requests refused because the user's password changed since their token was issued.");

    internal static readonly Counter<long> FailedLogins =
        Meter.CreateCounter<long>("pulse.auth.failed_logins", unit: "{login}", description: "Logins refused for an unknown user or a wrong password, by endpoint: token (POST /auth/token) or session (POST /api/session/login).");

    internal static readonly Counter<long> IssuedTokens =
        Meter.CreateCounter<long>("pulse.auth.issued_tokens", unit: "{token}", description: "Tokens the authentication role signed.");

    internal static readonly Counter<long> KeyRefreshes =
        Meter.CreateCounter<long>("pulse.auth.key_refreshes", unit: "{refresh}", description: "Reads of the authentication role's signing keys (JWKS) by Pulse, by result: ok or error.");

    internal static readonly Counter<long> LoginRefusals =
        Meter.CreateCounter<long>("pulse.auth.login_refusals", unit: "{login}", description: "Logins refused before the password was checked, by endpoint (token or session) and reason: user_locked, address_limit, hashing_busy, or role_limit (the role refused a session login).");

    internal static readonly Counter<long> RevokedTokens =
        Meter.CreateCounter<long>("pulse.auth.revoked_tokens", unit: "{token}", description: "Tokens revoked by logout.");

    internal static readonly KeyValuePair<string, object?> TokenEndpoint = new("endpoint", "token");
    internal static readonly KeyValuePair<string, object?> SessionEndpoint = new("endpoint", "session");
}
