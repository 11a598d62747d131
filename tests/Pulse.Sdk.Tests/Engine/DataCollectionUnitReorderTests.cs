using Pulse.Sdk.Configuration;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Events;
using Pulse.Sdk.Simulation;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Tests.Support;

namespace Pulse.Sdk.Tests.Engine;

/// <summary>
/// The reorder window inside a running unit: four sources read concurrently, each fed its stream of a simulated day in
/// bursts, so the unit sees the streams in an order no test chose; the values equal the time-ordered merge.
/// </summary>
public class DataCollectionUnitReorderTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 50)]
    [InlineData(3, 400)]
    public async Task Four_sources_read_concurrently_in_bursts_give_the_values_of_the_time_ordered_merge(int seed, int maxRun)
    {
        var sim = new ContactCenterSimulator(SimulatorOptions.Demo with { Seed = seed });
        var config = sim.Configuration;
        var events = sim.Generate().Take(4000).ToList();
        var time = new FakeTimeProvider(events[0].Time);
        await using var unit = new DataCollectionUnit(new StaticConfigurationProvider(config),
            new DataCollectionUnitOptions { Clock = PulseClock.Events, ReorderWindow = TimeSpan.FromSeconds(10), TimeProvider = time });
        await unit.OpenStandardCatalogueAsync(NotificationMode.None);

        var sources = Enumerable.Range(0, 4).Select(k => new ChannelEventSource(((EventSourceKind)k).ToString())).ToArray();
        var runs = sources.Select(s => unit.RunAsync(s)).ToArray();
        // Every source has started: past the first window, only the sources' frontiers release events (the clock stays put).
        time.Advance(TimeSpan.FromSeconds(11));

        var random = new Random(seed);
        var streams = sources.Select((_, k) => new Queue<PulseEvent>(events.Where(e => (int)e.Source == k))).ToArray();
        while (streams.Any(q => q.Count > 0))
        {
            var open = streams.Where(q => q.Count > 0).ToList();
            var q = open[random.Next(open.Count)];
            var k = Array.IndexOf(streams, q);
            for (var i = random.Next(1, maxRun + 1); i > 0 && q.Count > 0; i--) sources[k].Events.Writer.TryWrite(q.Dequeue());
            if (random.Next(4) == 0) await Task.Yield();
        }
        foreach (var s in sources) s.Events.Writer.Complete();
        await Task.WhenAll(runs);
        await unit.DrainAsync();

        var counters = await unit.CountersAsync();
        Assert.Equal(0, counters.OutOfOrder + counters.Duplicates);
        ReplayValues.AssertSame(ReplayValues.Of(config, ReplayValues.TimeOrdered(events)), ReplayValues.ByKey(await unit.SnapshotAsync()));
    }

    [Fact]
    public async Task Events_wait_for_a_silent_source_only_as_long_as_the_window()
    {
        var sim = new ContactCenterSimulator(SimulatorOptions.Demo with { Seed = 4 });
        var events = sim.Generate().Where(e => e.Source == EventSourceKind.Voice).Take(50).ToList();
        var time = new FakeTimeProvider(events[0].Time);
        await using var unit = new DataCollectionUnit(new StaticConfigurationProvider(sim.Configuration),
            new DataCollectionUnitOptions { Clock = PulseClock.Events, ReorderWindow = TimeSpan.FromSeconds(1), TimeProvider = time });
        var voice = new ChannelEventSource("voice");
        var silent = new ChannelEventSource("ixn");
        _ = unit.RunAsync(voice);
        _ = unit.RunAsync(silent);
        time.Advance(TimeSpan.FromSeconds(2));
        foreach (var e in events) voice.Events.Writer.TryWrite(e);

        // The silent source has delivered nothing: it could still send an event older than these, so they wait...
        await WaitUntil(() => Task.FromResult(voice.HandedOver == events.Count));
        await unit.InvokeAsync(events[0].Tenant, _ => true); // queued behind the events: they have reached the partition
        Assert.Equal(0, Processed(await unit.CountersAsync()));
        // ...for the window, then they are applied.
        time.Advance(TimeSpan.FromSeconds(1));
        await WaitUntil(async () => Processed(await unit.CountersAsync()) == events.Count);
        silent.Events.Writer.Complete();
        voice.Events.Writer.Complete();
    }

    private static long Processed(EngineCounters c) => c.Applied + c.UnknownObject + c.UnknownTenant + c.Invalid + c.Duplicates + c.OutOfOrder;

    private static Task WaitUntil(Func<Task<bool>> condition) => Eventually.UntilAsync(condition, "the condition", TimeSpan.FromSeconds(10));
}
