using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Events;
using Pulse.Sdk.Statistics;

namespace Pulse.Benchmarks.Engine;

/// <summary>
/// Events per second through one DCU process by the share of the statistics it runs (docs/architecture.md, "DCU
/// partitions"): every object (one process, the baseline), one of 4 object partitions (a process of 4), and two of 4
/// (the busiest process of 3). Every engine applies every event, so what a share saves is the work per statistic:
/// aggregators, evaluation at each flush, values to the sinks (a sink that counts them, as the Redis writer receives them).
/// The benchmark workload's day after its first 400,000 events, 100,000 per iteration, the events clock, the standard
/// catalogue with changes-based notification, flushes every 100 ms.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class DcuPartitionBenchmark
{
    private const int Slice = 100_000;
    private DataCollectionUnit _unit = null!;
    private PulseEvent[][] _slices = null!;
    private int _next;

    /// <summary>all: every object; 1of4: partition 0 of 4; 2of4: partitions 2 and 3 of 4.</summary>
    [Params("all", "1of4", "2of4")]
    public string Share { get; set; } = "all";

    [GlobalSetup]
    public void Setup()
    {
        var events = EngineWorkload.Events;
        _slices = [.. Enumerable.Range(0, 10).Select(i => events.Skip(EngineWorkload.WarmupEvents + i * Slice).Take(Slice).ToArray())];
        _unit = new DataCollectionUnit(new StaticConfigurationProvider(EngineWorkload.Config), new DataCollectionUnitOptions
        {
            Clock = PulseClock.Events,
            ObjectPartitions = Share switch
            {
                "all" => null,
                "1of4" => new ObjectPartitioning(4, [0]),
                "2of4" => new ObjectPartitioning(4, [2, 3]),
                _ => throw new InvalidOperationException("unknown share " + Share),
            },
        }, [new CountingSink()]);
        if (_unit.ObjectPartitions is { } owned)
            _unit.OpenStandardCatalogueAndRestorePartitionsAsync(new byte[]?[owned.Count]).GetAwaiter().GetResult();
        else
            _unit.OpenStandardCatalogueAsync().GetAwaiter().GetResult();
        Feed(events.Take(EngineWorkload.WarmupEvents).ToArray());
    }

    [Benchmark(OperationsPerInvoke = Slice)]
    public void ApplyEvents()
    {
        if (_next == _slices.Length) throw new InvalidOperationException($"only {_slices.Length} slices of the day: run fewer iterations");
        Feed(_slices[_next++]);
    }

    [GlobalCleanup]
    public void Cleanup() => _unit.DisposeAsync().AsTask().GetAwaiter().GetResult();

    private void Feed(PulseEvent[] events)
    {
        _unit.RunAsync(new ArrayEventSource("day", events)).GetAwaiter().GetResult();
        _unit.DrainAsync().GetAwaiter().GetResult();
    }

    /// <summary>Counts the values it receives: the sinks' share of the work without Redis.</summary>
    private sealed class CountingSink : IStatisticSink
    {
        private long _values;

        public void OnUpdates(ReadOnlySpan<StatisticUpdate> updates) => Interlocked.Add(ref _values, updates.Length);
    }
}
