using System.Globalization;

namespace Pulse.Benchmarks.Live;

/// <summary>
/// Live-push latency, event ingested → value received on a WebSocket (<c>dotnet run -c Release -- latency [options]</c>,
/// options in <see cref="LatencySettings"/>): <see cref="LatencySettings.Runs"/> runs per flush interval, each printed, then
/// the medians as Markdown rows for docs/benchmarks.md. A latency distribution is not a BenchmarkDotNet measurement, hence
/// this harness.
/// </summary>
public static class LatencyReport
{
    public static int Run(IReadOnlyList<string> args)
    {
        LatencySettings settings;
        try { settings = LatencySettings.Parse(args); }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        var log = Console.Out;
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"live-push latency: {settings.Clients:N0} clients, {settings.EventsPerSecond:N0} events/s, {settings.Queues} queues, {settings.Layouts} layouts of " +
            $"{settings.QueuesPerLayout} queues + the marker queue, maxRate {settings.MaxRate}, a marker every {settings.MarkerInterval.TotalMilliseconds:0} ms, " +
            $"{settings.Warmup.TotalSeconds:0} s warm-up + {settings.Duration.TotalSeconds:0} s measured, {settings.Runs} runs per flush interval; " +
            $"{Environment.ProcessorCount} cores, server GC {System.Runtime.GCSettings.IsServerGC}"));
        var medians = new List<LatencyResult>();
        foreach (var flush in settings.FlushIntervals)
        {
            var runs = new List<LatencyResult>();
            for (var run = 1; run <= settings.Runs; run++)
            {
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"flush {flush.TotalMilliseconds:0} ms, run {run}:"));
                var result = LatencyRun.RunAsync(settings, flush, log).GetAwaiter().GetResult();
                log.WriteLine("  " + result.ToMarkdownRow());
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  superseded {result.Superseded:N0}, seq gaps {result.SeqGaps}, events rejected {result.EventsRejected}, full GCs {result.Gen2Collections}"));
                runs.Add(result);
                // The next run starts from a quiet heap.
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
            medians.Add(LatencyResult.Median(runs));
            log.WriteLine();
            log.WriteLine(LatencyResult.MarkdownHeader);
            foreach (var r in runs) log.WriteLine(r.ToMarkdownRow());
            log.WriteLine();
        }
        log.WriteLine("medians:");
        log.WriteLine(LatencyResult.MarkdownHeader);
        foreach (var m in medians) log.WriteLine(m.ToMarkdownRow());
        return 0;
    }
}
