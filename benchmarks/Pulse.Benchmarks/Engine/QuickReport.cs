using System.Diagnostics;

namespace Pulse.Benchmarks.Engine;

/// <summary>A fast stopwatch pass over the engine workload, for development only (figures of record come from BenchmarkDotNet).</summary>
internal static class QuickReport
{
    public static void Run()
    {
        var sw = Stopwatch.StartNew();
        _ = EngineWorkload.Events;
        Console.WriteLine($"generated {EngineWorkload.Events.Length:N0} events in {sw.Elapsed.TotalSeconds:F1} s");
        sw.Restart();
        var (engine, clock) = EngineWorkload.WarmEngine();
        Console.WriteLine($"setup + warmup {sw.Elapsed.TotalSeconds:F1} s, opened {engine.OpenedCount:N0}");
        var before = GC.GetAllocatedBytesForCurrentThread();
        var events = EngineWorkload.Events;
        var apply = new Stopwatch();
        var flush = new Stopwatch();
        var total = Stopwatch.StartNew();
        for (var i = EngineWorkload.WarmupEvents; i < events.Length; i++)
        {
            apply.Start();
            clock.AdvanceTo(events[i].Time);
            engine.Apply(events[i]);
            apply.Stop();
            if (i % EngineWorkload.FlushEvery == 0)
            {
                flush.Start();
                engine.Flush();
                flush.Stop();
            }
        }
        total.Stop();
        var alloc = GC.GetAllocatedBytesForCurrentThread() - before;
        var n = EngineWorkload.MeasuredEvents;
        Console.WriteLine($"{n / total.Elapsed.TotalSeconds:N0} events/s; apply {apply.Elapsed.TotalMilliseconds * 1e6 / n:F0} ns/event, flush {flush.Elapsed.TotalMilliseconds * 1e6 / n:F0} ns/event; {(double)alloc / n:F2} B/event; {engine.Counters}");
    }
}
