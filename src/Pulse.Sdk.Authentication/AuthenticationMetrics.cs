using System.Diagnostics.Metrics;

namespace Pulse.Sdk.Authentication;

/// <summary>
/// The instruments of the authentication package, on the <see cref="AuthenticationMeter.Name"/> meter, named by the
/// OpenTelemetry conventions (docs/metrics.md). A singleton of the container, on a meter of the host's <see cref="IMeterFactory"/>.
/// </summary>
internal sealed class AuthenticationMetrics
{
    public AuthenticationMetrics(IMeterFactory factory)
        : this(factory.Create(new MeterOptions(AuthenticationMeter.Name) { Version = Version }))
    {
    }

    private AuthenticationMetrics(Meter meter)
    {
        CredentialCheckErrors = meter.CreateCounter<long>("pulse.auth.credential_check.errors", unit: "{check}",
            description: "Checks of a token's credential stamp that could not ask the authentication role (answered from an earlier confirmation, or 503).");
        EndedSessions = meter.CreateCounter<long>("pulse.auth.ended_sessions", unit: "{request}",
            description: "Requests refused because the user's password changed since their token was issued.");
        FailedLogins = meter.CreateCounter<long>("pulse.auth.failed_logins", unit: "{login}",
            description: "Logins refused for an unknown user or a wrong password, by endpoint: token (POST /auth/token) or session (POST /api/session/login).");
        IssuedTokens = meter.CreateCounter<long>("pulse.auth.issued_tokens", unit: "{token}", description: "Tokens the authentication role signed.");
        KeyRefreshes = meter.CreateCounter<long>("pulse.auth.key_refreshes", unit: "{refresh}",
            description: "Reads of the authentication role's signing keys (JWKS) by Pulse, by result: ok or error.");
        LoginRefusals = meter.CreateCounter<long>("pulse.auth.login_refusals", unit: "{login}",
            description: "Logins refused before the password was checked, by endpoint (token or session) and reason: user_locked, address_limit, hashing_busy, or role_limit (the role refused a session login).");
        RevokedTokens = meter.CreateCounter<long>("pulse.auth.revoked_tokens", unit: "{token}", description: "Tokens revoked by logout.");
    }

    /// <summary>
    /// For a <see cref="Issuing.TokenIssuer"/> built without a container (its public constructor): a process-wide meter
    /// no container owns, created once, so such issuers neither leak meters nor lose their measurements.
    /// </summary>
    internal static AuthenticationMetrics Shared => s_shared.Value;

    // Made on first use only: a host whose container makes the metrics never has this meter.
    private static readonly Lazy<AuthenticationMetrics> s_shared = new(static () => new(new Meter(new MeterOptions(AuthenticationMeter.Name) { Version = Version })));

    private static string? Version => typeof(AuthenticationMetrics).Assembly.GetName().Version?.ToString();

    internal static readonly KeyValuePair<string, object?> TokenEndpoint = new("endpoint", "token");
    internal static readonly KeyValuePair<string, object?> SessionEndpoint = new("endpoint", "session");

    internal Counter<long> CredentialCheckErrors { get; }

    internal Counter<long> EndedSessions { get; }

    internal Counter<long> FailedLogins { get; }

    internal Counter<long> IssuedTokens { get; }

    internal Counter<long> KeyRefreshes { get; }

    internal Counter<long> LoginRefusals { get; }

    internal Counter<long> RevokedTokens { get; }
}
