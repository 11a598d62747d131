using Pulse.Sdk.Configuration;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Events;
using Pulse.Sdk.Simulation;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Tests.Support;

namespace Pulse.Sdk.Tests.Engine;

/// <summary>
/// Statistics split by object over several units (docs/architecture.md, "DCU partitions"): where objects and partitions
/// go, and that the units together give the values of one engine, through a hand-over to a unit added later too.
/// </summary>
public class ObjectPartitioningTests
{
    [Fact]
    public void Every_process_holds_a_fair_share_and_adding_one_moves_partitions_only_to_it()
    {
        for (var count = 1; count <= 64; count++)
        {
            var before = ObjectPartitioning.Assign(count, 1);
            Assert.All(before, owner => Assert.Equal(0, owner));
            for (var members = 2; members <= count + 2; members++)
            {
                var after = ObjectPartitioning.Assign(count, members);
                for (var p = 0; p < count; p++)
                    Assert.True(after[p] == before[p] || after[p] == members - 1,
                        $"{count} partitions, {members - 1} → {members} processes: partition {p} moved from {before[p]} to {after[p]}, not to the new process");
                var loads = Enumerable.Range(0, members).Select(m => after.Count(o => o == m)).ToList();
                Assert.True(loads.Max() - loads.Min() <= 1, $"{count} partitions over {members} processes: loads {string.Join(",", loads)}");
                Assert.Equal(after, ObjectPartitioning.Assign(count, members)); // deterministic
                before = after;
            }
        }
    }

    [Fact]
    public void An_object_is_placed_by_its_tenant_kind_and_id_the_same_way_in_every_process()
    {
        // Fixed values: a change of the hash would move every object's state away from its checkpoint.
        Assert.Equal(0, ObjectPartitioning.PartitionOf(new ObjectRef("demo", ObjectType.Agent, "a001"), 4));
        Assert.Equal(2, ObjectPartitioning.PartitionOf(new ObjectRef("demo", ObjectType.Queue, "q001"), 4));
        Assert.Equal(44, ObjectPartitioning.PartitionOf(new ObjectRef("demo", ObjectType.Tenant, "demo"), 1024));
        Assert.NotEqual(ObjectPartitioning.PartitionOf(new ObjectRef("ab", ObjectType.Agent, "c"), 1024),
            ObjectPartitioning.PartitionOf(new ObjectRef("a", ObjectType.Agent, "bc"), 1024));
    }

    [Fact]
    public void A_bad_split_is_refused_naming_the_setting()
    {
        var config = Day(1).Config;
        var both = Assert.Throws<ArgumentException>(() => new DataCollectionUnit(new StaticConfigurationProvider(config),
            new DataCollectionUnitOptions { Partitions = 2, ObjectPartitions = new ObjectPartitioning(4, [0]) }));
        Assert.Contains("not both: leave Partitions at 1", both.Message, StringComparison.Ordinal);
        var outside = Assert.Throws<ArgumentException>(() => new DataCollectionUnit(new StaticConfigurationProvider(config),
            new DataCollectionUnitOptions { ObjectPartitions = new ObjectPartitioning(4, [1, 4]) }));
        Assert.Contains("ObjectPartitioning.Owned: partition 4 is not 0 to 3", outside.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => ObjectPartitioning.OwnedBy(3, 3, 4));
    }

    [Theory]
    [InlineData(4, 3)]
    [InlineData(7, 2)]
    [InlineData(3, 3)]
    public async Task Units_that_split_the_objects_give_together_every_value_of_one_engine_exactly_once(int count, int members)
    {
        var (config, events) = Day(3000);
        var units = new List<DataCollectionUnit>();
        try
        {
            for (var m = 0; m < members; m++)
            {
                var unit = Unit(config, count, ObjectPartitioning.OwnedBy(m, members, count));
                units.Add(unit);
                await unit.OpenStandardCatalogueAndRestorePartitionsAsync(new byte[]?[unit.PartitionCount], NotificationMode.None);
                await unit.RunAsync(new OffsetSource("feed", events, events.Count));
                await unit.DrainAsync();
            }
            var expected = ReplayValues.Of(config, events);
            var together = await Together(units);
            ReplayValues.AssertSame(expected, together);
            // Each unit opened a share, not everything: the split is real.
            foreach (var unit in units)
                Assert.True((await unit.SnapshotAsync()).Count < expected.Count, "a unit opened every statistic");
        }
        finally
        {
            foreach (var unit in units) await unit.DisposeAsync();
        }
    }

    [Fact]
    public async Task Partitions_handed_to_a_unit_added_during_traffic_continue_from_their_last_checkpoint_without_counting_twice()
    {
        const int count = 4, cut = 1500;
        var (config, events) = Day(4000);
        var units = new List<DataCollectionUnit>();
        try
        {
            // Three units read the first events.
            for (var m = 0; m < 3; m++)
            {
                var unit = Unit(config, count, ObjectPartitioning.OwnedBy(m, 3, count));
                units.Add(unit);
                await unit.OpenStandardCatalogueAndRestorePartitionsAsync(new byte[]?[unit.PartitionCount], NotificationMode.None);
                await unit.RunAsync(new OffsetSource("feed", events, cut));
            }

            // A fourth joins: each old unit retires what the fourth takes over, writing its last checkpoint as it stops it.
            var taken = ObjectPartitioning.OwnedBy(3, 4, count);
            Assert.NotEmpty(taken);
            var handed = new Dictionary<int, byte[]>();
            foreach (var unit in units)
                for (var i = 0; i < unit.PartitionCount; i++)
                {
                    if (!taken.Contains(unit.ObjectPartitions![i])) continue;
                    using var buffer = new MemoryStream();
                    await unit.RetirePartitionAsync(i, buffer);
                    handed[unit.ObjectPartitions[i]] = buffer.ToArray();
                    Assert.True(unit.IsRetired(i));
                }
            Assert.Equal(taken.Order(), handed.Keys.Order());

            // The old units go on (their retired engines apply nothing more), and so does the new one, from the checkpoints.
            foreach (var unit in units)
            {
                var rest = new OffsetSource("feed", events, events.Count);
                rest.ResumeAfter(cut, rest.StreamId);
                await unit.RunAsync(rest);
                await unit.DrainAsync();
            }
            var added = Unit(config, count, taken);
            units.Add(added);
            var restore = await added.OpenStandardCatalogueAndRestorePartitionsAsync([.. taken.Select(p => handed[p])], NotificationMode.None);
            Assert.Null(restore.Error);
            Assert.Equal(new SourcePosition("feed", "stream-feed", cut), Assert.Single(restore.Positions));
            var source = new OffsetSource("feed", events, events.Count);
            await added.RunAsync(source);
            await added.DrainAsync();
            Assert.Equal(cut, source.ResumedAfter);

            ReplayValues.AssertSame(ReplayValues.Of(config, events), await Together(units));
        }
        finally
        {
            foreach (var unit in units) await unit.DisposeAsync();
        }
    }

    [Fact]
    public async Task Split_by_whole_tenants_each_unit_reads_only_its_tenants_events_and_together_they_give_one_engines_values()
    {
        var (demo, demoEvents) = Day(2500);
        // A second tenant, the same site under another id: "demo" and "acme" fall in different processes of two.
        var config = demo with { Tenants = [.. demo.Tenants, demo.Tenants[0] with { Id = "acme" }] };
        var events = demoEvents.SelectMany(e => new[] { e, e with { Tenant = "acme" } }).ToList();
        Assert.NotEqual(ObjectPartitioning.Assign(4, 2)[ObjectPartitioning.PartitionOfTenant("demo", 4)],
            ObjectPartitioning.Assign(4, 2)[ObjectPartitioning.PartitionOfTenant("acme", 4)]);
        var units = new List<DataCollectionUnit>();
        try
        {
            foreach (var m in new[] { 0, 1 })
            {
                var split = new ObjectPartitioning(4, ObjectPartitioning.OwnedBy(m, 2, 4)) { WholeTenants = true };
                var unit = new DataCollectionUnit(new StaticConfigurationProvider(config), new DataCollectionUnitOptions { Clock = PulseClock.Events, ObjectPartitions = split });
                units.Add(unit);
                await unit.OpenStandardCatalogueAndRestorePartitionsAsync(new byte[]?[unit.PartitionCount], NotificationMode.None);
                // What the feed's tenant filter lets through to this process.
                var mine = events.Where(e => split.OwnsTenant(e.Tenant)).ToList();
                Assert.Equal(events.Count / 2, mine.Count);
                await unit.RunAsync(new OffsetSource("feed", mine, mine.Count));
                await unit.DrainAsync();
                Assert.All(await unit.SnapshotAsync(), u => Assert.True(split.OwnsTenant(u.Statistic.Object.Tenant)));
            }
            // Both tenants are the same site with the same events: each must show one engine's values of the demo's day.
            var expected = ReplayValues.Of(demo, demoEvents);
            var together = new Dictionary<string, StatisticValue>();
            foreach (var unit in units)
                foreach (var u in await unit.SnapshotAsync())
                    Assert.True(together.TryAdd($"{u.Statistic.Object.Tenant}/{ReplayValues.Key(u)}", u.Value), "held twice: " + ReplayValues.Key(u));
            Assert.Equal(2 * expected.Count, together.Count);
            foreach (var (key, value) in together) Assert.Equal(expected[key[(key.IndexOf('/') + 1)..].Replace("Tenant:acme/", "Tenant:demo/", StringComparison.Ordinal)], value);
        }
        finally
        {
            foreach (var unit in units) await unit.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_retired_partition_flushes_nothing_more_and_the_whole_unit_checkpoint_is_refused()
    {
        var (config, events) = Day(2000);
        var sink = new ConcurrentSink();
        await using var unit = new DataCollectionUnit(new StaticConfigurationProvider(config),
            new DataCollectionUnitOptions { Clock = PulseClock.Events, ObjectPartitions = new ObjectPartitioning(2, [0, 1]) }, [sink]);
        await unit.OpenStandardCatalogueAndRestorePartitionsAsync([null, null]);
        await unit.RunAsync(new OffsetSource("feed", events, 1000));
        await unit.DrainAsync();
        await unit.RetirePartitionAsync(1, new MemoryStream());
        sink.Updates.Clear();
        var rest = new OffsetSource("feed", events, events.Count);
        rest.ResumeAfter(1000, rest.StreamId);
        await unit.RunAsync(rest);
        await unit.DrainAsync();
        Assert.NotEmpty(sink.Updates);
        Assert.All(sink.Updates, u => Assert.Equal(0, ObjectPartitioning.PartitionOf(u.Statistic.Object, 2)));
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => unit.WriteCheckpointAsync(new MemoryStream()));
        Assert.Contains("WritePartitionCheckpointAsync", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => unit.WritePartitionCheckpointAsync(1, new MemoryStream()));
        // Its objects are no longer this unit's: a layout's statistics are neither opened nor closed on them here.
        var handed = config.Tenants[0].Agents.Select(a => new ObjectRef(config.Tenants[0].Id, ObjectType.Agent, a.Id)).First(o => ObjectPartitioning.PartitionOf(o, 2) == 1);
        Assert.False(unit.Owns(handed));
        await Assert.ThrowsAsync<ArgumentException>(() => unit.OpenAsync(new StatisticRequest(StandardCatalogue.For(ObjectType.Agent)[0], handed)));
    }

    /// <summary>Two partitions flush on two threads.</summary>
    private sealed class ConcurrentSink : IStatisticSink
    {
        public System.Collections.Concurrent.ConcurrentQueue<StatisticUpdate> Updates { get; } = new();

        public void OnUpdates(ReadOnlySpan<StatisticUpdate> updates)
        {
            foreach (var u in updates) Updates.Enqueue(u);
        }
    }

    private static DataCollectionUnit Unit(PulseConfiguration config, int count, IReadOnlyList<int> owned) =>
        new(new StaticConfigurationProvider(config), new DataCollectionUnitOptions { Clock = PulseClock.Events, ObjectPartitions = new ObjectPartitioning(count, owned) });

    /// <summary>The values of every unit, by key; a statistic that two units hold fails the test.</summary>
    private static async Task<Dictionary<string, StatisticValue>> Together(IEnumerable<DataCollectionUnit> units)
    {
        var all = new Dictionary<string, StatisticValue>();
        foreach (var unit in units)
            foreach (var (key, value) in ReplayValues.ByKey(await unit.SnapshotAsync()))
                Assert.True(all.TryAdd(key, value), $"{key} is held by two units");
        return all;
    }

    private static (PulseConfiguration Config, List<PulseEvent> Events) Day(int count)
    {
        var sim = new ContactCenterSimulator(SimulatorOptions.Demo with { Seed = 17 });
        return (sim.Configuration, sim.Generate().Take(count).ToList());
    }
}
