namespace Pulse.Sdk.Events;

/// <summary>
/// Every event the engine understands. Voice events follow the T-Library names, digital events the
/// Interaction Server reporting names (docs/events.md, "Event types"). The JSON name is the member name with the
/// <c>Event</c> prefix, e.g. <c>EventQueued</c>.
/// </summary>
public enum PulseEventType
{
    /// <summary>Not a valid event; never produced by a decoder.</summary>
    None = 0,

    // Voice (and voice VQ)
    /// <summary>A call entered an ACD queue, a route point or a virtual queue (<c>dn</c> = queue DN).</summary>
    Queued,
    /// <summary>A call left the queue toward a target (<c>thirdPartyDn</c>).</summary>
    Diverted,
    /// <summary>The caller hung up while queued or ringing.</summary>
    Abandoned,
    /// <summary>A call is alerting at an agent DN.</summary>
    Ringing,
    /// <summary>A call was answered at <c>dn</c>.</summary>
    Established,
    /// <summary>A call was put on hold at <c>dn</c> (voice) or an interaction was held (digital).</summary>
    Held,
    /// <summary>A held call was retrieved.</summary>
    Retrieved,
    /// <summary>A party (<c>dn</c>) left the call.</summary>
    Released,
    /// <summary>A transfer completed: <c>connId</c> replaces <c>previousConnId</c>.</summary>
    PartyChanged,
    /// <summary>An agent dialled out (outbound or internal call) from <c>dn</c>.</summary>
    Dialing,
    /// <summary>An agent logged in (voice: at a DN; digital: to the Interaction Server).</summary>
    AgentLogin,
    /// <summary>An agent logged out.</summary>
    AgentLogout,
    /// <summary>An agent became ready (voice).</summary>
    AgentReady,
    /// <summary>An agent became not ready; <c>workMode</c> AfterCallWork means after-call work.</summary>
    AgentNotReady,

    // Digital interactions (and their VQ variant)
    /// <summary>A new interaction was submitted to the Interaction Server.</summary>
    InteractionSubmitted,
    /// <summary>An interaction was placed in an interaction queue (staging area).</summary>
    PlacedInQueue,
    /// <summary>An interaction was taken from an interaction queue; with <c>agent</c> set it was distributed.</summary>
    TakenFromQueue,
    /// <summary>An agent was invited to handle an interaction (the digital "ringing").</summary>
    AgentInvited,
    /// <summary>The invited agent rejected the interaction.</summary>
    Rejected,
    /// <summary>The invitation was revoked (timeout or withdrawn).</summary>
    Revoked,
    /// <summary>A party (agent) joined the interaction: handling starts.</summary>
    PartyAdded,
    /// <summary>A party (agent) left the interaction: handling ends.</summary>
    PartyRemoved,
    /// <summary>Processing of the interaction stopped (it is finished).</summary>
    ProcessingStopped,
    /// <summary>A held interaction resumed.</summary>
    Resumed,
    /// <summary>An interaction was placed in a workbin.</summary>
    PlacedInWorkbin,
    /// <summary>An interaction was taken from a workbin.</summary>
    TakenFromWorkbin,
    /// <summary>An agent became ready for a media type.</summary>
    ReadyForMedia,
    /// <summary>An agent became not ready for a media type.</summary>
    NotReadyForMedia,
    /// <summary>A media type was added to an agent's login.</summary>
    MediaAdded,
    /// <summary>A media type was removed from an agent's login.</summary>
    MediaRemoved,
    /// <summary>The reason of the agent's current state changed.</summary>
    AgentStateReasonChanged,
}
