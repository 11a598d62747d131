namespace Pulse.Sdk.Engine;

/// <summary>What the engine did with one event.</summary>
public enum EventOutcome
{
    /// <summary>Applied in full.</summary>
    Applied,
    /// <summary>Dropped: the same source and sequence number was already applied.</summary>
    Duplicate,
    /// <summary>Dropped: its sequence number is below the last one applied from its source.</summary>
    OutOfOrder,
    /// <summary>Dropped: the tenant is not configured.</summary>
    UnknownTenant,
    /// <summary>Applied in part: a DN, agent, queue, call or interaction it names is not known; what is known was applied.</summary>
    UnknownObject,
    /// <summary>Dropped: a field its type requires is missing (<see cref="Events.PulseEvent.Validate"/>).</summary>
    Invalid,
}
