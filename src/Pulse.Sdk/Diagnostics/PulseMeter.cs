namespace Pulse.Sdk.Diagnostics;

/// <summary>
/// The name of the meter (System.Diagnostics.Metrics) of the statistics engine and the Data Collection Unit (events applied, skipped and rejected, sinks, checkpoints), to pass to
/// <c>AddMeter</c> (OpenTelemetry) or to a prometheus-net meter adapter. The instruments themselves are internal.
/// </summary>
public static class PulseMeter
{
    /// <summary>The meter name: <c>Pulse.Sdk</c>.</summary>
    public const string Name = "Pulse.Sdk";
}
