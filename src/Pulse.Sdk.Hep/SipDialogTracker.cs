using Pulse.Sdk.Configuration;
using Pulse.Sdk.Events;

namespace Pulse.Sdk.Hep;

/// <summary>
/// Follows SIP dialogs per Call-ID and turns their signalling into the canonical voice events of
/// <c>docs/events.md</c> (source <see cref="EventSourceKind.Voice"/>, the tenant of the options, <see cref="PulseEvent.Seq"/>
/// increasing per tracker, <see cref="PulseEvent.Time"/> the capture time). The Call-ID is the connection id.
/// </summary>
/// <remarks>
/// <para>Rules (see <c>docs/hep.md</c>): DNs are the user part of SIP URIs, matched against the configured queue,
/// virtual-queue and route-point DNs and the agents' DNs.</para>
/// <list type="bullet">
/// <item>An initial INVITE (no To tag) whose Request-URI user (or else To user) is a queue/VQ/route-point DN:
/// <c>Queued</c> on that DN, <c>otherDn</c> = From user, call type Inbound.</item>
/// <item>The call reaches an agent when an INVITE with the same Call-ID is relayed to an agent DN (a proxy forwarding
/// the call, as Kamailio does), or — when no such leg is seen — when a 18x/2xx response's Contact user is an agent DN.
/// At the first 18x (or the 2xx if none): <c>Diverted</c> from the queue (<c>thirdPartyDn</c> = agent DN) and
/// <c>Ringing</c> at the agent DN.</item>
/// <item>2xx to the initial INVITE: <c>Established</c> at the agent DN. ACK adds nothing.</item>
/// <item>CANCEL, 487, or BYE before the answer: <c>Abandoned</c> — at the agent DN while ringing there, otherwise on
/// the queue DN. BYE after the answer: <c>Released</c> at the agent DN.</item>
/// <item>A re-INVITE with SDP <c>sendonly</c>, <c>recvonly</c> or <c>inactive</c> (or <c>c=0.0.0.0</c>): <c>Held</c>;
/// then one with <c>sendrecv</c>: <c>Retrieved</c>.</item>
/// <item>REFER in an answered call, then a new INVITE (new Call-ID) carrying Referred-By or addressed to the
/// Refer-To user: <c>PartyChanged</c> (new Call-ID replaces the old) and <c>Released</c> of the transferring agent.</item>
/// <item>An INVITE straight to an agent DN (no queue) gives <c>Ringing</c>, <c>Established</c>, <c>Released</c> only.</item>
/// </list>
/// <para>Every transition happens once, so retransmissions and the copies of a message seen on both sides of a
/// proxy add no event. <see cref="Expire"/> ends half-open dialogs after the timeouts of the options.
/// Not thread-safe: one thread processes messages.</para>
/// </remarks>
internal sealed class SipDialogTracker
{
    private readonly Dictionary<string, Dialog> _dialogs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dialog> _pendingTransfers = new(StringComparer.Ordinal);
    private volatile Dictionary<string, DnTarget> _dns;
    private long _seq;

    /// <summary>Creates a tracker for the tenant of <paramref name="options"/>.</summary>
    /// <param name="configuration">Supplies the queue and agent DNs; a change is picked up for the next messages.</param>
    /// <param name="options">Options; validated.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public SipDialogTracker(IPulseConfigurationProvider configuration, SipDialogTrackerOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        OptionsValidation.ThrowIfInvalid(options.Validate(), nameof(options));
        Options = options;
        _dns = BuildDns(configuration.Current, options.Tenant);
        configuration.Changed += c => _dns = BuildDns(c, options.Tenant);
    }

    /// <summary>The options in force.</summary>
    public SipDialogTrackerOptions Options { get; }

    /// <summary>Dialogs tracked now, including ended ones kept for <see cref="SipDialogTrackerOptions.EndedRetention"/>.</summary>
    public int DialogCount => _dialogs.Count;

    /// <summary>The sequence number of the last event produced (0 before the first).</summary>
    public long LastSeq => _seq;

    /// <summary>Initial INVITEs not tracked: to no configured DN, or beyond <see cref="SipDialogTrackerOptions.MaxDialogs"/>.</summary>
    public long UntrackedCalls { get; private set; }

    /// <summary>Processes one SIP message and appends the events it causes to <paramref name="events"/>.</summary>
    /// <param name="message">The message.</param>
    /// <param name="captureTime">When it was captured (the HEP timestamp); <see langword="null"/> for the tracker's clock.</param>
    /// <param name="events">Receives the events, in order.</param>
    public void Process(SipMessage message, DateTimeOffset? captureTime, ICollection<PulseEvent> events)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(events);
        var now = Options.TimeProvider.GetUtcNow();
        var time = captureTime ?? now;
        _dialogs.TryGetValue(message.CallId, out var dialog);
        if (dialog is not null) dialog.LastActivity = now;

        if (message.IsRequest)
        {
            switch (message.Method)
            {
                case "INVITE" when message.To.Tag is null:
                    if (dialog is null) StartDialog(message, now, time, events);
                    else if (dialog.Phase < Phase.Established) Relay(dialog, message);
                    break;
                case "INVITE":
                    if (dialog is { Phase: Phase.Established }) HoldOrRetrieve(dialog, message.MediaDirection, time, events);
                    break;
                case "CANCEL":
                    if (dialog is not null && dialog.Phase < Phase.Established) Abandon(dialog, now, time, events);
                    break;
                case "BYE":
                    if (dialog is null || dialog.Phase == Phase.Ended) break;
                    if (dialog.Phase == Phase.Established) Release(dialog, now, time, events);
                    else Abandon(dialog, now, time, events);
                    break;
                case "REFER":
                    if (dialog is { Phase: Phase.Established, AgentDn: not null } && message.ReferTo?.User is { } target)
                    {
                        dialog.ReferTarget = target;
                        _pendingTransfers[target] = dialog;
                    }

                    break;
            }

            return;
        }

        if (dialog is null || dialog.Phase == Phase.Ended || !message.Is("INVITE") || message.CSeq != dialog.InviteCSeq) return;
        int status = message.StatusCode;
        if (status is > 100 and < 300 && dialog.Phase < Phase.Established)
        {
            if (dialog.AgentDn is null && message.Contact?.User is { } contactUser && Lookup(contactUser) is { IsAgent: true } agent)
            {
                dialog.AgentDn = contactUser;
                dialog.AgentId = agent.AgentId;
            }

            Ring(dialog, time, events);
            if (status >= 200)
            {
                dialog.Phase = Phase.Established;
                if (dialog.AgentDn is not null)
                    Emit(events, time, PulseEventType.Established, dialog.CallId, dialog.AgentDn, agent: dialog.AgentId, queue: dialog.QueueDn,
                        otherDn: dialog.Caller, callType: dialog.CallType);
            }
        }
        else if (status == 487)
        {
            if (dialog.Phase < Phase.Established) Abandon(dialog, now, time, events);
        }
        else if (status >= 300 && dialog.Phase == Phase.Ringing && dialog.AgentDn is not null)
        {
            // The agent did not take the call (busy, declined, no answer): its ringing ends; the dialog waits for another
            // agent leg, or is abandoned by a CANCEL/BYE or the unanswered timeout.
            Emit(events, time, PulseEventType.Released, dialog.CallId, dialog.AgentDn, agent: dialog.AgentId);
            dialog.Phase = Phase.Queued;
            dialog.AgentDn = dialog.AgentId = null;
        }
    }

    /// <summary>
    /// Ends the dialogs silent past their timeout (unanswered: <c>Abandoned</c>; answered: <c>Released</c>) and forgets
    /// ended dialogs past <see cref="SipDialogTrackerOptions.EndedRetention"/>. Call it periodically.
    /// </summary>
    /// <param name="events">Receives the events, at the tracker's clock time.</param>
    public void Expire(ICollection<PulseEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var now = Options.TimeProvider.GetUtcNow();
        List<string>? forget = null;
        foreach (var dialog in _dialogs.Values)
        {
            if (dialog.Phase == Phase.Ended)
            {
                if (now - dialog.LastActivity >= Options.EndedRetention) (forget ??= []).Add(dialog.CallId);
            }
            else if (dialog.Phase == Phase.Established)
            {
                if (now - dialog.LastActivity >= Options.AnsweredTimeout) Release(dialog, now, now, events);
            }
            else if (now - dialog.LastActivity >= Options.UnansweredTimeout)
            {
                Abandon(dialog, now, now, events);
            }
        }

        if (forget is not null)
        {
            foreach (var id in forget)
            {
                if (_dialogs.Remove(id, out var d) && d.ReferTarget is { } t && _pendingTransfers.GetValueOrDefault(t) == d) _pendingTransfers.Remove(t);
            }
        }
    }

    private void StartDialog(SipMessage message, DateTimeOffset now, DateTimeOffset time, ICollection<PulseEvent> events)
    {
        string? dn = message.RequestUser;
        var target = dn is null ? null : Lookup(dn);
        if (target is null && message.To.User is { } toUser && Lookup(toUser) is { } byTo)
        {
            dn = toUser;
            target = byTo;
        }

        Dialog? transferred = null;
        if (_pendingTransfers.Count > 0 && dn is not null)
        {
            if (_pendingTransfers.Remove(dn, out var byTarget)) transferred = byTarget;
            else if (message.ReferredBy is not null && _pendingTransfers.Count == 1)
            {
                transferred = _pendingTransfers.Values.First();
                _pendingTransfers.Clear();
            }
        }

        if (target is null || _dialogs.Count >= Options.MaxDialogs)
        {
            UntrackedCalls++;
            return;
        }

        string? caller = message.From.User;
        var dialog = new Dialog(message.CallId)
        {
            Caller = caller, InviteCSeq = message.CSeq, LastActivity = now,
            CallType = caller is not null && Lookup(caller) is { IsAgent: true } ? CallType.Internal : CallType.Inbound,
        };
        _dialogs[dialog.CallId] = dialog;
        if (transferred is { Phase: Phase.Established } previous)
        {
            Emit(events, time, PulseEventType.PartyChanged, dialog.CallId, previous.AgentDn!, agent: previous.AgentId, previousConnId: previous.CallId);
            Emit(events, time, PulseEventType.Released, dialog.CallId, previous.AgentDn!, agent: previous.AgentId);
            previous.Phase = Phase.Ended;
        }

        if (target.IsAgent)
        {
            dialog.AgentDn = dn;
            dialog.AgentId = target.AgentId;
            dialog.Direct = true;
        }
        else
        {
            dialog.QueueDn = dn;
            Emit(events, time, PulseEventType.Queued, dialog.CallId, dn!, otherDn: caller, callType: CallType.Inbound);
        }
    }

    private void Relay(Dialog dialog, SipMessage message)
    {
        if (message.RequestUser is not { } dn || dn == dialog.AgentDn || Lookup(dn) is not { IsAgent: true } agent) return;
        if (dialog.Phase == Phase.Ringing) return; // already alerting another agent: the first leg wins
        dialog.AgentDn = dn;
        dialog.AgentId = agent.AgentId;
    }

    private void Ring(Dialog dialog, DateTimeOffset time, ICollection<PulseEvent> events)
    {
        if (dialog.Phase != Phase.Queued) return;
        if (dialog.QueueDn is not null && !dialog.Diverted)
        {
            Emit(events, time, PulseEventType.Diverted, dialog.CallId, dialog.QueueDn, thirdPartyDn: dialog.AgentDn);
            dialog.Diverted = true;
        }

        if (dialog.AgentDn is null) return;
        dialog.Phase = Phase.Ringing;
        Emit(events, time, PulseEventType.Ringing, dialog.CallId, dialog.AgentDn, agent: dialog.AgentId, queue: dialog.QueueDn,
            otherDn: dialog.Caller, callType: dialog.CallType);
    }

    private void HoldOrRetrieve(Dialog dialog, SdpMediaDirection direction, DateTimeOffset time, ICollection<PulseEvent> events)
    {
        if (dialog.AgentDn is null) return;
        if (direction is SdpMediaDirection.SendOnly or SdpMediaDirection.RecvOnly or SdpMediaDirection.Inactive && !dialog.Held)
        {
            dialog.Held = true;
            Emit(events, time, PulseEventType.Held, dialog.CallId, dialog.AgentDn, agent: dialog.AgentId);
        }
        else if (direction == SdpMediaDirection.SendRecv && dialog.Held)
        {
            dialog.Held = false;
            Emit(events, time, PulseEventType.Retrieved, dialog.CallId, dialog.AgentDn, agent: dialog.AgentId);
        }
    }

    private void Abandon(Dialog dialog, DateTimeOffset now, DateTimeOffset time, ICollection<PulseEvent> events)
    {
        if (dialog.Phase == Phase.Ringing && dialog.AgentDn is not null)
            Emit(events, time, PulseEventType.Abandoned, dialog.CallId, dialog.AgentDn, agent: dialog.AgentId, queue: dialog.QueueDn);
        else if (dialog.QueueDn is not null && !dialog.Diverted)
            Emit(events, time, PulseEventType.Abandoned, dialog.CallId, dialog.QueueDn);
        End(dialog, now);
    }

    private void Release(Dialog dialog, DateTimeOffset now, DateTimeOffset time, ICollection<PulseEvent> events)
    {
        if (dialog.AgentDn is not null) Emit(events, time, PulseEventType.Released, dialog.CallId, dialog.AgentDn, agent: dialog.AgentId);
        End(dialog, now);
    }

    private static void End(Dialog dialog, DateTimeOffset now)
    {
        dialog.Phase = Phase.Ended;
        dialog.LastActivity = now;
    }

    private void Emit(ICollection<PulseEvent> events, DateTimeOffset time, PulseEventType type, string connId, string dn, string? agent = null,
        string? queue = null, string? otherDn = null, string? thirdPartyDn = null, CallType callType = CallType.Unknown, string? previousConnId = null)
    {
        events.Add(new PulseEvent
        {
            Seq = ++_seq, Time = time, Tenant = Options.Tenant, Source = EventSourceKind.Voice, Type = type, ConnId = connId,
            PreviousConnId = previousConnId, Dn = dn, Agent = agent, Queue = queue, OtherDn = otherDn, ThirdPartyDn = thirdPartyDn,
            CallType = callType, Media = MediaType.Voice,
        });
    }

    private DnTarget? Lookup(string dn) => _dns.GetValueOrDefault(dn);

    private static Dictionary<string, DnTarget> BuildDns(PulseConfiguration configuration, string tenantId)
    {
        var map = new Dictionary<string, DnTarget>(StringComparer.Ordinal);
        var tenant = configuration.Tenants.FirstOrDefault(t => t.Id == tenantId);
        if (tenant is null) return map;
        foreach (var q in tenant.Queues) AddQueue(q.Dn);
        foreach (var q in tenant.VirtualQueues) AddQueue(q.Dn);
        foreach (var r in tenant.RoutePoints) AddQueue(r.Dn);
        foreach (var a in tenant.Agents)
        {
            foreach (var dn in a.Dns) map.TryAdd(dn, new DnTarget(true, a.Id));
        }

        return map;

        void AddQueue(string? dn)
        {
            if (!string.IsNullOrEmpty(dn)) map.TryAdd(dn, new DnTarget(false, null));
        }
    }

    private sealed record DnTarget(bool IsAgent, string? AgentId);

    private enum Phase
    {
        Queued,
        Ringing,
        Established,
        Ended,
    }

    private sealed class Dialog(string callId)
    {
        public string CallId { get; } = callId;
        public Phase Phase { get; set; }
        public string? QueueDn { get; set; }
        public string? Caller { get; set; }
        public string? AgentDn { get; set; }
        public string? AgentId { get; set; }
        public bool Direct { get; set; }
        public bool Diverted { get; set; }
        public bool Held { get; set; }
        public long InviteCSeq { get; set; }
        public CallType CallType { get; set; }
        public string? ReferTarget { get; set; }
        public DateTimeOffset LastActivity { get; set; }
    }
}
