namespace Pulse.Sdk.Hep;

/// <summary>
/// The name of the meter (System.Diagnostics.Metrics) of the HEP capture source, to pass to
/// <c>AddMeter</c> (OpenTelemetry) or to a prometheus-net meter adapter. The instruments themselves are internal.
/// </summary>
public static class HepMeter
{
    /// <summary>The meter name: <c>Pulse.Sdk.Hep</c>.</summary>
    public const string Name = "Pulse.Sdk.Hep";
}
