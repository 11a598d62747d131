namespace Pulse.Sdk.ConfigurationService.Client;

/// <summary>
/// The name of the meter (System.Diagnostics.Metrics) of the configuration service client, to pass to
/// <c>AddMeter</c> (OpenTelemetry) or to a prometheus-net meter adapter. The instruments themselves are internal.
/// </summary>
public static class ConfigurationClientMeter
{
    /// <summary>The meter name: <c>Pulse.Sdk.ConfigurationService.Client</c>.</summary>
    public const string Name = "Pulse.Sdk.ConfigurationService.Client";
}
