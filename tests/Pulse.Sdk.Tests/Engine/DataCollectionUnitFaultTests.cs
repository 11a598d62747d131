using Pulse.Sdk.Configuration;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Events;
using Pulse.Sdk.Simulation;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Tests.Support;

namespace Pulse.Sdk.Tests.Engine;

/// <summary>
/// Faults inside a Data Collection Unit (docs/architecture.md, "Faults"): a sink that throws is isolated and disabled
/// after too many failures in a row; a partition that stops on an unexpected error refuses what is sent to it, with the
/// cause, instead of leaving its writers waiting on a full queue.
/// </summary>
public class DataCollectionUnitFaultTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    private sealed class ThrowingSink : IStatisticSink
    {
        public int Calls;

        public void OnUpdates(ReadOnlySpan<StatisticUpdate> updates)
        {
            Calls++;
            throw new InvalidOperationException("the store is on fire");
        }
    }

    private sealed class CountingSink : IStatisticSink
    {
        public int Updates;

        public void OnUpdates(ReadOnlySpan<StatisticUpdate> updates) => Updates += updates.Length;
    }

    private sealed class ListSource(IReadOnlyList<PulseEvent> events) : IEventSource
    {
        public string Name => "list";

        public async IAsyncEnumerable<PulseEvent> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var e in events)
            {
                yield return e;
                await Task.Yield();
            }
        }
    }

    [Fact]
    public async Task A_sink_that_throws_is_isolated_and_disabled_and_the_unit_goes_on()
    {
        var sim = new ContactCenterSimulator(SimulatorOptions.Demo with { Seed = 8 });
        var events = sim.Generate().Take(3000).ToList();
        var throwing = new ThrowingSink();
        var counting = new CountingSink();
        var failures = 0;
        await using var unit = new DataCollectionUnit(new StaticConfigurationProvider(sim.Configuration),
            new DataCollectionUnitOptions { Clock = PulseClock.Events, QueueCapacity = 16, MaxConsecutiveSinkFailures = 3 },
            [throwing, counting]);
        unit.SinkFailed += (_, _) => Interlocked.Increment(ref failures);
        await unit.OpenStandardCatalogueAsync().WaitAsync(Limit);

        // Six batches, each flushed by a drain: the throwing sink is called at each flush until it is disabled.
        foreach (var batch in events.Chunk(500))
        {
            await unit.RunAsync(new ListSource(batch)).WaitAsync(Limit);
            await unit.DrainAsync().WaitAsync(Limit);
        }

        Assert.Equal(3, throwing.Calls);
        Assert.Equal(3, failures);
        var status = Assert.Single(unit.SinkFailures);
        Assert.Equal(new SinkStatus(nameof(ThrowingSink), 3, true, "the store is on fire"), status);
        Assert.True(counting.Updates > 0);
        Assert.Null(unit.Failure);
        // The engine went on: its values are replay's.
        ReplayValues.AssertSame(ReplayValues.Of(sim.Configuration, events), ReplayValues.ByKey(await unit.SnapshotAsync().WaitAsync(Limit)));
    }

    [Fact]
    public async Task A_partition_that_stops_on_an_error_refuses_events_and_commands_with_the_cause_instead_of_hanging()
    {
        var sim = new ContactCenterSimulator(SimulatorOptions.Demo with { Seed = 9 });
        var events = sim.Generate().Take(2000).ToList();
        var poison = events[100];
        await using var unit = new DataCollectionUnit(new StaticConfigurationProvider(sim.Configuration), new DataCollectionUnitOptions
        {
            QueueCapacity = 16,
            BeforeApply = e => { if (ReferenceEquals(e, poison)) throw new InvalidOperationException("a bug in the engine"); },
        });

        var run = await Assert.ThrowsAsync<InvalidOperationException>(() => unit.RunAsync(new ListSource(events)).WaitAsync(Limit));
        Assert.Contains("a bug in the engine", run.Message);
        var drain = await Assert.ThrowsAsync<InvalidOperationException>(() => unit.DrainAsync().WaitAsync(Limit));
        Assert.Contains("the engine partition has stopped: a bug in the engine", drain.Message);
        await Assert.ThrowsAsync<InvalidOperationException>(() => unit.SnapshotAsync().WaitAsync(Limit));
        Assert.Equal("a bug in the engine", unit.Failure?.Message);
    }
}
