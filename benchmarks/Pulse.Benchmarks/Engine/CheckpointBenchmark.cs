using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Events;
using Pulse.Sdk.Simulation;

namespace Pulse.Benchmarks.Engine;

/// <summary>
/// DCU recovery with about 1,000,000 opened statistics: the simulator's Benchmark preset scaled to 90,000 agents
/// (900,000 agent statistics) and 999 queues, the standard catalogue on every object, warmed by 400,000 events.
/// <see cref="Recover"/> is what a restarted DCU does: build the engine, reopen the statistics, restore the
/// checkpoint. <see cref="Write"/> writes the checkpoint (its size is printed once).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3, invocationCount: 1)]
public class CheckpointBenchmark
{
    private static readonly SimulatorOptions Large = SimulatorOptions.Benchmark with { Agents = 90_000, Queues = 999, AgentGroups = 900 };
    private static readonly Lazy<(PulseConfiguration Config, byte[] Checkpoint, StatisticsEngine Engine)> Data = new(Build);

    private static (PulseConfiguration, byte[], StatisticsEngine) Build()
    {
        var sim = new ContactCenterSimulator(Large);
        var events = sim.Generate().Take(400_000).ToList();
        var clock = new ReplayClock(events[0].Time);
        var engine = new StatisticsEngine(sim.Configuration, new StatisticsEngineOptions { TimeProvider = clock });
        var opened = engine.OpenStandardCatalogue().Count;
        foreach (var e in events)
        {
            clock.AdvanceTo(e.Time);
            engine.Apply(e);
        }
        using var ms = new MemoryStream();
        engine.WriteCheckpoint(ms);
        Console.WriteLine($"// checkpoint: {opened:N0} opened statistics, {ms.Length:N0} bytes ({ms.Length / (double)opened:F1} bytes per statistic)");
        return (sim.Configuration, ms.ToArray(), engine);
    }

    [GlobalSetup]
    public void Setup() => _ = Data.Value;

    [Benchmark]
    public long Write()
    {
        using var ms = new MemoryStream(Data.Value.Checkpoint.Length);
        Data.Value.Engine.WriteCheckpoint(ms);
        return ms.Length;
    }

    [Benchmark]
    public int Recover()
    {
        var engine = new StatisticsEngine(Data.Value.Config, new StatisticsEngineOptions { TimeProvider = new ReplayClock(DateTimeOffset.UnixEpoch) });
        var n = engine.OpenStandardCatalogue().Count;
        engine.RestoreCheckpoint(new MemoryStream(Data.Value.Checkpoint, writable: false));
        return n;
    }
}
