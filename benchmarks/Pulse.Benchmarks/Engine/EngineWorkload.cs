using Pulse.Sdk.Configuration;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Events;
using Pulse.Sdk.Simulation;
using Pulse.Sdk.Storage;

namespace Pulse.Benchmarks.Engine;

/// <summary>
/// The benchmark load: the simulator's Benchmark preset (10,000 agents, 500 queues, 50 virtual queues,
/// 100 agent groups, 20 interaction queues), events pre-generated once per process.
/// </summary>
internal static class EngineWorkload
{
    public const int WarmupEvents = 400_000;
    public const int MeasuredEvents = 1_000_000;
    /// <summary>Flush cadence of the quick report; the benchmark class sets its own.</summary>
    public static int FlushEvery = int.Parse(Environment.GetEnvironmentVariable("PULSE_FLUSH_EVERY") ?? "100000");

    private static readonly Lazy<(PulseConfiguration Config, PulseEvent[] Events)> Data = new(() =>
    {
        var sim = new ContactCenterSimulator(SimulatorOptions.Benchmark);
        var events = sim.Generate().Take(WarmupEvents + MeasuredEvents).ToArray();
        return (sim.Configuration, events);
    });

    public static PulseConfiguration Config => Data.Value.Config;
    public static PulseEvent[] Events => Data.Value.Events;

    /// <summary>An engine with the standard catalogue open on every object and an in-memory store as its sink, warmed up past the login burst.</summary>
    public static (StatisticsEngine Engine, ReplayClock Clock) WarmEngine()
    {
        var events = Events;
        var clock = new ReplayClock(events[0].Time);
        var engine = new StatisticsEngine(Config, new StatisticsEngineOptions { TimeProvider = clock });
        // A real sink: every flush writes the changed values into the embedded store.
        if (Environment.GetEnvironmentVariable("PULSE_NO_SINK") is null) engine.AddSink(new InMemoryStatisticStore());
        var skip = Environment.GetEnvironmentVariable("PULSE_SKIP_TYPES");
        if (skip is null) engine.OpenStandardCatalogue();
        else
            foreach (var o in engine.Objects.Where(o => !skip.Contains(o.Type.ToString(), StringComparison.Ordinal)).ToList())
                foreach (var t in Pulse.Sdk.Statistics.StandardCatalogue.For(o.Type))
                    engine.Open(new Pulse.Sdk.Statistics.StatisticRequest(t, o));
        Run(engine, clock, events, 0, WarmupEvents);
        return (engine, clock);
    }

    public static void Run(StatisticsEngine engine, ReplayClock clock, PulseEvent[] events, int from, int count) =>
        Run(engine, clock, events, from, count, FlushEvery);

    public static void Run(StatisticsEngine engine, ReplayClock clock, PulseEvent[] events, int from, int count, int flushEvery)
    {
        var end = from + count;
        for (var i = from; i < end; i++)
        {
            var e = events[i];
            clock.AdvanceTo(e.Time);
            engine.Apply(e);
            if (i % flushEvery == 0) engine.Flush();
        }
        engine.Flush();
    }
}
