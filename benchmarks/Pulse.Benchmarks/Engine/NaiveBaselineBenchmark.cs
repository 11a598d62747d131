using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Events;
using Pulse.Sdk.Statistics;

namespace Pulse.Benchmarks.Engine;

/// <summary>
/// The engine against a naive implementation (<see cref="NaiveQueueKpis"/>) on the same events and the
/// same seven queue KPIs for all 500 queues, refreshed every 10,000 events. Each iteration applies
/// 200,000 events after the login burst; the naive side keeps the day's records from the warm-up.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class NaiveBaselineBenchmark
{
    private const int Warmup = EngineWorkload.WarmupEvents;
    private const int Measured = 200_000;
    private const int RefreshEvery = 10_000;
    private static readonly StatisticType[] Kpis =
    [
        StandardCatalogue.Entered, StandardCatalogue.Waiting, StandardCatalogue.LongestWait, StandardCatalogue.Answered,
        StandardCatalogue.Abandoned, StandardCatalogue.ServiceLevel2, StandardCatalogue.Asa,
    ];

    private StatisticsEngine _engine = null!;
    private ReplayClock _clock = null!;
    private NaiveQueueKpis _naive = null!;

    [IterationSetup(Target = nameof(Engine))]
    public void SetupEngine()
    {
        var events = EngineWorkload.Events;
        _clock = new ReplayClock(events[0].Time);
        _engine = new StatisticsEngine(EngineWorkload.Config, new StatisticsEngineOptions { TimeProvider = _clock });
        foreach (var q in EngineWorkload.Config.Tenants[0].Queues)
            foreach (var k in Kpis)
                _engine.Open(new StatisticRequest(k, new ObjectRef(EngineWorkload.Config.Tenants[0].Id, ObjectType.Queue, q.Id)));
        EngineWorkload.Run(_engine, _clock, events, 0, Warmup, RefreshEvery);
    }

    [IterationSetup(Target = nameof(Naive))]
    public void SetupNaive()
    {
        var tenant = EngineWorkload.Config.Tenants[0];
        _naive = new NaiveQueueKpis(tenant.Queues.ToDictionary(q => q.Dn, q => q.Id), tenant.Queues[0].ServiceLevelThresholdSeconds);
        var events = EngineWorkload.Events;
        for (var i = 0; i < Warmup; i++) _naive.Apply(events[i]);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Measured)]
    public double Naive()
    {
        var events = EngineWorkload.Events;
        for (var i = Warmup; i < Warmup + Measured; i++)
        {
            _naive.Apply(events[i]);
            if (i % RefreshEvery == 0) _naive.Refresh(events[i].Time);
        }
        return _naive.Checksum;
    }

    [Benchmark(OperationsPerInvoke = Measured)]
    public int Engine()
    {
        EngineWorkload.Run(_engine, _clock, EngineWorkload.Events, Warmup, Measured, RefreshEvery);
        return _engine.OpenedCount;
    }
}
