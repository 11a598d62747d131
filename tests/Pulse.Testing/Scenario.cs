using Pulse.Sdk.Configuration;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Events;
using Pulse.Sdk.Statistics;

namespace Pulse.Testing;

/// <summary>A small configured tenant, a replay clock and helpers to feed events at given seconds.</summary>
public sealed class Scenario
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private readonly Dictionary<EventSourceKind, long> _seq = new();

    public Scenario(TenantConfig? tenant = null, DateTimeOffset? start = null)
    {
        Tenant = tenant ?? DefaultTenant();
        Config = new PulseConfiguration { Tenants = [Tenant] };
        Clock = new ReplayClock(start ?? T0);
        Start = start ?? T0;
        Engine = new StatisticsEngine(Config, new StatisticsEngineOptions { TimeProvider = Clock });
    }

    public TenantConfig Tenant { get; }
    public PulseConfiguration Config { get; }
    public ReplayClock Clock { get; }
    public DateTimeOffset Start { get; }
    public StatisticsEngine Engine { get; }

    public static TenantConfig DefaultTenant() => new()
    {
        Id = "t1",
        TimeZone = "UTC",
        Agents =
        [
            new AgentConfig { Id = "a1", Dns = ["5001"] },
            new AgentConfig { Id = "a2", Dns = ["5002"] },
            new AgentConfig { Id = "a3", Dns = ["5003"], Media = [MediaType.Voice, MediaType.Chat] },
        ],
        AgentGroups = [new AgentGroupConfig { Id = "g1", Agents = ["a1", "a2"] }, new AgentGroupConfig { Id = "g2", Agents = ["a3"] }],
        Queues =
        [
            new QueueConfig { Id = "q1", Dn = "8001", ServiceLevelThresholdSeconds = 20, ShortAbandonThresholdSeconds = 5 },
            new QueueConfig { Id = "q2", Dn = "8002", ServiceLevelThresholdSeconds = 30, ShortAbandonThresholdSeconds = 10 },
        ],
        VirtualQueues = [new QueueConfig { Id = "vq1", Dn = "9001" }],
        RoutePoints = [new RoutePointConfig { Id = "rp1", Dn = "7000" }],
        InteractionQueues = [new InteractionQueueConfig { Id = "iq1" }],
        QueueGroups = [new QueueGroupConfig { Id = "qg1", Queues = ["q1", "q2"] }],
    };

    public ObjectRef Obj(ObjectType type, string id) => new(Tenant.Id, type, id);

    public OpenedStatistic Open(StatisticType type, ObjectType objType, string id, NotificationMode? mode = null) =>
        Engine.Open(new StatisticRequest(type, Obj(objType, id), mode));

    public double Value(OpenedStatistic s) => Engine.Read(s).Number;

    /// <summary>Moves the clock to <paramref name="seconds"/> after the start.</summary>
    public void At(double seconds) => Clock.AdvanceTo(Start + TimeSpan.FromSeconds(seconds));

    public EventOutcome Send(double seconds, PulseEventType type, EventSourceKind source = EventSourceKind.Voice, string? connId = null,
        string? dn = null, string? agent = null, string? thirdPartyDn = null, WorkMode workMode = WorkMode.Unknown, string? reason = null,
        CallType callType = CallType.Unknown, string? interactionId = null, string? queue = null, MediaType media = MediaType.Voice,
        IReadOnlyDictionary<string, string>? data = null)
    {
        At(seconds);
        _seq[source] = _seq.GetValueOrDefault(source) + 1;
        return Engine.Apply(new PulseEvent
        {
            Seq = _seq[source], Time = Clock.GetUtcNow(), Tenant = Tenant.Id, Source = source, Type = type, ConnId = connId, Dn = dn,
            Agent = agent, ThirdPartyDn = thirdPartyDn, WorkMode = workMode, Reason = reason, CallType = callType,
            InteractionId = interactionId, Queue = queue, Media = media, Data = data,
        });
    }

    // Canonical voice flows.
    public void Login(double t, string agent, string dn)
    {
        Send(t, PulseEventType.AgentLogin, agent: agent, dn: dn, workMode: WorkMode.ManualIn);
        Send(t, PulseEventType.AgentReady, agent: agent, dn: dn);
    }

    public void Queue(double t, string conn, string queueDn) => Send(t, PulseEventType.Queued, connId: conn, dn: queueDn, callType: CallType.Inbound);

    public void Answer(double divertAt, double answerAt, string conn, string queueDn, string agent, string agentDn)
    {
        Send(divertAt, PulseEventType.Diverted, connId: conn, dn: queueDn, thirdPartyDn: agentDn);
        Send(divertAt, PulseEventType.Ringing, connId: conn, dn: agentDn, agent: agent);
        Send(answerAt, PulseEventType.Established, connId: conn, dn: agentDn, agent: agent, callType: CallType.Inbound);
    }

    public void Release(double t, string conn, string agent, string agentDn, double? acwUntil = null)
    {
        Send(t, PulseEventType.Released, connId: conn, dn: agentDn, agent: agent);
        if (acwUntil is { } end)
        {
            Send(t, PulseEventType.AgentNotReady, agent: agent, dn: agentDn, workMode: WorkMode.AfterCallWork);
            Send(end, PulseEventType.AgentReady, agent: agent, dn: agentDn);
        }
    }
}
