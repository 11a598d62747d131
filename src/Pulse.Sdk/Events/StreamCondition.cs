namespace Pulse.Sdk.Events;

/// <summary>Whether a source's stream is current (docs/statistics.md, "Data quality").</summary>
public enum StreamCondition
{
    /// <summary>Connected to its upstream and caught up: what it delivers is current.</summary>
    Current,

    /// <summary>Not connected to its upstream (or not yet): a consumer marks its statistics stale after a grace period.</summary>
    Interrupted,

    /// <summary>Events were lost and cannot be read again (the upstream no longer holds them): stale until current again.</summary>
    EventsLost,
}
