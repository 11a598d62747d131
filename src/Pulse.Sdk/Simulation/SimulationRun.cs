using System.Collections.Frozen;
using System.Globalization;
using Pulse.Sdk.Events;

namespace Pulse.Sdk.Simulation;

/// <summary>
/// One discrete-event simulation of a <see cref="SimulatedSite"/>: an agenda of scheduled happenings
/// ordered by (virtual time, insertion counter), processed one at a time, each appending the events it
/// causes to an output queue. Single-threaded; every random draw comes from one seeded
/// <see cref="Random"/> in a fixed order, and no collection's iteration order depends on hashing.
/// </summary>
internal sealed class SimulationRun
{
    private const long TicksPerMs = TimeSpan.TicksPerMillisecond;

    private readonly SimulatorOptions _o;
    private readonly Random _rng;
    private readonly string _tenant;
    private readonly DateTimeOffset _start;
    private readonly PriorityQueue<Happening, UInt128> _agenda = new();
    private readonly Queue<PulseEvent> _out = new();
    private readonly long[] _seq = new long[4];
    private readonly Agent[] _agents;
    private readonly VoiceQueue[] _queues;
    private readonly string[] _vqDns;
    private readonly string[] _iqIds;
    private readonly DigitalPool _chat;
    private readonly DigitalPool _email;
    private readonly long _callGapMeanMs;
    private readonly long _chatGapMeanMs;
    private readonly long _emailGapMeanMs;
    private long _counter;
    private long _now;
    private DateTimeOffset _nowTime;
    private long _calls;
    private long _interactions;

    /// <summary>Attached data variants, shared by every event (read-only).</summary>
    private static readonly IReadOnlyDictionary<string, string>[] DataVariants =
    [
        Data("English", "Gold"), Data("English", "Silver"), Data("Spanish", "Gold"), Data("Spanish", "Silver"),
    ];

    public SimulationRun(SimulatedSite site)
    {
        _o = site.Options;
        _rng = new Random(unchecked(_o.Seed * 31 + 7));
        _tenant = _o.TenantId;
        _start = _o.Start;
        _nowTime = _start;

        _queues = new VoiceQueue[_o.Queues];
        for (var i = 0; i < _queues.Length; i++)
            _queues[i] = new VoiceQueue(SimulatorOptions.QueueDn(i), _o.VirtualQueueOf(i));
        _vqDns = new string[_o.VirtualQueues];
        for (var i = 0; i < _vqDns.Length; i++) _vqDns[i] = SimulatorOptions.VirtualQueueDn(i);
        _iqIds = new string[_o.InteractionQueues];
        for (var i = 0; i < _iqIds.Length; i++) _iqIds[i] = SimulatorOptions.InteractionQueueId(i);

        _agents = new Agent[_o.Agents];
        for (var a = 0; a < _agents.Length; a++)
        {
            var skills = site.AgentQueues[a];
            var queues = new VoiceQueue[skills.Length];
            for (var k = 0; k < skills.Length; k++) queues[k] = _queues[skills[k]];
            _agents[a] = new Agent(SimulatorOptions.AgentId(a), SimulatorOptions.AgentDn(a), queues, site.AgentChat[a], site.AgentEmail[a]);
        }
        _chat = new DigitalPool(MediaType.Chat, _o.MeanChatHandleSeconds);
        _email = new DigitalPool(MediaType.EMail, _o.MeanEmailHandleSeconds);

        _callGapMeanMs = MeanGapMs(_o.CallsPerHourPerQueue);
        _chatGapMeanMs = MeanGapMs(_o.ChatsPerHour);
        _emailGapMeanMs = MeanGapMs(_o.EmailsPerHour);

        Initialize();
    }

    /// <summary>Returns the next event, or <see langword="false"/> when nothing more can happen (every arrival rate is zero).</summary>
    public bool TryNext(out PulseEvent next)
    {
        while (_out.Count == 0)
        {
            if (!_agenda.TryDequeue(out var h, out var priority))
            {
                next = null!;
                return false;
            }
            var time = (long)(priority >> 64);
            if (time != _now)
            {
                _now = time;
                _nowTime = _start.AddTicks(time);
            }
            Dispatch(h);
        }
        next = _out.Dequeue();
        return true;
    }

    // ---------------------------------------------------------------- setup

    private void Initialize()
    {
        foreach (var agent in _agents)
        {
            Emit(new PulseEvent
            {
                Seq = NextSeq(EventSourceKind.Voice), Time = _nowTime, Tenant = _tenant, Source = EventSourceKind.Voice,
                Type = PulseEventType.AgentLogin, Agent = agent.Id, Dn = agent.Dn, WorkMode = WorkMode.ManualIn, Media = MediaType.Voice,
            });
            EmitAgentReady(agent);
            JoinReadyLists(agent);
        }
        foreach (var agent in _agents)
        {
            if (!agent.Chat && !agent.Email) continue;
            Emit(new PulseEvent
            {
                Seq = NextSeq(EventSourceKind.Ixn), Time = _nowTime, Tenant = _tenant, Source = EventSourceKind.Ixn,
                Type = PulseEventType.AgentLogin, Agent = agent.Id, Media = agent.Chat ? MediaType.Chat : MediaType.EMail,
            });
            if (agent.Chat)
            {
                EmitReadyForMedia(agent, MediaType.Chat);
                _chat.Ready.AddLast(agent.ChatNode);
            }
            if (agent.Email)
            {
                EmitReadyForMedia(agent, MediaType.EMail);
                _email.Ready.AddLast(agent.EmailNode);
            }
        }

        if (_callGapMeanMs > 0)
            foreach (var q in _queues) Schedule(Gap(_callGapMeanMs), Kind.CallArrival, q);
        for (var i = 0; i < _iqIds.Length; i++)
        {
            if (_chatGapMeanMs > 0) Schedule(Gap(_chatGapMeanMs), Kind.ChatArrival, null, i);
            if (_emailGapMeanMs > 0) Schedule(Gap(_emailGapMeanMs), Kind.EmailArrival, null, i);
        }
    }

    // ---------------------------------------------------------------- dispatch

    private void Dispatch(in Happening h)
    {
        switch (h.Kind)
        {
            case Kind.CallArrival: CallArrival((VoiceQueue)h.Target!); break;
            case Kind.CallPatience: CallPatience((Call)h.Target!); break;
            case Kind.RingEnd: RingEnd((Call)h.Target!); break;
            case Kind.RingAbandon: RingAbandon((Call)h.Target!); break;
            case Kind.HoldStart: HoldStart((Call)h.Target!); break;
            case Kind.Retrieve: Retrieve((Call)h.Target!); break;
            case Kind.CallEnd: CallEnd((Call)h.Target!); break;
            case Kind.AcwEnd: AcwEnd((Agent)h.Target!); break;
            case Kind.BreakEnd: AgentBecomesReady((Agent)h.Target!); break;
            case Kind.ChatArrival: IxnArrival(_chat, h.Index, _chatGapMeanMs, Kind.ChatArrival); break;
            case Kind.EmailArrival: IxnArrival(_email, h.Index, _emailGapMeanMs, Kind.EmailArrival); break;
            case Kind.IxnPatience: IxnPatience((Interaction)h.Target!); break;
            case Kind.InviteEnd: InviteEnd((Interaction)h.Target!); break;
            case Kind.IxnEnd: IxnEnd((Interaction)h.Target!); break;
            default: throw new InvalidOperationException($"unknown happening {h.Kind}");
        }
    }

    // ---------------------------------------------------------------- voice

    private void CallArrival(VoiceQueue q)
    {
        Schedule(Gap(_callGapMeanMs), Kind.CallArrival, q);

        var number = ++_calls;
        var viaVq = q.Vq >= 0 && _rng.NextDouble() < _o.VirtualQueueCallFraction;
        var call = new Call
        {
            ConnId = Id(number, 0x9E3779B97F4A7C15UL),
            Queue = q,
            VqDn = viaVq ? _vqDns[q.Vq] : null,
            Caller = "+1555" + _rng.Next(10_000_000).ToString("D7", CultureInfo.InvariantCulture),
            Data = PickData(),
            Number = number,
            AbandonAt = _now + Duration(Exp(_o.MeanPatienceSeconds)),
            State = CallState.Queued,
        };
        if (call.VqDn is not null) EmitCall(EventSourceKind.VoiceVq, PulseEventType.Queued, call, call.VqDn, call.VqDn);
        EmitCall(EventSourceKind.Voice, PulseEventType.Queued, call, q.Dn, q.Dn);

        if (q.Ready.First is { } node)
        {
            Route(call, node.Value);
        }
        else
        {
            q.Waiting.Enqueue(call);
            ScheduleAt(call.AbandonAt, Kind.CallPatience, call);
        }
    }

    private void CallPatience(Call call)
    {
        if (call.State != CallState.Queued) return;
        call.State = CallState.Ended;
        EmitCall(EventSourceKind.Voice, PulseEventType.Abandoned, call, call.Queue.Dn, call.Queue.Dn);
        if (call.VqDn is not null) EmitCall(EventSourceKind.VoiceVq, PulseEventType.Abandoned, call, call.VqDn, call.VqDn);
    }

    private void Route(Call call, Agent agent)
    {
        RemoveFromReady(agent);
        agent.Call = call;
        call.Agent = agent;
        call.State = CallState.Ringing;
        if (call.VqDn is not null)
            EmitCall(EventSourceKind.VoiceVq, PulseEventType.Diverted, call, call.VqDn, call.VqDn, thirdPartyDn: agent.Dn);
        EmitCall(EventSourceKind.Voice, PulseEventType.Diverted, call, call.Queue.Dn, call.Queue.Dn, thirdPartyDn: agent.Dn);
        EmitCall(EventSourceKind.Voice, PulseEventType.Ringing, call, agent.Dn, call.Queue.Dn, agent.Id);

        var ringEnd = _now + Duration(_o.RingSeconds * (0.5 + _rng.NextDouble()));
        if (call.AbandonAt < ringEnd) ScheduleAt(call.AbandonAt, Kind.RingAbandon, call);
        else ScheduleAt(ringEnd, Kind.RingEnd, call);
    }

    private void RingAbandon(Call call)
    {
        var agent = call.Agent!;
        call.State = CallState.Ended;
        agent.Call = null;
        EmitCall(EventSourceKind.Voice, PulseEventType.Abandoned, call, agent.Dn, call.Queue.Dn, agent.Id);
        AgentBecomesReady(agent);
    }

    private void RingEnd(Call call)
    {
        call.State = CallState.Talking;
        EmitCall(EventSourceKind.Voice, PulseEventType.Established, call, call.Agent!.Dn, call.Queue.Dn, call.Agent.Id);
        var talk = Duration(Exp(_o.MeanTalkSeconds));
        if (_o.HoldProbability > 0 && _rng.NextDouble() < _o.HoldProbability)
        {
            var before = (long)(talk / TicksPerMs * _rng.NextDouble()) * TicksPerMs;
            call.RemainingTalk = talk - before;
            Schedule(before, Kind.HoldStart, call);
        }
        else
        {
            Schedule(talk, Kind.CallEnd, call);
        }
    }

    private void HoldStart(Call call)
    {
        EmitCall(EventSourceKind.Voice, PulseEventType.Held, call, call.Agent!.Dn, call.Queue.Dn, call.Agent.Id);
        Schedule(Duration(Exp(_o.MeanHoldSeconds)), Kind.Retrieve, call);
    }

    private void Retrieve(Call call)
    {
        EmitCall(EventSourceKind.Voice, PulseEventType.Retrieved, call, call.Agent!.Dn, call.Queue.Dn, call.Agent.Id);
        Schedule(call.RemainingTalk, Kind.CallEnd, call);
    }

    private void CallEnd(Call call)
    {
        var agent = call.Agent!;
        call.State = CallState.Ended;
        agent.Call = null;
        EmitCall(EventSourceKind.Voice, PulseEventType.Released, call, agent.Dn, call.Queue.Dn, agent.Id);
        Emit(new PulseEvent
        {
            Seq = NextSeq(EventSourceKind.Voice), Time = _nowTime, Tenant = _tenant, Source = EventSourceKind.Voice,
            Type = PulseEventType.AgentNotReady, Agent = agent.Id, Dn = agent.Dn, WorkMode = WorkMode.AfterCallWork, Media = MediaType.Voice,
        });
        Schedule(Duration(Exp(_o.MeanAfterCallWorkSeconds)), Kind.AcwEnd, agent);
    }

    private void AcwEnd(Agent agent)
    {
        if (_o.BreakProbability > 0 && _rng.NextDouble() < _o.BreakProbability)
        {
            var reasons = _o.BreakReasons;
            Emit(new PulseEvent
            {
                Seq = NextSeq(EventSourceKind.Voice), Time = _nowTime, Tenant = _tenant, Source = EventSourceKind.Voice,
                Type = PulseEventType.AgentNotReady, Agent = agent.Id, Dn = agent.Dn, WorkMode = WorkMode.AuxWork,
                Reason = reasons[_rng.Next(reasons.Count)], Media = MediaType.Voice,
            });
            Schedule(Duration(Exp(_o.MeanBreakSeconds)), Kind.BreakEnd, agent);
        }
        else
        {
            AgentBecomesReady(agent);
        }
    }

    /// <summary>The agent reports ready and takes the longest-waiting call of its queues, or joins their ready lists.</summary>
    private void AgentBecomesReady(Agent agent)
    {
        EmitAgentReady(agent);
        Call? best = null;
        VoiceQueue? from = null;
        foreach (var q in agent.Queues)
        {
            var waiting = q.Waiting;
            while (waiting.Count > 0 && waiting.Peek().State != CallState.Queued) waiting.Dequeue();
            if (waiting.Count > 0 && (best is null || waiting.Peek().Number < best.Number))
            {
                best = waiting.Peek();
                from = q;
            }
        }
        if (best is not null)
        {
            from!.Waiting.Dequeue();
            Route(best, agent);
            return;
        }
        JoinReadyLists(agent);
    }

    private static void JoinReadyLists(Agent agent)
    {
        for (var k = 0; k < agent.ReadyNodes.Length; k++) agent.ReadyLists[k].AddLast(agent.ReadyNodes[k]);
    }

    private static void RemoveFromReady(Agent agent)
    {
        foreach (var node in agent.ReadyNodes)
            node.List?.Remove(node);
    }

    // ---------------------------------------------------------------- digital

    private void IxnArrival(DigitalPool pool, int iq, long gapMeanMs, Kind kind)
    {
        Schedule(Gap(gapMeanMs), kind, null, iq);
        var number = ++_interactions;
        var ixn = new Interaction
        {
            Id = Id(number, 0xC2B2AE3D27D4EB4FUL),
            Pool = pool,
            QueueId = _iqIds[iq],
            // Every other interaction also goes through a virtual queue, in turn; no random draw, so the rest of the day is unchanged.
            VqId = _o.InteractionVirtualQueues > 0 && number % 2 == 0
                ? SimulatorOptions.InteractionVirtualQueueId((int)(number / 2 % _o.InteractionVirtualQueues)) : null,
            Data = PickData(),
            State = IxnState.Queued,
        };
        EmitIxn(PulseEventType.InteractionSubmitted, ixn, queue: ixn.QueueId);
        EmitIxn(PulseEventType.PlacedInQueue, ixn, queue: ixn.QueueId);
        if (ixn.VqId is not null) EmitIxnVq(PulseEventType.PlacedInQueue, ixn);
        var mayWithdraw = pool.Media == MediaType.EMail && _o.EmailAbandonProbability > 0 && _rng.NextDouble() < _o.EmailAbandonProbability;
        if (pool.Ready.First is { } node)
        {
            RouteIxn(ixn, node.Value);
        }
        else
        {
            pool.Waiting.Enqueue(ixn);
            if (mayWithdraw) Schedule(Duration(Exp(_o.MeanEmailPatienceSeconds)), Kind.IxnPatience, ixn);
        }
    }

    private void IxnPatience(Interaction ixn)
    {
        if (ixn.State != IxnState.Queued) return;
        ixn.State = IxnState.Stopped;
        EmitIxn(PulseEventType.ProcessingStopped, ixn, queue: ixn.QueueId);
        if (ixn.VqId is not null) EmitIxnVq(PulseEventType.ProcessingStopped, ixn);
    }

    private void RouteIxn(Interaction ixn, Agent agent)
    {
        var node = ixn.Pool.Media == MediaType.Chat ? agent.ChatNode : agent.EmailNode;
        node.List?.Remove(node);
        ixn.Agent = agent;
        ixn.State = IxnState.Routed;
        EmitIxn(PulseEventType.TakenFromQueue, ixn, queue: ixn.QueueId, agent: agent.Id);
        if (ixn.VqId is not null) EmitIxnVq(PulseEventType.TakenFromQueue, ixn, agent.Id);
        EmitIxn(PulseEventType.AgentInvited, ixn, agent: agent.Id, previousQueue: ixn.QueueId);
        Schedule(Duration(_o.InviteSeconds), Kind.InviteEnd, ixn);
    }

    private void InviteEnd(Interaction ixn)
    {
        EmitIxn(PulseEventType.PartyAdded, ixn, agent: ixn.Agent!.Id, previousQueue: ixn.QueueId);
        Schedule(Duration(Exp(ixn.Pool.MeanHandleSeconds)), Kind.IxnEnd, ixn);
    }

    private void IxnEnd(Interaction ixn)
    {
        var agent = ixn.Agent!;
        ixn.State = IxnState.Stopped;
        EmitIxn(PulseEventType.PartyRemoved, ixn, agent: agent.Id, previousQueue: ixn.QueueId);
        EmitIxn(PulseEventType.ProcessingStopped, ixn, agent: agent.Id, previousQueue: ixn.QueueId);
        var pool = ixn.Pool;
        while (pool.Waiting.Count > 0)
        {
            var next = pool.Waiting.Dequeue();
            if (next.State != IxnState.Queued) continue;
            RouteIxn(next, agent);
            return;
        }
        pool.Ready.AddLast(pool.Media == MediaType.Chat ? agent.ChatNode : agent.EmailNode);
    }

    // ---------------------------------------------------------------- events

    private void Emit(PulseEvent e) => _out.Enqueue(e);

    private long NextSeq(EventSourceKind source) => ++_seq[(int)source];

    private void EmitAgentReady(Agent agent) => Emit(new PulseEvent
    {
        Seq = NextSeq(EventSourceKind.Voice), Time = _nowTime, Tenant = _tenant, Source = EventSourceKind.Voice,
        Type = PulseEventType.AgentReady, Agent = agent.Id, Dn = agent.Dn, WorkMode = WorkMode.ManualIn, Media = MediaType.Voice,
    });

    private void EmitReadyForMedia(Agent agent, MediaType media) => Emit(new PulseEvent
    {
        Seq = NextSeq(EventSourceKind.Ixn), Time = _nowTime, Tenant = _tenant, Source = EventSourceKind.Ixn,
        Type = PulseEventType.ReadyForMedia, Agent = agent.Id, Media = media,
    });

    private void EmitCall(EventSourceKind source, PulseEventType type, Call call, string dn, string queue, string? agent = null, string? thirdPartyDn = null) =>
        Emit(new PulseEvent
        {
            Seq = NextSeq(source), Time = _nowTime, Tenant = _tenant, Source = source, Type = type,
            ConnId = call.ConnId, Dn = dn, OtherDn = call.Caller, ThirdPartyDn = thirdPartyDn, Queue = queue, Agent = agent,
            CallType = CallType.Inbound, Media = MediaType.Voice, Data = call.Data,
        });

    private void EmitIxn(PulseEventType type, Interaction ixn, string? queue = null, string? agent = null, string? previousQueue = null) =>
        Emit(new PulseEvent
        {
            Seq = NextSeq(EventSourceKind.Ixn), Time = _nowTime, Tenant = _tenant, Source = EventSourceKind.Ixn, Type = type,
            InteractionId = ixn.Id, Queue = queue, PreviousQueue = previousQueue, Agent = agent,
            Media = ixn.Pool.Media, Data = ixn.Data,
        });

    /// <summary>The interaction-VQ stream: the router's view of the interaction in its virtual queue.</summary>
    private void EmitIxnVq(PulseEventType type, Interaction ixn, string? agent = null) =>
        Emit(new PulseEvent
        {
            Seq = NextSeq(EventSourceKind.IxnVq), Time = _nowTime, Tenant = _tenant, Source = EventSourceKind.IxnVq, Type = type,
            InteractionId = ixn.Id, Queue = ixn.VqId, Agent = agent, Media = ixn.Pool.Media, Data = ixn.Data,
        });

    // ---------------------------------------------------------------- scheduling and randomness

    private void Schedule(long delayTicks, Kind kind, object? target, int index = 0) => ScheduleAt(_now + delayTicks, kind, target, index);

    private void ScheduleAt(long time, Kind kind, object? target, int index = 0) =>
        _agenda.Enqueue(new Happening(kind, index, target), ((UInt128)(ulong)time << 64) | (ulong)_counter++);

    private static long MeanGapMs(double perHour) => perHour > 0 ? Math.Max(1, (long)Math.Round(3_600_000.0 / perHour)) : 0;

    /// <summary>An exponential inter-arrival gap with the given mean, in ticks rounded to the millisecond.</summary>
    private long Gap(long meanMs) => Duration(Exp(meanMs / 1000.0));

    private double Exp(double mean) => -mean * Math.Log(1.0 - _rng.NextDouble());

    /// <summary>Seconds to ticks, rounded to the millisecond (event times stay at millisecond precision).</summary>
    private static long Duration(double seconds) => (long)Math.Round(seconds * 1000.0) * TicksPerMs;

    private IReadOnlyDictionary<string, string> PickData()
    {
        var spanish = _rng.NextDouble() < 0.3;
        var silver = _rng.NextDouble() < 0.7;
        return DataVariants[(spanish ? 2 : 0) + (silver ? 1 : 0)];
    }

    /// <summary>A unique, random-looking 16-hex-digit id: the counter times an odd constant is a bijection on 64 bits.</summary>
    private static string Id(long number, ulong multiplier) =>
        unchecked((ulong)number * multiplier).ToString("X16", CultureInfo.InvariantCulture);

    private static FrozenDictionary<string, string> Data(string language, string segment) =>
        new Dictionary<string, string>(StringComparer.Ordinal) { ["Language"] = language, ["Segment"] = segment }
            .ToFrozenDictionary(StringComparer.Ordinal);

    // ---------------------------------------------------------------- model types

    private enum Kind : byte
    {
        CallArrival, CallPatience, RingEnd, RingAbandon, HoldStart, Retrieve, CallEnd, AcwEnd, BreakEnd,
        ChatArrival, EmailArrival, IxnPatience, InviteEnd, IxnEnd,
    }

    private readonly record struct Happening(Kind Kind, int Index, object? Target);

    private enum CallState : byte { Queued, Ringing, Talking, Ended }

    private enum IxnState : byte { Queued, Routed, Stopped }

    private sealed class VoiceQueue(string dn, int vq)
    {
        public string Dn { get; } = dn;
        public int Vq { get; } = vq;
        /// <summary>Ready agents skilled for this queue, longest idle first.</summary>
        public LinkedList<Agent> Ready { get; } = new();
        /// <summary>Calls in arrival order; ended calls are skipped when met.</summary>
        public Queue<Call> Waiting { get; } = new();
    }

    private sealed class Agent
    {
        public Agent(string id, string dn, VoiceQueue[] queues, bool chat, bool email)
        {
            Id = id;
            Dn = dn;
            Queues = queues;
            Chat = chat;
            Email = email;
            ReadyNodes = new LinkedListNode<Agent>[queues.Length];
            for (var k = 0; k < queues.Length; k++) ReadyNodes[k] = new LinkedListNode<Agent>(this);
            ChatNode = new LinkedListNode<Agent>(this);
            EmailNode = new LinkedListNode<Agent>(this);
            ReadyLists = Array.ConvertAll(queues, q => q.Ready);
        }

        public string Id { get; }
        public string Dn { get; }
        public VoiceQueue[] Queues { get; }
        public bool Chat { get; }
        public bool Email { get; }
        public LinkedListNode<Agent>[] ReadyNodes { get; }
        public LinkedList<Agent>[] ReadyLists { get; }
        public LinkedListNode<Agent> ChatNode { get; }
        public LinkedListNode<Agent> EmailNode { get; }
        public Call? Call { get; set; }
    }

    private sealed class Call
    {
        public required string ConnId { get; init; }
        public required VoiceQueue Queue { get; init; }
        public string? VqDn { get; init; }
        public required string Caller { get; init; }
        public required IReadOnlyDictionary<string, string> Data { get; init; }
        public long Number { get; init; }
        public long AbandonAt { get; init; }
        public CallState State { get; set; }
        public Agent? Agent { get; set; }
        public long RemainingTalk { get; set; }
    }

    private sealed class Interaction
    {
        public required string Id { get; init; }
        public required DigitalPool Pool { get; init; }
        public required string QueueId { get; init; }
        public string? VqId { get; init; }
        public required IReadOnlyDictionary<string, string> Data { get; init; }
        public IxnState State { get; set; }
        public Agent? Agent { get; set; }
    }

    /// <summary>The agents available for one digital media (longest idle first) and the interactions waiting for them (arrival order, over every interaction queue).</summary>
    private sealed class DigitalPool(MediaType media, double meanHandleSeconds)
    {
        public MediaType Media { get; } = media;
        public double MeanHandleSeconds { get; } = meanHandleSeconds;
        public LinkedList<Agent> Ready { get; } = new();
        public Queue<Interaction> Waiting { get; } = new();
    }
}
