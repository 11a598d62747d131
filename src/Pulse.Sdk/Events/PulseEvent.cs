namespace Pulse.Sdk.Events;

/// <summary>
/// One event from an upstream stream: an immutable value carrying its tenant, source stream,
/// sequence number, source timestamp and the attributes of its type. Which attributes an event
/// type needs is checked by <see cref="Validate"/>; the JSON-lines form is in <c>docs/events.md</c>.
/// </summary>
/// <remarks>
/// One class for every event type (rather than a class per type) keeps decoding and the engine's
/// dispatch free of type tests and casts; <see cref="Type"/> says which attributes are meaningful.
/// </remarks>
public sealed record PulseEvent
{
    /// <summary>Sequence number within <see cref="Source"/>, strictly increasing. Used for duplicate detection and resume.</summary>
    public long Seq { get; init; }

    /// <summary>When the source saw the event. Informational for the engine, which reads time from its <see cref="TimeProvider"/>; replay advances its clock to this value.</summary>
    public DateTimeOffset Time { get; init; }

    /// <summary>Tenant id, as in the configuration.</summary>
    public string Tenant { get; init; } = "";

    /// <summary>The stream the event came from.</summary>
    public EventSourceKind Source { get; init; }

    /// <summary>What happened.</summary>
    public PulseEventType Type { get; init; }

    /// <summary>Voice connection id (T-Library ConnID).</summary>
    public string? ConnId { get; init; }

    /// <summary>The connection id a <see cref="PulseEventType.PartyChanged"/> replaces.</summary>
    public string? PreviousConnId { get; init; }

    /// <summary>Digital interaction id.</summary>
    public string? InteractionId { get; init; }

    /// <summary>ThisDN: the DN the event is reported on (queue, route point, virtual queue or agent DN).</summary>
    public string? Dn { get; init; }

    /// <summary>OtherDN: the other party (the caller's number on an inbound call).</summary>
    public string? OtherDn { get; init; }

    /// <summary>ThirdPartyDN: the target of a diversion.</summary>
    public string? ThirdPartyDn { get; init; }

    /// <summary>ThisQueue (voice) or the interaction queue (digital).</summary>
    public string? Queue { get; init; }

    /// <summary>The interaction queue an interaction came from (digital).</summary>
    public string? PreviousQueue { get; init; }

    /// <summary>Agent id (AgentID / employee id), as in the configuration.</summary>
    public string? Agent { get; init; }

    /// <summary>Agent work mode, on agent state events.</summary>
    public WorkMode WorkMode { get; init; }

    /// <summary>Reason code of a not-ready state or a state-reason change.</summary>
    public string? Reason { get; init; }

    /// <summary>T-Library call type.</summary>
    public CallType CallType { get; init; }

    /// <summary>Media type; <see cref="MediaType.Voice"/> for voice streams.</summary>
    public MediaType Media { get; init; }

    /// <summary>Attached data (user data) of the call or interaction, used by statistic filters.</summary>
    public IReadOnlyDictionary<string, string>? Data { get; init; }

    /// <summary>
    /// Checks that the attributes this event's <see cref="Type"/> needs are present.
    /// </summary>
    /// <returns><see langword="null"/> when valid, otherwise a message naming the missing field (JSON name).</returns>
    public string? Validate()
    {
        if (Type == PulseEventType.None) return "field 'event' is missing or empty";
        if (string.IsNullOrEmpty(Tenant)) return "field 'tenant' is missing or empty";
        if (Seq < 0) return "field 'seq' must not be negative";
        switch (Type)
        {
            case PulseEventType.Queued:
            case PulseEventType.Diverted:
            case PulseEventType.Abandoned:
            case PulseEventType.Ringing:
            case PulseEventType.Established:
            case PulseEventType.Released:
            case PulseEventType.Retrieved:
            case PulseEventType.Dialing:
                return Require(ConnId, "connId") ?? Require(Dn, "dn");
            case PulseEventType.Held:
                return Source is EventSourceKind.Ixn or EventSourceKind.IxnVq
                    ? Require(InteractionId, "interactionId") ?? Require(Agent, "agent")
                    : Require(ConnId, "connId") ?? Require(Dn, "dn");
            case PulseEventType.PartyChanged:
                return Require(ConnId, "connId") ?? Require(PreviousConnId, "previousConnId");
            case PulseEventType.AgentLogin:
            case PulseEventType.AgentLogout:
            case PulseEventType.AgentReady:
            case PulseEventType.AgentNotReady:
            case PulseEventType.ReadyForMedia:
            case PulseEventType.NotReadyForMedia:
            case PulseEventType.MediaAdded:
            case PulseEventType.MediaRemoved:
            case PulseEventType.AgentStateReasonChanged:
                return Require(Agent, "agent");
            case PulseEventType.InteractionSubmitted:
            case PulseEventType.ProcessingStopped:
            case PulseEventType.PlacedInWorkbin:
            case PulseEventType.TakenFromWorkbin:
                return Require(InteractionId, "interactionId");
            case PulseEventType.PlacedInQueue:
            case PulseEventType.TakenFromQueue:
                return Require(InteractionId, "interactionId") ?? Require(Queue, "queue");
            case PulseEventType.AgentInvited:
            case PulseEventType.Rejected:
            case PulseEventType.Revoked:
            case PulseEventType.PartyAdded:
            case PulseEventType.PartyRemoved:
            case PulseEventType.Resumed:
                return Require(InteractionId, "interactionId") ?? Require(Agent, "agent");
            default:
                return $"event type {Type} is not supported";
        }
    }

    private static string? Require(string? value, string field) =>
        string.IsNullOrEmpty(value) ? $"field '{field}' is required for this event" : null;
}
