using System.Globalization;
using System.Text;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Events;
using Pulse.Sdk.Simulation;

namespace Pulse.Sdk.Tests.Simulation;

/// <summary>
/// Replays a simulated event stream against the configuration and the canonical voice and digital flows,
/// collecting every violation (capped) and a few counts for the tests to assert on.
/// </summary>
internal sealed class SimulationChecker
{
    private const int MaxViolations = 20;

    private readonly SimulatorOptions _options;
    private readonly TenantConfig _tenant;
    private readonly Dictionary<string, AgentConfig> _agentsById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AgentConfig> _agentsByDn = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _queueIndexByDn = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _vqIndexByDn = new(StringComparer.Ordinal);
    private readonly HashSet<string> _iqIds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _virtualIqIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CallTrack> _calls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AgentTrack> _agents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IxnTrack> _ixns = new(StringComparer.Ordinal);
    private readonly long[] _lastSeq = new long[4];
    private DateTimeOffset _lastTime = DateTimeOffset.MinValue;
    private long _index;

    public SimulationChecker(SimulatorOptions options, PulseConfiguration configuration)
    {
        _options = options;
        _tenant = Assert.Single(configuration.Tenants);
        foreach (var a in _tenant.Agents)
        {
            _agentsById.Add(a.Id, a);
            foreach (var dn in a.Dns) _agentsByDn.Add(dn, a);
        }
        for (var i = 0; i < _tenant.Queues.Count; i++) _queueIndexByDn.Add(_tenant.Queues[i].Dn, i);
        for (var i = 0; i < _tenant.VirtualQueues.Count; i++) _vqIndexByDn.Add(_tenant.VirtualQueues[i].Dn, i);
        foreach (var q in _tenant.InteractionQueues) (q.Virtual ? _virtualIqIds : _iqIds).Add(q.Id);
    }

    public List<string> Violations { get; } = [];

    /// <summary>Voice Queued times per queue DN, for the arrival-rate checks.</summary>
    public Dictionary<string, List<DateTimeOffset>> ArrivalsByQueueDn { get; } = new(StringComparer.Ordinal);

    public Dictionary<PulseEventType, int> VoiceCounts { get; } = [];
    public Dictionary<PulseEventType, int> VoiceVqCounts { get; } = [];
    public Dictionary<PulseEventType, int> IxnCounts { get; } = [];
    public Dictionary<PulseEventType, int> IxnVqCounts { get; } = [];
    public int CallsEnded { get; private set; }
    public int QueueAbandons { get; private set; }
    public int RingAbandons { get; private set; }
    public int EmailsWithdrawn { get; private set; }
    public int BreaksTaken { get; private set; }
    public HashSet<string> BreakReasonsSeen { get; } = new(StringComparer.Ordinal);

    public static SimulationChecker Run(SimulatorOptions options, IEnumerable<PulseEvent> events)
    {
        var checker = new SimulationChecker(options, options.BuildConfiguration());
        foreach (var e in events) checker.Check(e);
        return checker;
    }

    public void AssertNoViolations() =>
        Assert.True(Violations.Count == 0, "violations:\n" + string.Join("\n", Violations));

    private void Fail(PulseEvent e, string what)
    {
        if (Violations.Count < MaxViolations) Violations.Add($"#{_index} {Serialize(e)}: {what}");
    }

    /// <summary>Checks one event; an event that fails <see cref="PulseEvent.Validate"/> is reported and not followed further (the flows below rely on its required fields).</summary>
    public void Check(PulseEvent e)
    {
        _index++;
        if (e.Validate() is { } invalid) { Fail(e, invalid); return; }
        if (e.Tenant != _tenant.Id) Fail(e, "unknown tenant");
        var src = (int)e.Source;
        if (e.Seq != _lastSeq[src] + 1) Fail(e, $"seq {e.Seq} does not follow {_lastSeq[src]} on {e.Source}");
        _lastSeq[src] = e.Seq;
        if (e.Time < _lastTime) Fail(e, $"time goes back from {_lastTime:O}");
        _lastTime = e.Time;
        if (e.Time < _options.Start) Fail(e, "time before Start");
        if (e.Time.Ticks % TimeSpan.TicksPerMillisecond != 0) Fail(e, "time is not at millisecond precision");
        CheckReferences(e);

        switch (e.Source)
        {
            case EventSourceKind.Voice:
                Count(VoiceCounts, e.Type);
                if (e.Media != MediaType.Voice) Fail(e, "voice event with non-voice media");
                Voice(e);
                break;
            case EventSourceKind.VoiceVq:
                Count(VoiceVqCounts, e.Type);
                if (e.Media != MediaType.Voice) Fail(e, "voice-vq event with non-voice media");
                VoiceVq(e);
                break;
            case EventSourceKind.Ixn:
                Count(IxnCounts, e.Type);
                Ixn(e);
                break;
            case EventSourceKind.IxnVq:
                Count(IxnVqCounts, e.Type);
                IxnVq(e);
                break;
            default:
                Fail(e, "the simulator does not produce this source");
                break;
        }
    }

    private static void Count(Dictionary<PulseEventType, int> counts, PulseEventType type) =>
        counts[type] = counts.GetValueOrDefault(type) + 1;

    private void CheckReferences(PulseEvent e)
    {
        if (e.Agent is not null && !_agentsById.ContainsKey(e.Agent)) Fail(e, "unknown agent");
        if (e.Dn is not null && !_agentsByDn.ContainsKey(e.Dn) && !_queueIndexByDn.ContainsKey(e.Dn) && !_vqIndexByDn.ContainsKey(e.Dn))
            Fail(e, "unknown dn");
        if (e.ThirdPartyDn is not null && !_agentsByDn.ContainsKey(e.ThirdPartyDn)) Fail(e, "thirdPartyDn is not an agent DN");
        if (e.Agent is not null && e.Dn is not null && _agentsById.TryGetValue(e.Agent, out var ac) && !ac.Dns.Contains(e.Dn))
            Fail(e, "dn is not the agent's DN");
        if (e.Source is EventSourceKind.Voice or EventSourceKind.VoiceVq)
        {
            if (e.Queue is not null && !_queueIndexByDn.ContainsKey(e.Queue) && !_vqIndexByDn.ContainsKey(e.Queue)) Fail(e, "unknown queue DN");
        }
        else
        {
            if (e.Dn is not null) Fail(e, "digital event with a DN");
            if (e.Queue is not null && !_iqIds.Contains(e.Queue) && !_virtualIqIds.Contains(e.Queue)) Fail(e, "unknown interaction queue");
            if (e.PreviousQueue is not null && !_iqIds.Contains(e.PreviousQueue)) Fail(e, "unknown previous interaction queue");
        }
    }

    // ------------------------------------------------------------------ voice

    private AgentTrack AgentOf(string id)
    {
        if (!_agents.TryGetValue(id, out var t)) _agents[id] = t = new AgentTrack();
        return t;
    }

    private void Voice(PulseEvent e)
    {
        switch (e.Type)
        {
            case PulseEventType.AgentLogin:
            {
                var a = AgentOf(e.Agent!);
                if (a.VoiceLoggedIn) Fail(e, "second voice login");
                a.VoiceLoggedIn = true;
                return;
            }
            case PulseEventType.AgentReady:
            {
                var a = AgentOf(e.Agent!);
                if (!a.VoiceLoggedIn) Fail(e, "ready before login");
                if (a.Call is not null) Fail(e, "ready while holding a call");
                if (a.AwaitingAcw) Fail(e, "ready instead of after-call work");
                a.Ready = true;
                a.InAcw = false;
                return;
            }
            case PulseEventType.AgentNotReady:
            {
                var a = AgentOf(e.Agent!);
                if (a.Call is not null) Fail(e, "not ready while holding a call");
                if (e.WorkMode == WorkMode.AfterCallWork)
                {
                    if (!a.AwaitingAcw) Fail(e, "after-call work without a released call");
                    a.AwaitingAcw = false;
                    a.InAcw = true;
                }
                else
                {
                    if (a.AwaitingAcw) Fail(e, "break instead of after-call work");
                    if (!a.InAcw) Fail(e, "break not after after-call work");
                    if (e.WorkMode != WorkMode.AuxWork) Fail(e, "break work mode is not AuxWork");
                    if (e.Reason is null || !_options.BreakReasons.Contains(e.Reason)) Fail(e, "break reason is not a configured reason");
                    else BreakReasonsSeen.Add(e.Reason);
                    BreaksTaken++;
                    a.InAcw = false;
                }
                a.Ready = false;
                return;
            }
        }

        var connId = e.ConnId!;
        _calls.TryGetValue(connId, out var call);
        if (e.Type == PulseEventType.Queued)
        {
            if (call is { VoiceQueued: true }) { Fail(e, "connId queued twice"); return; }
            if (!_queueIndexByDn.TryGetValue(e.Dn!, out var qi)) { Fail(e, "voice Queued on a non-queue DN"); return; }
            if (e.Queue != e.Dn) Fail(e, "queue differs from dn");
            if (e.CallType != CallType.Inbound) Fail(e, "call type is not Inbound");
            if (string.IsNullOrEmpty(e.OtherDn)) Fail(e, "no caller number");
            if (e.Data is null || !e.Data.TryGetValue("Language", out var lang) || lang is not ("English" or "Spanish")
                || !e.Data.TryGetValue("Segment", out var seg) || seg is not ("Gold" or "Silver"))
                Fail(e, "attached data lacks Language/Segment");
            call ??= new CallTrack();
            _calls[connId] = call;
            call.VoiceQueued = true;
            call.QueueDn = e.Dn!;
            call.State = CallState.Queued;
            if (call.VqDn is not null && _vqIndexByDn.GetValueOrDefault(call.VqDn, -1) != _options.VirtualQueueOf(qi)) Fail(e, "the VQ does not route to this queue");
            if (!ArrivalsByQueueDn.TryGetValue(e.Dn!, out var list)) ArrivalsByQueueDn[e.Dn!] = list = [];
            list.Add(e.Time);
            return;
        }
        if (call is null || !call.VoiceQueued) { Fail(e, "event for a connId never queued"); return; }
        if (call.State == CallState.Ended) { Fail(e, "event after the call ended"); return; }

        switch (e.Type)
        {
            case PulseEventType.Diverted:
                if (call.State != CallState.Queued || call.DivertedTo is not null) Fail(e, "diverted while not queued");
                if (e.Dn != call.QueueDn) Fail(e, "diverted from another DN");
                if (call.VqDn is not null && call.VqDivertedTo != e.ThirdPartyDn) Fail(e, "VQ diversion missing or to another target");
                call.DivertedTo = e.ThirdPartyDn;
                break;
            case PulseEventType.Ringing:
            {
                if (call.State != CallState.Queued || call.DivertedTo != e.Dn) Fail(e, "ringing without a diversion to this DN");
                if (e.Queue != call.QueueDn) Fail(e, "ringing queue differs");
                var a = AgentOf(e.Agent!);
                if (!a.Ready) Fail(e, "routed to an agent who is not ready");
                if (a.Call is not null) Fail(e, "agent already has a call");
                var qid = _tenant.Queues[_queueIndexByDn.GetValueOrDefault(call.QueueDn ?? "")].Id;
                if (!_agentsById.TryGetValue(e.Agent ?? "", out var skilled) || !skilled.Skills.ContainsKey(qid)) Fail(e, "agent not skilled for the queue");
                a.Call = connId;
                call.State = CallState.Ringing;
                call.AgentDn = e.Dn;
                break;
            }
            case PulseEventType.Established:
                if (call.State != CallState.Ringing || call.AgentDn != e.Dn) Fail(e, "established without ringing at this DN");
                if (e.CallType != CallType.Inbound) Fail(e, "call type is not Inbound");
                call.State = CallState.Talking;
                break;
            case PulseEventType.Held:
                if (call.State != CallState.Talking || call.AgentDn != e.Dn) Fail(e, "held while not talking");
                call.State = CallState.Held;
                break;
            case PulseEventType.Retrieved:
                if (call.State != CallState.Held || call.AgentDn != e.Dn) Fail(e, "retrieved while not held");
                call.State = CallState.Talking;
                break;
            case PulseEventType.Released:
            {
                if (call.State != CallState.Talking || call.AgentDn != e.Dn) Fail(e, "released without an established call at this DN");
                var a = AgentOf(e.Agent!);
                if (a.Call != connId) Fail(e, "agent released a call it did not have");
                a.Call = null;
                a.AwaitingAcw = true;
                End(call);
                break;
            }
            case PulseEventType.Abandoned:
                if (_queueIndexByDn.ContainsKey(e.Dn!))
                {
                    if (call.State != CallState.Queued || call.DivertedTo is not null) Fail(e, "abandoned in queue while not queued");
                    QueueAbandons++;
                    call.AbandonedInQueue = true;
                }
                else
                {
                    if (call.State != CallState.Ringing || call.AgentDn != e.Dn) Fail(e, "abandoned at agent while not ringing there");
                    var a = AgentOf(e.Agent ?? "");
                    if (a.Call != connId) Fail(e, "agent did not have the abandoned call");
                    a.Call = null;
                    RingAbandons++;
                }
                End(call);
                break;
            default:
                Fail(e, "unexpected voice event type");
                break;
        }
    }

    private void End(CallTrack call)
    {
        call.State = CallState.Ended;
        CallsEnded++;
    }

    private void VoiceVq(PulseEvent e)
    {
        if (!_vqIndexByDn.ContainsKey(e.Dn!)) { Fail(e, "voice-vq event not on a VQ DN"); return; }
        var connId = e.ConnId!;
        _calls.TryGetValue(connId, out var call);
        switch (e.Type)
        {
            case PulseEventType.Queued:
                if (call is not null) { Fail(e, "VQ queued for a known connId"); return; }
                _calls[connId] = new CallTrack { VqDn = e.Dn };
                break;
            case PulseEventType.Diverted:
                if (call is null || call.VqDn != e.Dn || call.State != CallState.Queued || call.VqDivertedTo is not null) Fail(e, "VQ diverted while not queued there");
                else call.VqDivertedTo = e.ThirdPartyDn;
                break;
            case PulseEventType.Abandoned:
                if (call is null || call.VqDn != e.Dn || !call.AbandonedInQueue || call.VqAbandoned) Fail(e, "VQ abandoned without the queue abandon");
                else call.VqAbandoned = true;
                break;
            default:
                Fail(e, "unexpected voice-vq event type");
                break;
        }
    }

    // ------------------------------------------------------------------ digital

    private void Ixn(PulseEvent e)
    {
        switch (e.Type)
        {
            case PulseEventType.AgentLogin:
            {
                var a = AgentOf(e.Agent!);
                if (a.IxnLoggedIn) Fail(e, "second interaction login");
                a.IxnLoggedIn = true;
                return;
            }
            case PulseEventType.ReadyForMedia:
            {
                var a = AgentOf(e.Agent!);
                if (!a.IxnLoggedIn) Fail(e, "ready for media before login");
                if (!_agentsById.TryGetValue(e.Agent ?? "", out var handles) || !handles.Media.Contains(e.Media)) Fail(e, "agent does not handle this media");
                a.ReadyMedia.Add(e.Media);
                return;
            }
        }
        if (e.Media is not (MediaType.Chat or MediaType.EMail)) Fail(e, "interaction media is not chat or e-mail");
        var id = e.InteractionId!;
        _ixns.TryGetValue(id, out var ixn);
        if (e.Type == PulseEventType.InteractionSubmitted)
        {
            if (ixn is not null) { Fail(e, "interaction submitted twice"); return; }
            if (e.Queue is null) Fail(e, "submitted without a queue");
            _ixns[id] = new IxnTrack { Media = e.Media, Queue = e.Queue };
            return;
        }
        if (ixn is null) { Fail(e, "event for an unknown interaction"); return; }
        if (ixn.State == IxnState.Stopped) { Fail(e, "event after processing stopped"); return; }
        if (e.Media != ixn.Media) Fail(e, "media changed");
        switch (e.Type)
        {
            case PulseEventType.PlacedInQueue:
                if (ixn.State != IxnState.Submitted || e.Queue != ixn.Queue) Fail(e, "placed in queue out of order");
                ixn.State = IxnState.Queued;
                break;
            case PulseEventType.TakenFromQueue:
            {
                if (ixn.State != IxnState.Queued || e.Queue != ixn.Queue || e.Agent is null) Fail(e, "taken from queue out of order");
                var a = AgentOf(e.Agent ?? "");
                if (!a.ReadyMedia.Contains(e.Media)) Fail(e, "distributed to an agent not ready for the media");
                if (!a.BusyMedia.Add(e.Media)) Fail(e, "agent already handles an interaction of this media");
                ixn.Agent = e.Agent;
                ixn.State = IxnState.Taken;
                break;
            }
            case PulseEventType.AgentInvited:
                if (ixn.State != IxnState.Taken || e.Agent != ixn.Agent || e.PreviousQueue != ixn.Queue) Fail(e, "invited out of order");
                ixn.State = IxnState.Invited;
                break;
            case PulseEventType.PartyAdded:
                if (ixn.State != IxnState.Invited || e.Agent != ixn.Agent) Fail(e, "party added out of order");
                ixn.State = IxnState.Added;
                break;
            case PulseEventType.PartyRemoved:
                if (ixn.State != IxnState.Added || e.Agent != ixn.Agent) Fail(e, "party removed out of order");
                ixn.State = IxnState.Removed;
                AgentOf(ixn.Agent ?? "").BusyMedia.Remove(ixn.Media);
                break;
            case PulseEventType.ProcessingStopped:
                if (ixn.State == IxnState.Removed)
                {
                    if (e.Agent != ixn.Agent || e.Queue is not null) Fail(e, "stopped after handling with wrong agent/queue");
                }
                else if (ixn.State == IxnState.Queued)
                {
                    if (e.Agent is not null || e.Queue != ixn.Queue || ixn.Media != MediaType.EMail) Fail(e, "withdrawn from queue wrongly");
                    EmailsWithdrawn++;
                }
                else Fail(e, "processing stopped out of order");
                ixn.State = IxnState.Stopped;
                break;
            default:
                Fail(e, "unexpected interaction event type");
                break;
        }
    }

    // ------------------------------------------------------------------ helpers

    /// <summary>Every field of an event as text (data sorted), so that sequences compare by value.</summary>
    public static string Serialize(PulseEvent e)
    {
        var sb = new StringBuilder(160);
        sb.Append(e.Source).Append('|').Append(e.Seq.ToString(CultureInfo.InvariantCulture)).Append('|')
          .Append(e.Time.UtcTicks.ToString(CultureInfo.InvariantCulture)).Append('|').Append(e.Tenant).Append('|')
          .Append(e.Type).Append('|').Append(e.ConnId).Append('|').Append(e.PreviousConnId).Append('|')
          .Append(e.InteractionId).Append('|').Append(e.Dn).Append('|').Append(e.OtherDn).Append('|')
          .Append(e.ThirdPartyDn).Append('|').Append(e.Queue).Append('|').Append(e.PreviousQueue).Append('|')
          .Append(e.Agent).Append('|').Append(e.WorkMode).Append('|').Append(e.Reason).Append('|')
          .Append(e.CallType).Append('|').Append(e.Media).Append('|');
        if (e.Data is not null)
            foreach (var kv in e.Data.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                sb.Append(kv.Key).Append('=').Append(kv.Value).Append(';');
        return sb.ToString();
    }

    private enum CallState { Queued, Ringing, Talking, Held, Ended }

    private enum IxnState { Submitted, Queued, Taken, Invited, Added, Removed, Stopped }

    private sealed class CallTrack
    {
        public bool VoiceQueued;
        public string? VqDn;
        public string? QueueDn;
        public string? DivertedTo;
        public string? VqDivertedTo;
        public string? AgentDn;
        public bool AbandonedInQueue;
        public bool VqAbandoned;
        public CallState State;
    }

    private sealed class AgentTrack
    {
        public bool VoiceLoggedIn;
        public bool Ready;
        public bool AwaitingAcw;
        public bool InAcw;
        public string? Call;
        public bool IxnLoggedIn;
        public HashSet<MediaType> ReadyMedia { get; } = [];
        public HashSet<MediaType> BusyMedia { get; } = [];
    }

    /// <summary>
    /// The interaction-VQ stream: an interaction of the ixn stream, placed in a virtual queue right after its real queue,
    /// and leaving it at the instant it leaves the real one (taken, with the same agent, or withdrawn).
    /// </summary>
    private void IxnVq(PulseEvent e)
    {
        if (!_virtualIqIds.Contains(e.Queue ?? "")) Fail(e, "ixn-vq event on a queue that is not virtual");
        if (!_ixns.TryGetValue(e.InteractionId!, out var ixn)) { Fail(e, "ixn-vq event for an unknown interaction"); return; }
        if (e.Media != ixn.Media) Fail(e, "media changed");
        switch (e.Type)
        {
            case PulseEventType.PlacedInQueue:
                if (ixn.State != IxnState.Queued || ixn.VirtualQueue is not null) Fail(e, "placed in a virtual queue out of order");
                ixn.VirtualQueue = e.Queue;
                break;
            case PulseEventType.TakenFromQueue:
                if (ixn.State != IxnState.Taken || e.Queue != ixn.VirtualQueue || e.Agent != ixn.Agent) Fail(e, "taken from the virtual queue out of order");
                ixn.VirtualQueue = null;
                break;
            case PulseEventType.ProcessingStopped:
                if (ixn.State != IxnState.Stopped || e.Queue != ixn.VirtualQueue) Fail(e, "withdrawn from the virtual queue out of order");
                ixn.VirtualQueue = null;
                break;
            default:
                Fail(e, "unexpected ixn-vq event");
                break;
        }
    }

    private sealed class IxnTrack
    {
        public MediaType Media;
        public string? Queue;
        public string? VirtualQueue;
        public string? Agent;
        public IxnState State;
    }
}
