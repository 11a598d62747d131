namespace Pulse.Sdk.Redis;

/// <summary>
/// The name of the meter (System.Diagnostics.Metrics) of the Redis adapter, its permission evaluator, its partition membership and the Redis token revocation list, to pass to
/// <c>AddMeter</c> (OpenTelemetry) or to a prometheus-net meter adapter. The instruments themselves are internal.
/// </summary>
public static class RedisMeter
{
    /// <summary>The meter name: <c>Pulse.Sdk.Redis</c>.</summary>
    public const string Name = "Pulse.Sdk.Redis";
}
