using System.Runtime.CompilerServices;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Events;
using Pulse.Sdk.Simulation;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Tests.Engine;

public class DataCollectionUnitTests
{
    private sealed class ListSource(IReadOnlyList<PulseEvent> events) : IEventSource
    {
        public string Name => "list";

        public async IAsyncEnumerable<PulseEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var e in events)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return e;
            }
            await Task.CompletedTask;
        }
    }

    private sealed class CollectingSink : IStatisticSink
    {
        public readonly List<StatisticUpdate> Updates = [];

        public void OnUpdates(ReadOnlySpan<StatisticUpdate> updates)
        {
            lock (Updates) Updates.AddRange(updates.ToArray());
        }
    }

    private static (PulseConfiguration Config, List<PulseEvent> Events) TwoTenants()
    {
        var a = new ContactCenterSimulator(SimulatorOptions.Demo with { Seed = 3, TenantId = "north" });
        var b = new ContactCenterSimulator(SimulatorOptions.Demo with { Seed = 4, TenantId = "south" });
        var config = new PulseConfiguration { Tenants = [a.Configuration.Tenants[0], b.Configuration.Tenants[0]] };
        // Interleave the two tenants' streams by time; each keeps its own per-source order.
        var events = a.Generate().Take(3000).Concat(b.Generate().Take(3000)).OrderBy(e => e.Time).ThenBy(e => e.Tenant, StringComparer.Ordinal).ToList();
        return (config, events);
    }

    /// <summary>Counts do not depend on the clock (durations and time ranges do), so a partitioned unit must agree with one engine per tenant.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Partitions_give_the_same_counts_as_a_single_engine(int partitions)
    {
        var (config, events) = TwoTenants();
        await using var dcu = new DataCollectionUnit(new StaticConfigurationProvider(config), new DataCollectionUnitOptions { Partitions = partitions });
        var opened = await dcu.OpenStandardCatalogueAsync();
        await dcu.RunAsync(new ListSource(events));
        await dcu.DrainAsync();
        var snapshot = await dcu.SnapshotAsync();
        Assert.Equal(opened, snapshot.Count);

        foreach (var tenant in config.Tenants)
        {
            var clock = new ReplayClock(events[0].Time);
            var engine = new StatisticsEngine(new PulseConfiguration { Tenants = [tenant] }, new StatisticsEngineOptions { TimeProvider = clock });
            engine.OpenStandardCatalogue();
            foreach (var e in events.Where(e => e.Tenant == tenant.Id))
            {
                clock.AdvanceTo(e.Time);
                Assert.Equal(EventOutcome.Applied, engine.Apply(e));
            }
            var expected = engine.Snapshot()
                .Where(u => u.Statistic.Type.Category is StatisticCategory.TotalNumber)
                .ToDictionary(u => (u.Statistic.Object, u.Statistic.Type.Name), u => u.Value.Number);
            Assert.NotEmpty(expected);
            Assert.Contains(expected, kv => kv.Value > 0);
            var actual = snapshot.Where(u => u.Statistic.Object.Tenant == tenant.Id)
                .Where(u => u.Statistic.Type.Category is StatisticCategory.TotalNumber)
                .ToDictionary(u => (u.Statistic.Object, u.Statistic.Type.Name), u => u.Value.Number);
            var differing = expected.Where(kv => !actual.TryGetValue(kv.Key, out var a) || a != kv.Value)
                .Select(kv => $"{kv.Key}: expected {kv.Value}, actual {actual.GetValueOrDefault(kv.Key)}").ToList();
            Assert.True(differing.Count == 0 && expected.Count == actual.Count, string.Join("; ", differing.Take(5)));
        }
        var counters = await dcu.CountersAsync();
        Assert.Equal(events.Count, counters.Applied);
    }

    [Fact]
    public async Task Sinks_receive_changed_values_at_flush()
    {
        var (config, events) = TwoTenants();
        var sink = new CollectingSink();
        await using var dcu = new DataCollectionUnit(new StaticConfigurationProvider(config),
            new DataCollectionUnitOptions { FlushInterval = TimeSpan.FromMilliseconds(10) }, [sink]);
        var entered = await dcu.OpenAsync(new StatisticRequest(StandardCatalogue.Entered, new ObjectRef("north", ObjectType.Tenant, "north")));
        await dcu.RunAsync(new ListSource(events));
        await dcu.DrainAsync();
        List<StatisticUpdate> mine;
        lock (sink.Updates) mine = sink.Updates.Where(u => u.Statistic == entered).ToList();
        Assert.NotEmpty(mine);
        var expected = events.Count(e => e.Tenant == "north" && e.Type == PulseEventType.Queued && e.Source == EventSourceKind.Voice);
        Assert.Equal(expected, mine[^1].Value.Number);
        // Values only grow for a counter, and each update differs from the previous one (ChangesBased).
        for (var i = 1; i < mine.Count; i++) Assert.True(mine[i].Value.Number > mine[i - 1].Value.Number);
    }

    [Fact]
    public async Task Configuration_changes_reach_the_partitions()
    {
        var tenant = new TenantConfig
        {
            Id = "t",
            Agents = [new AgentConfig { Id = "a1", Dns = ["5001"] }, new AgentConfig { Id = "a2", Dns = ["5002"] }],
            AgentGroups = [new AgentGroupConfig { Id = "g", Agents = ["a1"] }],
        };
        var provider = new StaticConfigurationProvider(new PulseConfiguration { Tenants = [tenant] });
        await using var dcu = new DataCollectionUnit(provider, new DataCollectionUnitOptions { Partitions = 2 });
        var ready = await dcu.OpenAsync(new StatisticRequest(StandardCatalogue.AgentsReady, new ObjectRef("t", ObjectType.GroupAgents, "g")));
        PulseEvent E(long seq, PulseEventType type, string agent) =>
            new() { Seq = seq, Time = DateTimeOffset.UnixEpoch, Tenant = "t", Source = EventSourceKind.Voice, Type = type, Agent = agent };
        await dcu.RunAsync(new ListSource([E(1, PulseEventType.AgentLogin, "a1"), E(2, PulseEventType.AgentReady, "a1"), E(3, PulseEventType.AgentLogin, "a2"), E(4, PulseEventType.AgentReady, "a2")]));
        Assert.Equal(1, (await dcu.InvokeAsync("t", e => e.Read(ready))).Number);

        provider.Update(new PulseConfiguration { Tenants = [tenant with { AgentGroups = [new AgentGroupConfig { Id = "g", Agents = ["a1", "a2"] }] }] });
        await dcu.DrainAsync();
        Assert.Equal(2, (await dcu.InvokeAsync("t", e => e.Read(ready))).Number);

        await dcu.CloseAsync(ready);
        Assert.False(await dcu.InvokeAsync("t", e => e.IsOpen(ready)));
        Assert.Equal(0, await dcu.InvokeAsync("t", e => e.OpenedCount));
    }

    [Fact]
    public async Task Partitions_checkpoint_and_restore()
    {
        var (config, events) = TwoTenants();
        var options = new DataCollectionUnitOptions { Partitions = 2 };
        var checkpoints = new MemoryStream[2];
        IReadOnlyList<StatisticUpdate> before;
        await using (var dcu = new DataCollectionUnit(new StaticConfigurationProvider(config), options))
        {
            await dcu.OpenStandardCatalogueAsync();
            await dcu.RunAsync(new ListSource(events));
            await dcu.DrainAsync();
            before = await dcu.SnapshotAsync();
            for (var p = 0; p < 2; p++)
            {
                checkpoints[p] = new MemoryStream();
                await dcu.WriteCheckpointAsync(p, checkpoints[p]);
            }
        }

        await using var restored = new DataCollectionUnit(new StaticConfigurationProvider(config), options);
        await restored.OpenStandardCatalogueAsync();
        for (var p = 0; p < 2; p++)
        {
            checkpoints[p].Position = 0;
            await restored.RestoreCheckpointAsync(p, checkpoints[p]);
        }
        var after = await restored.SnapshotAsync();
        // Counts do not depend on the (wall) clock of the two units; they must have come back whole.
        static Dictionary<string, double> Counts(IEnumerable<StatisticUpdate> s) => s
            .Where(u => u.Statistic.Type.Category == StatisticCategory.TotalNumber)
            .ToDictionary(u => u.Statistic.ToString(), u => u.Value.Number);
        Assert.Contains(Counts(before), kv => kv.Value > 0);
        Assert.Equal(Counts(before), Counts(after));
        Assert.Equal(events.Count, (await restored.CountersAsync()).Applied);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => restored.WriteCheckpointAsync(2, new MemoryStream()));
    }

    [Fact]
    public void Flushes_keep_a_fixed_rate_and_start_over_after_falling_a_whole_interval_behind()
    {
        var t0 = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
        var interval = TimeSpan.FromMilliseconds(100);

        // A flush due at 0 that ran until 13 ms: the next is due at 100 ms, not 113 ms.
        Assert.Equal(t0.AddMilliseconds(100), DataCollectionUnit.NextFlush(t0, t0.AddMilliseconds(13), interval));
        // One that ended at 250 ms (a stall): one interval from then, not two flushes back to back.
        Assert.Equal(t0.AddMilliseconds(350), DataCollectionUnit.NextFlush(t0, t0.AddMilliseconds(250), interval));
    }
}
