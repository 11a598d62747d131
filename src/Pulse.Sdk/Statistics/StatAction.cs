namespace Pulse.Sdk.Statistics;

/// <summary>
/// Actions and statuses that statistic masks select (docs/statistics.md, "Occurrences"). The event-to-action mapping is
/// in <c>docs/statistics.md</c>. Values are bit positions in an <see cref="ActionMask"/>; the first
/// seventeen are also the agent statuses, in priority order (<see cref="AgentStatus"/>).
/// </summary>
public enum StatAction
{
    // Statuses, low to high priority (same numbers as AgentStatus).
    /// <summary>Status: not monitored.</summary>
    NotMonitored = 0,
    /// <summary>Status: monitored.</summary>
    Monitored = 1,
    /// <summary>Status: logged in (lasts from login to logout).</summary>
    LoggedIn = 2,
    /// <summary>Status: on hook.</summary>
    OnHook = 3,
    /// <summary>Status: ready, waiting for the next call.</summary>
    WaitForNextCall = 4,
    /// <summary>Status: off hook.</summary>
    OffHook = 5,
    /// <summary>Action: dialling out.</summary>
    CallDialing = 6,
    /// <summary>Action: a call alerting at the agent (or an interaction invitation).</summary>
    CallRinging = 7,
    /// <summary>Status: not ready.</summary>
    NotReadyForNextCall = 8,
    /// <summary>Status: after-call work.</summary>
    AfterCallWork = 9,
    /// <summary>Action: a call on hold.</summary>
    CallOnHold = 10,
    /// <summary>Action: a connected call of unknown type.</summary>
    CallUnknown = 11,
    /// <summary>Action: a connected consultation call.</summary>
    CallConsult = 12,
    /// <summary>Action: a connected internal call.</summary>
    CallInternal = 13,
    /// <summary>Action: a connected outbound call.</summary>
    CallOutbound = 14,
    /// <summary>Action: a connected inbound call (or a handled digital interaction).</summary>
    CallInbound = 15,
    /// <summary>Status: logged out.</summary>
    LoggedOut = 16,

    // Queue, route point and tenant actions.
    /// <summary>Durable: a call waiting in a queue, route point or virtual queue.</summary>
    CallWait = 17,
    /// <summary>Instant: a call entered the queue.</summary>
    CallEntered = 18,
    /// <summary>Retrospective: a call left the queue toward a target; duration = time queued.</summary>
    CallDistributed = 19,
    /// <summary>Retrospective: a call from this queue was answered; duration = entered to answered (the wait).</summary>
    CallAnswered = 20,
    /// <summary>Retrospective: the caller hung up while queued or ringing; duration = entered to abandoned.</summary>
    CallAbandoned = 21,
    /// <summary>Retrospective, agent: the caller hung up while the call rang at the agent.</summary>
    CallAbandonedFromRinging = 22,
    /// <summary>Instant, agent: a transfer was completed (EventPartyChanged).</summary>
    CallTransferMade = 23,
    /// <summary>Retrospective, queue (Pulse.Sdk extension): a call from this queue was released by the agent; duration = connected time.</summary>
    CallHandled = 24,

    // Staging areas (interaction queues).
    /// <summary>Instant: an interaction was placed in the interaction queue.</summary>
    InteractionEntered = 25,
    /// <summary>Durable: an interaction waiting in the interaction queue.</summary>
    InteractionWait = 26,
    /// <summary>Retrospective: an interaction was taken from the queue to an agent; duration = time queued.</summary>
    InteractionDistributed = 27,
    /// <summary>Retrospective: an interaction was stopped while in the queue; duration = time queued.</summary>
    InteractionCleared = 28,
    /// <summary>Instant: an interaction was submitted (tenant level).</summary>
    InteractionSubmitted = 29,

    /// <summary>Retrospective, queue (Pulse.Sdk extension): after-call work that followed a call handled from this queue; duration = the work.</summary>
    CallAfterCallWork = 30,
}

/// <summary>An agent's status, in priority order: the current state is the highest-priority status in effect.</summary>
public enum AgentStatus
{
    /// <summary>Not monitored.</summary>
    NotMonitored = 0,
    /// <summary>Monitored.</summary>
    Monitored = 1,
    /// <summary>Logged in, neither ready nor not ready.</summary>
    LoggedIn = 2,
    /// <summary>On hook.</summary>
    OnHook = 3,
    /// <summary>Ready.</summary>
    WaitForNextCall = 4,
    /// <summary>Off hook.</summary>
    OffHook = 5,
    /// <summary>Dialling.</summary>
    CallDialing = 6,
    /// <summary>A call is ringing.</summary>
    CallRinging = 7,
    /// <summary>Not ready.</summary>
    NotReadyForNextCall = 8,
    /// <summary>After-call work.</summary>
    AfterCallWork = 9,
    /// <summary>On hold.</summary>
    CallOnHold = 10,
    /// <summary>On a call of unknown type.</summary>
    CallUnknown = 11,
    /// <summary>On a consultation call.</summary>
    CallConsult = 12,
    /// <summary>On an internal call.</summary>
    CallInternal = 13,
    /// <summary>On an outbound call.</summary>
    CallOutbound = 14,
    /// <summary>On an inbound call.</summary>
    CallInbound = 15,
    /// <summary>Logged out.</summary>
    LoggedOut = 16,
}
