using Pulse.Sdk.Configuration;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Events;
using Pulse.Sdk.Simulation;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Tests.Engine;

/// <summary>
/// DCU recovery at the engine level: a checkpoint taken at any point, restored into a fresh engine that then
/// receives the rest of the stream (with the overlap a feed resume brings), ends with exactly the values of a
/// run that was never interrupted.
/// </summary>
public class CheckpointTests
{
    // Starts shortly before midnight so the stream crosses a Growing reset.
    private static readonly SimulatorOptions Options = SimulatorOptions.Demo with { Start = new DateTimeOffset(2026, 11, 26, 23, 40, 0, TimeSpan.Zero) };

    private static readonly StatisticType[] Extra =
    [
        new() { Name = "AnsweredLast10Min", Category = StatisticCategory.TotalNumber, MainMask = ActionMask.Of(StatAction.CallAnswered), Profile = TimeProfile.Sliding(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1)) },
        new() { Name = "WaitP50Last20", Category = StatisticCategory.Percentile, Percentile = 50, MainMask = ActionMask.Of(StatAction.CallAnswered), Profile = TimeProfile.Selection(20) },
        new() { Name = "BusyContinuous", Category = StatisticCategory.CurrentContinuousTime, Subject = StatisticSubject.AgentStatus, MainMask = ActionMask.Parse("CallInbound, CallOnHold, AfterCallWork"), ObjectTypes = [ObjectType.Agent] },
    ];

    private static (StatisticsEngine Engine, ReplayClock Clock) NewEngine(PulseConfiguration config, DateTimeOffset start)
    {
        var clock = new ReplayClock(start);
        var engine = new StatisticsEngine(config, new StatisticsEngineOptions { TimeProvider = clock });
        engine.OpenStandardCatalogue();
        foreach (var o in engine.Objects.ToList())
            foreach (var t in Extra)
                if (t.ObjectTypes.Count == 0 || t.ObjectTypes.Contains(o.Type))
                    engine.Open(new StatisticRequest(t, o, NotificationMode.ChangesBased()));
        return (engine, clock);
    }

    private static void Play(StatisticsEngine engine, ReplayClock clock, IEnumerable<PulseEvent> events)
    {
        foreach (var e in events)
        {
            clock.AdvanceTo(e.Time);
            engine.Apply(e);
        }
    }

    private static Dictionary<string, (long Bits, AgentStatus? State, string? Reason)> Values(StatisticsEngine engine) =>
        engine.Snapshot().ToDictionary(u => u.Statistic.ToString(), u => (BitConverter.DoubleToInt64Bits(u.Value.Number), u.Value.State, u.Value.Reason));

    [Theory]
    [InlineData(1, 0.1)]
    [InlineData(2, 0.37)]
    [InlineData(3, 0.5)]
    [InlineData(4, 0.81)]
    [InlineData(5, 0.99)]
    public void Restoring_anywhere_ends_with_the_values_of_an_uninterrupted_run(int seed, double at)
    {
        var sim = new ContactCenterSimulator(Options with { Seed = seed });
        var events = sim.Generate().Take(6000).ToList();
        var end = events[^1].Time.AddSeconds(30);
        Assert.Contains(events, e => e.Time.Day != Options.Start.Day); // the run crosses midnight

        var (reference, refClock) = NewEngine(sim.Configuration, Options.Start);
        Play(reference, refClock, events);
        refClock.AdvanceTo(end);

        var k = (int)(events.Count * at);
        var (first, firstClock) = NewEngine(sim.Configuration, Options.Start);
        Play(first, firstClock, events.Take(k));
        var checkpoint = new MemoryStream();
        first.WriteCheckpoint(checkpoint);

        var (second, secondClock) = NewEngine(sim.Configuration, Options.Start);
        checkpoint.Position = 0;
        second.RestoreCheckpoint(checkpoint);
        // A feed resumes a little before the checkpoint: the overlap is dropped as duplicates.
        var overlap = Math.Min(k, 50);
        Play(second, secondClock, events.Skip(k - overlap));
        secondClock.AdvanceTo(end);

        var expected = Values(reference);
        var actual = Values(second);
        Assert.Equal(expected.Count, actual.Count);
        var differing = expected.Where(kv => !actual[kv.Key].Equals(kv.Value)).Select(kv => $"{kv.Key}: {kv.Value} vs {actual[kv.Key]}").Take(5).ToList();
        Assert.True(differing.Count == 0, string.Join("; ", differing));
        Assert.Equal(reference.Counters.Applied, second.Counters.Applied);
        // The overlap is dropped: the last event of each stream as a duplicate, older ones as out of order.
        Assert.Equal(overlap, second.Counters.Duplicates + second.Counters.OutOfOrder);
    }

    [Fact]
    public void A_restored_engine_writes_the_same_checkpoint_back()
    {
        var sim = new ContactCenterSimulator(Options with { Seed = 9 });
        var events = sim.Generate().Take(3000).ToList();
        var (first, clock) = NewEngine(sim.Configuration, Options.Start);
        Play(first, clock, events);
        var a = new MemoryStream();
        first.WriteCheckpoint(a);

        var (second, _) = NewEngine(sim.Configuration, Options.Start);
        a.Position = 0;
        second.RestoreCheckpoint(a);
        var b = new MemoryStream();
        second.WriteCheckpoint(b);
        Assert.Equal(a.ToArray(), b.ToArray());
    }

    [Fact]
    public void A_checkpoint_that_does_not_match_says_what_differs()
    {
        var sim = new ContactCenterSimulator(Options);
        var (first, clock) = NewEngine(sim.Configuration, Options.Start);
        Play(first, clock, sim.Generate().Take(500));
        var checkpoint = new MemoryStream();
        first.WriteCheckpoint(checkpoint);

        var other = new StatisticsEngine(sim.Configuration, new StatisticsEngineOptions { TimeProvider = new ReplayClock(Options.Start) });
        other.OpenStandardCatalogue(); // without the extra statistics
        checkpoint.Position = 0;
        var ex = Assert.Throws<InvalidDataException>(() => other.RestoreCheckpoint(checkpoint));
        Assert.Contains("open the same statistics in the same order", ex.Message);

        var garbage = new MemoryStream([1, 2, 3]);
        Assert.Contains("not a Pulse.Sdk engine checkpoint", Assert.Throws<InvalidDataException>(() => other.RestoreCheckpoint(garbage)).Message);
    }
}
