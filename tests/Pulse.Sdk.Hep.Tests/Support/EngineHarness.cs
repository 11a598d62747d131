using Pulse.Sdk.Configuration;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Events;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Hep.Tests.Support;

/// <summary>A configured tenant (queue q1 on 8001, agents a1 on 5001 and a2 on 5002), a replay clock and an engine fed with tracker events.</summary>
internal sealed class EngineHarness
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    public EngineHarness(DateTimeOffset? start = null)
    {
        Config = new PulseConfiguration { Tenants = [Tenant()] };
        Clock = new ReplayClock(start ?? T0);
        Engine = new StatisticsEngine(Config, new StatisticsEngineOptions { TimeProvider = Clock });
        Provider = new StaticConfigurationProvider(Config);
    }

    public PulseConfiguration Config { get; }
    public StaticConfigurationProvider Provider { get; }
    public ReplayClock Clock { get; }
    public StatisticsEngine Engine { get; }
    public List<EventOutcome> Outcomes { get; } = [];

    public static TenantConfig Tenant() => new()
    {
        Id = "t1",
        Agents = [new AgentConfig { Id = "a1", Dns = ["5001"] }, new AgentConfig { Id = "a2", Dns = ["5002"] }],
        AgentGroups = [new AgentGroupConfig { Id = "g1", Agents = ["a1", "a2"] }],
        Queues = [new QueueConfig { Id = "q1", Dn = "8001", ServiceLevelThresholdSeconds = 20 }],
        VirtualQueues = [new QueueConfig { Id = "vq1", Dn = "9001" }],
        RoutePoints = [new RoutePointConfig { Id = "rp1", Dn = "7000" }],
    };

    public OpenedStatistic Open(StatisticType type, ObjectType objectType, string id) =>
        Engine.Open(new StatisticRequest(type, new ObjectRef("t1", objectType, id)));

    public double Value(OpenedStatistic s) => Engine.Read(s).Number;

    /// <summary>Logs the agents in and makes them ready (unnumbered events).</summary>
    public void LoginAgents(DateTimeOffset at)
    {
        Clock.AdvanceTo(at);
        foreach (var (agent, dn) in new[] { ("a1", "5001"), ("a2", "5002") })
        {
            Engine.Apply(new PulseEvent { Time = at, Tenant = "t1", Source = EventSourceKind.Voice, Type = PulseEventType.AgentLogin, Agent = agent, Dn = dn, WorkMode = WorkMode.ManualIn });
            Engine.Apply(new PulseEvent { Time = at, Tenant = "t1", Source = EventSourceKind.Voice, Type = PulseEventType.AgentReady, Agent = agent, Dn = dn });
        }
    }

    /// <summary>Applies events as a replay does: the clock moves to each event's time first.</summary>
    public void Apply(IEnumerable<PulseEvent> events)
    {
        foreach (var e in events)
        {
            if (e.Time > Clock.GetUtcNow()) Clock.AdvanceTo(e.Time);
            Outcomes.Add(Engine.Apply(e));
        }
    }

    public void At(DateTimeOffset time) => Clock.AdvanceTo(time);
}
