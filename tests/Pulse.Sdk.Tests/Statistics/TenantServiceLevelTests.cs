using Pulse.Sdk.Configuration;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Simulation;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Tests.Statistics;

public class TenantServiceLevelTests
{
    [Fact]
    public void Sums_the_components_over_the_acd_queues_only()
    {
        var options = SimulatorOptions.Demo with { Start = new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero), Seed = 5 };
        var sim = new ContactCenterSimulator(options);
        var clock = new ReplayClock(options.Start);
        var engine = new StatisticsEngine(sim.Configuration, new StatisticsEngineOptions { TimeProvider = clock });
        engine.OpenStandardCatalogue();
        foreach (var e in sim.GenerateUntil(options.Start.AddHours(1)))
        {
            clock.AdvanceTo(e.Time);
            engine.Apply(e);
        }
        var values = engine.Snapshot().ToList();

        double Sum(ObjectType type, params string[] names) => values
            .Where(u => u.Statistic.Object.Type == type && names.Contains(u.Statistic.Type.Name))
            .Sum(u => u.Value.Number);
        var within = Sum(ObjectType.Queue, "AnsweredWithinThreshold", "AbandonedWithinThreshold");
        var ended = Sum(ObjectType.Queue, "Answered", "Abandoned");
        Assert.True(ended > 0);
        Assert.True(Sum(ObjectType.VirtualQueue, "Answered") > 0); // VQs exist and are left out

        var sl = TenantServiceLevel.ServiceLevel1(values, "demo");
        Assert.Equal(100 * within / ended, sl, 9);
        Assert.InRange(sl, 0, 100);
        Assert.Equal(0, TenantServiceLevel.ServiceLevel1(values, "another-tenant"));
    }

    [Fact]
    public void Nothing_ended_is_zero() => Assert.Equal(0, TenantServiceLevel.ServiceLevel1(0, 0));

    [Fact]
    public void Percent_of_the_calls_ended_within_threshold() => Assert.Equal(75, TenantServiceLevel.ServiceLevel1(3, 4));
}
