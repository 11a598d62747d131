using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Pulse.Sdk.Engine;

namespace Pulse.Benchmarks.Engine;

/// <summary>
/// Events per second through one engine on one core, with the whole standard catalogue opened on every
/// object. Each iteration gets a fresh engine warmed past the login burst, then applies the next
/// 1,000,000 simulator events; results are per event. <see cref="FlushEvery"/>: 100,000 events is the
/// DataCollectionUnit's default 100 ms flush interval at 1,000,000 events/s; 10,000 is a 10 ms interval.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class EngineThroughputBenchmark
{
    private StatisticsEngine _engine = null!;
    private ReplayClock _clock = null!;

    /// <summary>Events between two flushes; at each, every changed value is evaluated and written to the in-memory store.</summary>
    [Params(10_000, 100_000)]
    public int FlushEvery { get; set; }

    [IterationSetup]
    public void Setup() => (_engine, _clock) = EngineWorkload.WarmEngine();

    [Benchmark(OperationsPerInvoke = EngineWorkload.MeasuredEvents)]
    public void ApplyEvents() =>
        EngineWorkload.Run(_engine, _clock, EngineWorkload.Events, EngineWorkload.WarmupEvents, EngineWorkload.MeasuredEvents, FlushEvery);
}
