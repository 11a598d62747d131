using Pulse.Sdk.Engine;
using Pulse.Sdk.Simulation;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Tests.Support;
using C = Pulse.Sdk.Statistics.StandardCatalogue;

namespace Pulse.Sdk.Tests.Engine;

/// <summary>
/// The same statistic asked for twice (the standard catalogue, then a layout that shows it) is one statistic: it closes
/// with its last opener, and a checkpoint does not depend on who else asked for it.
/// </summary>
public class SharedStatisticTests
{
    [Fact]
    public void The_same_request_twice_is_one_statistic_that_closes_with_its_last_opener()
    {
        var s = new Scenario();
        var first = s.Open(C.Entered, ObjectType.Queue, "q1");
        var second = s.Open(C.Entered, ObjectType.Queue, "q1");
        var other = s.Open(C.Entered, ObjectType.Queue, "q1", NotificationMode.TimeBased(TimeSpan.FromSeconds(5)));
        Assert.Same(first, second);
        Assert.NotSame(first, other); // another notification is another statistic

        s.Queue(10, "c1", "8001");
        s.Engine.Close(first);
        Assert.True(s.Engine.IsOpen(second));
        s.Queue(11, "c2", "8001");
        Assert.Equal(2, s.Value(second)); // still updated for the opener that kept it
        s.Engine.Close(second);
        Assert.False(s.Engine.IsOpen(second));
        s.Engine.Close(second); // closing once more is harmless
        Assert.True(s.Engine.IsOpen(other));
    }

    [Fact]
    public void A_checkpoint_taken_with_layout_statistics_restores_into_a_unit_that_opened_only_the_catalogue()
    {
        var sim = new ContactCenterSimulator(SimulatorOptions.Demo with { Seed = 6 });
        var events = sim.Generate().Take(3000).ToList();
        var clock = new ReplayClock(events[0].Time);
        var engine = new StatisticsEngine(sim.Configuration, new StatisticsEngineOptions { TimeProvider = clock });
        var catalogue = engine.OpenStandardCatalogue();
        // What a layout-driven unit does after the catalogue: open what its layouts show, the same catalogue types.
        var layout = engine.Objects.Where(o => o.Type is ObjectType.Queue or ObjectType.Agent)
            .SelectMany(o => C.For(o.Type).Select(t => engine.Open(new StatisticRequest(t, o)))).ToList();
        Assert.All(layout, l => Assert.Contains(l, catalogue));
        foreach (var e in events.Take(2000))
        {
            clock.AdvanceTo(e.Time);
            engine.Apply(e);
        }
        using var checkpoint = new MemoryStream();
        engine.WriteCheckpoint(checkpoint);

        var restoredClock = new ReplayClock(events[0].Time);
        var restored = new StatisticsEngine(sim.Configuration, new StatisticsEngineOptions { TimeProvider = restoredClock });
        restored.OpenStandardCatalogue();
        checkpoint.Position = 0;
        restored.RestoreCheckpoint(checkpoint);
        foreach (var e in events.Skip(2000))
        {
            clock.AdvanceTo(e.Time);
            engine.Apply(e);
            restoredClock.AdvanceTo(e.Time);
            restored.Apply(e);
        }
        ReplayValues.AssertSame(ReplayValues.ByKey(engine.Snapshot()), ReplayValues.ByKey(restored.Snapshot()));
    }
}
