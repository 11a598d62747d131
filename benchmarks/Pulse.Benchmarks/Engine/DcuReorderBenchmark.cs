using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Events;
using Pulse.Sdk.Statistics;

namespace Pulse.Benchmarks.Engine;

/// <summary>
/// The four streams of the benchmark workload (voice, voice-VQ, ixn, ixn-VQ), each from its own source read concurrently,
/// through a Data Collection Unit with the events clock and the standard catalogue open: without a reorder window
/// (events applied on arrival, the baseline) and with one (docs/statistics.md, "Joining the streams"), which holds every
/// event until the other sources have passed its time. Per event, and bytes allocated per event (all threads).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class DcuReorderBenchmark
{
    private const int Slice = 100_000;
    private DataCollectionUnit _unit = null!;
    private PulseEvent[][][] _slices = null!;
    private int _next;

    /// <summary>0: on arrival; 250 ms: the host's dcu role default.</summary>
    [Params(0, 250)]
    public int ReorderWindowMs { get; set; }

    /// <summary>
    /// One unit for the whole run, warmed by the login burst and ramp-up through the same four sources, so that its queues
    /// have grown and the iterations measure the steady state; each iteration then reads the next slice of the day.
    /// </summary>
    [GlobalSetup]
    public void Setup()
    {
        var events = EngineWorkload.Events;
        var warm = Split(events.Take(EngineWorkload.WarmupEvents));
        _slices = [.. Enumerable.Range(0, 10).Select(i => Split(events.Skip(EngineWorkload.WarmupEvents + i * Slice).Take(Slice)))];
        _unit = new DataCollectionUnit(new StaticConfigurationProvider(EngineWorkload.Config), new DataCollectionUnitOptions
        {
            Clock = PulseClock.Events,
            ReorderWindow = TimeSpan.FromMilliseconds(ReorderWindowMs),
        });
        _unit.OpenStandardCatalogueAsync(NotificationMode.None).GetAwaiter().GetResult();
        Feed(warm);
    }

    [Benchmark(OperationsPerInvoke = Slice)]
    public void ApplyFourStreams()
    {
        // BenchmarkDotNet's jitting run, one warm-up and five measured iterations: 7 of the 10 slices.
        if (_next == _slices.Length) throw new InvalidOperationException($"only {_slices.Length} slices of the day: run fewer iterations");
        Feed(_slices[_next++]);
    }

    [GlobalCleanup]
    public void Cleanup() => _unit.DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static PulseEvent[][] Split(IEnumerable<PulseEvent> events)
    {
        var list = events.ToList();
        return [.. Enumerable.Range(0, 4).Select(k => list.Where(e => (int)e.Source == k).ToArray())];
    }

    private void Feed(PulseEvent[][] streams)
    {
        var runs = streams.Select((s, k) => _unit.RunAsync(new ArrayEventSource(((EventSourceKind)k).ToString(), s))).ToArray();
        Task.WhenAll(runs).GetAwaiter().GetResult();
        _unit.DrainAsync().GetAwaiter().GetResult();
    }
}
