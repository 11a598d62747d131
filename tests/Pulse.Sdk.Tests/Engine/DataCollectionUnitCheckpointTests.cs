using System.Runtime.CompilerServices;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Events;
using Pulse.Sdk.Simulation;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Tests.Support;

namespace Pulse.Sdk.Tests.Engine;

/// <summary>The whole-unit checkpoint: engine state plus the position of each resumable source, and the events clock and reorder window it relies on.</summary>
public class DataCollectionUnitCheckpointTests
{
    private static (PulseConfiguration Config, List<PulseEvent> Events) Day(int count)
    {
        var sim = new ContactCenterSimulator(SimulatorOptions.Demo with { Seed = 11 });
        return (sim.Configuration, sim.Generate().Take(count).ToList());
    }

    private static Dictionary<string, StatisticValue> Replay(PulseConfiguration config, IEnumerable<PulseEvent> events) => ReplayValues.Of(config, events);

    private static Dictionary<string, StatisticValue> Values(IEnumerable<StatisticUpdate> snapshot) => ReplayValues.ByKey(snapshot);

    private static void AssertSameValues(Dictionary<string, StatisticValue> expected, Dictionary<string, StatisticValue> actual) => ReplayValues.AssertSame(expected, actual);

    [Fact]
    public async Task A_unit_restored_from_its_checkpoint_resumes_after_the_position_and_ends_with_the_replay_values()
    {
        var (config, events) = Day(4000);
        var options = new DataCollectionUnitOptions { Clock = PulseClock.Events };
        byte[] checkpoint;
        await using (var first = new DataCollectionUnit(new StaticConfigurationProvider(config), options))
        {
            await first.OpenStandardCatalogueAsync(NotificationMode.None);
            await first.RunAsync(new OffsetSource("feed", events, stopAfter: 1500));
            using var buffer = new MemoryStream();
            await first.WriteCheckpointAsync(buffer);
            checkpoint = buffer.ToArray();
            // Applied after the checkpoint, then lost with the process: the restored unit must read them again.
            await first.RunAsync(new OffsetSource("feed", events, stopAfter: 2200));
            await first.DrainAsync();
        }

        await using var second = new DataCollectionUnit(new StaticConfigurationProvider(config), options);
        await second.OpenStandardCatalogueAsync(NotificationMode.None);
        var positions = await second.RestoreCheckpointAsync(new MemoryStream(checkpoint));
        Assert.Equal(new SourcePosition("feed", "stream-feed", 1500), Assert.Single(positions));
        var resumed = new OffsetSource("feed", events, stopAfter: long.MaxValue);
        await second.RunAsync(resumed);
        await second.DrainAsync();

        Assert.Equal(1500, resumed.ResumedAfter);
        AssertSameValues(Replay(config, events), Values(await second.SnapshotAsync()));
        var counters = await second.CountersAsync();
        Assert.Equal(0, counters.Duplicates + counters.OutOfOrder + counters.SequenceGaps);
    }

    [Fact]
    public async Task The_same_checkpoint_gives_the_same_bytes_and_an_unknown_blob_is_refused_with_a_reason()
    {
        var (config, events) = Day(500);
        var options = new DataCollectionUnitOptions { Clock = PulseClock.Events };
        await using var unit = new DataCollectionUnit(new StaticConfigurationProvider(config), options);
        await unit.OpenStandardCatalogueAsync(NotificationMode.None);
        await unit.RunAsync(new OffsetSource("feed", events, 500));
        using var a = new MemoryStream();
        using var b = new MemoryStream();
        await unit.WriteCheckpointAsync(a);
        await unit.WriteCheckpointAsync(b);
        Assert.Equal(a.ToArray(), b.ToArray());

        await using var other = new DataCollectionUnit(new StaticConfigurationProvider(config), options with { Partitions = 2 });
        await other.OpenStandardCatalogueAsync(NotificationMode.None);
        var wrongPartitions = await Assert.ThrowsAsync<InvalidDataException>(() => other.RestoreCheckpointAsync(new MemoryStream(a.ToArray())));
        Assert.Contains("1 partitions, this unit 2", wrongPartitions.Message);
        var notOne = await Assert.ThrowsAsync<InvalidDataException>(() => other.RestoreCheckpointAsync(new MemoryStream("hello"u8.ToArray())));
        Assert.Contains("not a Pulse.Sdk Data Collection Unit checkpoint", notOne.Message);
    }

    private sealed class CountingSink : IStatisticSink
    {
        private long _count;

        public long Count => Interlocked.Read(ref _count);

        public void OnUpdates(ReadOnlySpan<StatisticUpdate> updates) => Interlocked.Add(ref _count, updates.Length);
    }

    [Fact]
    public async Task Opening_the_catalogue_and_restoring_in_one_step_hands_the_sinks_no_initial_values_and_resumes_the_sources()
    {
        var (config, events) = Day(2000);
        var options = new DataCollectionUnitOptions { Clock = PulseClock.Events, FlushInterval = TimeSpan.FromMilliseconds(1) };
        byte[] checkpoint;
        await using (var first = new DataCollectionUnit(new StaticConfigurationProvider(config), options))
        {
            await first.OpenStandardCatalogueAsync();
            await first.RunAsync(new OffsetSource("feed", events, stopAfter: 2000));
            await first.DrainAsync();
            using var buffer = new MemoryStream();
            await first.WriteCheckpointAsync(buffer);
            checkpoint = buffer.ToArray();
        }

        // Opened, then restored: the flushes in between (1 ms apart, on the wall clock, which runs before any event)
        // hand the sinks every statistic's initial value.
        var apart = new CountingSink();
        int opened;
        await using (var unit = new DataCollectionUnit(new StaticConfigurationProvider(config), options with { Clock = PulseClock.Wall }, [apart]))
        {
            opened = await unit.OpenStandardCatalogueAsync();
            await Eventually.UntilAsync(() => apart.Count >= opened, "a flush between opening and restoring");
            await unit.RestoreCheckpointAsync(new MemoryStream(checkpoint));
            await unit.DrainAsync();
            Assert.True(apart.Count >= opened, $"{apart.Count} values for {opened} statistics");
        }

        // In one step: the values last sent are in the checkpoint, so nothing is sent again until something changes.
        var together = new CountingSink();
        await using var restored = new DataCollectionUnit(new StaticConfigurationProvider(config), options, [together]);
        var result = await restored.OpenStandardCatalogueAndRestoreAsync(new MemoryStream(checkpoint));
        await restored.DrainAsync(); // flushes every partition: no need to wait for the flush timer
        Assert.Null(result.Error);
        Assert.Equal(opened, result.Opened);
        Assert.Equal(new SourcePosition("feed", "stream-feed", 2000), Assert.Single(result.Positions));
        Assert.Equal(0, together.Count);
        var resumed = new OffsetSource("feed", events, stopAfter: long.MaxValue);
        await restored.RunAsync(resumed);
        Assert.Equal(2000, resumed.ResumedAfter);
    }

    [Fact]
    public async Task A_checkpoint_that_cannot_be_restored_in_one_step_still_opens_the_catalogue_and_says_why()
    {
        var (config, _) = Day(10);
        await using var unit = new DataCollectionUnit(new StaticConfigurationProvider(config), new DataCollectionUnitOptions { Partitions = 2 });
        var result = await unit.OpenStandardCatalogueAndRestoreAsync(new MemoryStream("hello"u8.ToArray()));

        Assert.Contains("not a Pulse.Sdk Data Collection Unit checkpoint", result.Error?.Message);
        Assert.Empty(result.Positions);
        await using var plain = new DataCollectionUnit(new StaticConfigurationProvider(config), new DataCollectionUnitOptions { Partitions = 2 });
        Assert.Equal(await plain.OpenStandardCatalogueAsync(), result.Opened);
    }

    [Fact]
    public async Task The_reorder_window_applies_streams_that_arrive_out_of_order_in_event_time_order_and_the_checkpoint_stops_before_held_events()
    {
        var (config, events) = Day(3000);
        var time = new FakeTimeProvider(events[0].Time);
        var options = new DataCollectionUnitOptions { Clock = PulseClock.Events, ReorderWindow = TimeSpan.FromSeconds(1), TimeProvider = time };
        var voice = events.Where(e => e.Source == EventSourceKind.Voice).ToList();
        var others = events.Where(e => e.Source != EventSourceKind.Voice).ToList();
        Assert.NotEmpty(others);

        await using var unit = new DataCollectionUnit(new StaticConfigurationProvider(config), options);
        await unit.OpenStandardCatalogueAsync(NotificationMode.None);
        // The other streams arrive whole before the voice stream: on arrival, the order would be wrong.
        await unit.RunAsync(new OffsetSource("others", others, long.MaxValue));
        await unit.RunAsync(new OffsetSource("voice", voice, long.MaxValue));
        using (var held = new MemoryStream())
        {
            await unit.WriteCheckpointAsync(held);
            held.Position = 0;
            await using var probe = new DataCollectionUnit(new StaticConfigurationProvider(config), options with { TimeProvider = TimeProvider.System });
            await probe.OpenStandardCatalogueAsync(NotificationMode.None);
            // Nothing was released yet (the clock has not moved): both sources resume from their first event.
            Assert.All(await probe.RestoreCheckpointAsync(held), p => Assert.Equal(0, p.Offset));
        }
        time.Advance(TimeSpan.FromSeconds(1));
        await unit.DrainAsync();

        // Replay applies events in file order; the window orders by (time, stream, seq), so the reference is that order.
        AssertSameValues(Replay(config, ReplayValues.TimeOrdered(events)), Values(await unit.SnapshotAsync()));
    }

    [Fact]
    public async Task With_a_refresh_interval_the_sinks_end_with_every_value_as_replay_computes_it_at_the_last_event()
    {
        var (config, events) = Day(2000);
        var time = new FakeTimeProvider(events[0].Time);
        var sink = new LatestValues();
        await using var unit = new DataCollectionUnit(new StaticConfigurationProvider(config),
            new DataCollectionUnitOptions { Clock = PulseClock.Events, TimeProvider = time, RefreshInterval = TimeSpan.FromSeconds(1) }, [sink]);
        await unit.OpenStandardCatalogueAsync();
        // Two flushes: statistics last touched before the first one keep the value they had then.
        await unit.RunAsync(new OffsetSource("feed", events, 1990));
        await unit.DrainAsync();
        await unit.RunAsync(new OffsetSource("feed", events.Skip(1990).ToList(), long.MaxValue));
        await unit.DrainAsync();
        // Without a refresh, values that moved with time alone (a state's duration, a longest wait) lag behind.
        Assert.Contains(Replay(config, events), kv => !sink.Values.TryGetValue(kv.Key, out var v) || !v.Equals(kv.Value));
        time.Advance(TimeSpan.FromSeconds(1.2));
        await unit.DrainAsync();
        AssertSameValues(Replay(config, events), sink.Values);
    }

    private sealed class LatestValues : IStatisticSink
    {
        public Dictionary<string, StatisticValue> Values { get; } = [];

        public void OnUpdates(ReadOnlySpan<StatisticUpdate> updates)
        {
            lock (Values)
                foreach (var u in updates) Values[$"{u.Statistic.Object.Type}:{u.Statistic.Object.Id}/{u.Statistic.Type.Name}"] = u.Value;
        }
    }
}
