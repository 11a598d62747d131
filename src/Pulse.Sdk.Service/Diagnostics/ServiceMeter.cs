namespace Pulse.Sdk.Service.Diagnostics;

/// <summary>
/// The name of the meter (System.Diagnostics.Metrics) of the Pulse service (REST API answers and refusals, live connections, subscriptions and messages), to pass to
/// <c>AddMeter</c> (OpenTelemetry) or to a prometheus-net meter adapter. The instruments themselves are internal.
/// </summary>
public static class ServiceMeter
{
    /// <summary>The meter name: <c>Pulse.Sdk.Service</c>.</summary>
    public const string Name = "Pulse.Sdk.Service";
}
