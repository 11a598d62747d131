namespace Pulse.Sdk.Authentication.Validation;

/// <summary>Names used by Pulse's authentication.</summary>
public static class PulseAuthenticationDefaults
{
    /// <summary>The authentication scheme <c>AddPulseAuthentication</c> registers (a JWT bearer scheme): <c>Pulse</c>.</summary>
    public const string SchemeName = "Pulse";

    /// <summary>The session cookie holding the token: <c>pulse_session</c>.</summary>
    public const string CookieName = "pulse_session";

    /// <summary>The name of the <see cref="System.Net.Http.HttpClient"/> that reads the JWKS (configure it with <c>services.AddHttpClient(name)</c>).</summary>
    public const string JwksHttpClientName = "Pulse.Sdk.Authentication.Jwks";

    /// <summary>The name of the <see cref="System.Net.Http.HttpClient"/> that asks the authentication role for tokens.</summary>
    public const string TokenHttpClientName = "Pulse.Sdk.Authentication.Token";
}
