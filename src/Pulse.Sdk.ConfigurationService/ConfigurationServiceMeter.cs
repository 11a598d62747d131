namespace Pulse.Sdk.ConfigurationService;

/// <summary>
/// The name of the meter (System.Diagnostics.Metrics) of the configuration service, to pass to
/// <c>AddMeter</c> (OpenTelemetry) or to a prometheus-net meter adapter. The instruments themselves are internal.
/// </summary>
public static class ConfigurationServiceMeter
{
    /// <summary>The meter name: <c>Pulse.Sdk.ConfigurationService</c>.</summary>
    public const string Name = "Pulse.Sdk.ConfigurationService";
}
