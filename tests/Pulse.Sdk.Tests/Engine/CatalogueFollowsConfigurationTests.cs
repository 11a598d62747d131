using Pulse.Sdk.Configuration;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Tests.Engine;

/// <summary>
/// Once the standard catalogue is open, an object a configuration change adds (an agent, a group, a queue, a tenant) gets
/// it too: a Data Collection Unit opens the catalogue once, at start, and must not need a restart to show a new agent.
/// </summary>
public class CatalogueFollowsConfigurationTests
{
    private static readonly PulseConfiguration Before = new()
    {
        Tenants =
        [
            new TenantConfig
            {
                Id = "t1",
                Agents = [new AgentConfig { Id = "a1", Dns = ["1001"] }],
                AgentGroups = [new AgentGroupConfig { Id = "g1", Agents = ["a1"] }],
                Queues = [new QueueConfig { Id = "q1", Dn = "8001" }],
            },
        ],
    };

    private static readonly PulseConfiguration After = Before with
    {
        Tenants =
        [
            Before.Tenants[0] with
            {
                Agents = [.. Before.Tenants[0].Agents, new AgentConfig { Id = "a2", Dns = ["1002"] }],
                AgentGroups = [.. Before.Tenants[0].AgentGroups, new AgentGroupConfig { Id = "g2", Agents = ["a1", "a2"] }],
                Queues = [.. Before.Tenants[0].Queues, new QueueConfig { Id = "q2", Dn = "8002" }],
            },
            new TenantConfig { Id = "t2", Agents = [new AgentConfig { Id = "b1", Dns = ["2001"] }] },
        ],
    };

    private static StatisticsEngine NewEngine() =>
        new(Before, new StatisticsEngineOptions { TimeProvider = new ReplayClock(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero)) });

    private static Dictionary<string, int> StatisticsByObject(StatisticsEngine engine) =>
        engine.Snapshot().GroupBy(u => $"{u.Statistic.Object.Type}:{u.Statistic.Object.Id}").ToDictionary(g => g.Key, g => g.Count());

    [Fact]
    public void Objects_a_change_adds_get_the_standard_catalogue_once_it_is_open()
    {
        var engine = NewEngine();
        engine.OpenStandardCatalogue();
        engine.ApplyConfiguration(After);

        var opened = StatisticsByObject(engine);
        foreach (var (type, id) in new[] { (ObjectType.Agent, "a2"), (ObjectType.GroupAgents, "g2"), (ObjectType.Queue, "q2"), (ObjectType.Tenant, "t2"), (ObjectType.Agent, "b1") })
            Assert.Equal(StandardCatalogue.For(type).Count, opened.GetValueOrDefault($"{type}:{id}"));
        // The objects that were there keep one set each: nothing opened twice.
        Assert.Equal(StandardCatalogue.For(ObjectType.Agent).Count, opened["Agent:a1"]);
        Assert.Equal(engine.Objects.Sum(o => StandardCatalogue.For(o.Type).Count), engine.OpenedCount);
    }

    [Fact]
    public void Without_the_catalogue_a_change_opens_nothing()
    {
        var engine = NewEngine();
        engine.ApplyConfiguration(After);
        Assert.Equal(0, engine.OpenedCount);
    }
}
