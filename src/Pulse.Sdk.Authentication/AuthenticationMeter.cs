namespace Pulse.Sdk.Authentication;

/// <summary>
/// The name of the meter (System.Diagnostics.Metrics) of the authentication package (logins, tokens, signing keys, credential stamps), to pass to
/// <c>AddMeter</c> (OpenTelemetry) or to a prometheus-net meter adapter. The instruments themselves are internal.
/// </summary>
public static class AuthenticationMeter
{
    /// <summary>The meter name: <c>Pulse.Sdk.Authentication</c>.</summary>
    public const string Name = "Pulse.Sdk.Authentication";
}
