namespace Pulse.Sdk.Feed;

/// <summary>
/// The name of the meter (System.Diagnostics.Metrics) of the feed client, server and LDS, to pass to
/// <c>AddMeter</c> (OpenTelemetry) or to a prometheus-net meter adapter. The instruments themselves are internal.
/// </summary>
public static class FeedMeter
{
    /// <summary>The meter name: <c>Pulse.Sdk.Feed</c>.</summary>
    public const string Name = "Pulse.Sdk.Feed";
}
