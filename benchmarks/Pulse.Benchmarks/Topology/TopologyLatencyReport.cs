using System.Globalization;
using Pulse.Benchmarks.Live;

namespace Pulse.Benchmarks.Topology;

/// <summary>
/// Event → wallboard latency through the multi-process topology (<c>dotnet run -c Release -- latency-topology [options]</c>):
/// the options of <see cref="LatencySettings"/>, plus <c>--dir DIR</c> (the topology's folder, default
/// /tmp/pulse-latency-topology), <c>--build yes|no</c> (build Pulse.Host first, default yes) and <c>--baseline yes|no</c>
/// (default yes: before each topology run, the in-process harness with the same settings, so that the two are measured
/// under the same conditions and their ratio is meaningful). Prints each run and the medians as Markdown rows.
/// </summary>
public static class TopologyLatencyReport
{
    public static int Run(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string dir = "/tmp/pulse-latency-topology", build = "yes", baseline = "yes", via = "ingress";
        var rest = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--dir" when i + 1 < args.Count: dir = args[++i]; break;
                case "--build" when i + 1 < args.Count: build = args[++i]; break;
                case "--baseline" when i + 1 < args.Count: baseline = args[++i]; break;
                case "--via" when i + 1 < args.Count: via = args[++i]; break;
                default: rest.Add(args[i]); break;
            }
        }
        LatencySettings settings;
        try
        {
            settings = LatencySettings.Parse(rest);
            if (build is not ("yes" or "no") || baseline is not ("yes" or "no")) throw new ArgumentException("--build and --baseline take yes or no");
            if (via is not ("ingress" or "replicas")) throw new ArgumentException("--via takes ingress or replicas");
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        var log = Console.Out;
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"event → wallboard latency through the topology: {settings.Clients:N0} clients in a separate process, {settings.EventsPerSecond:N0} events/s, " +
            $"{settings.Queues} queues, {settings.Layouts} layouts, maxRate {settings.MaxRate}, a marker every {settings.MarkerInterval.TotalMilliseconds:0} ms, " +
            $"{settings.Warmup.TotalSeconds:0} s warm-up + {settings.Duration.TotalSeconds:0} s measured, {settings.Runs} runs per flush interval; " +
            $"{Environment.ProcessorCount} cores, load {Machine.LoadAverage():0.0}"));
        var rows = new List<string>();
        foreach (var flush in settings.FlushIntervals)
        {
            var topology = new List<LatencyResult>();
            var inProcess = new List<LatencyResult>();
            for (var run = 1; run <= settings.Runs; run++)
            {
                if (baseline == "yes")
                {
                    log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"flush {flush.TotalMilliseconds:0} ms, run {run}, in process (baseline):"));
                    inProcess.Add(LatencyRun.RunAsync(settings, flush, log).GetAwaiter().GetResult());
                    log.WriteLine("  " + inProcess[^1].ToMarkdownRow("in process"));
                    GC.Collect();
                }
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"flush {flush.TotalMilliseconds:0} ms, run {run}, topology:"));
                topology.Add(TopologyLatencyRun.RunAsync(settings, flush, dir, build == "yes" && run == 1 && rows.Count == 0, via == "ingress", log).GetAwaiter().GetResult());
                log.WriteLine("  " + topology[^1].ToMarkdownRow("topology"));
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  superseded {topology[^1].Superseded:N0}, seq gaps {topology[^1].SeqGaps}"));
            }
            var t = LatencyResult.Median(topology);
            rows.Add(t.ToMarkdownRow($"{flush.TotalMilliseconds:0} ms, topology"));
            if (inProcess.Count > 0)
            {
                var b = LatencyResult.Median(inProcess);
                rows.Add(b.ToMarkdownRow($"{flush.TotalMilliseconds:0} ms, in process"));
                rows.Add(string.Create(CultureInfo.InvariantCulture,
                    $"flush {flush.TotalMilliseconds:0} ms: topology / in process = {t.P50Ms / b.P50Ms:0.00} at p50, {t.P99Ms / b.P99Ms:0.00} at p99"));
            }
        }
        log.WriteLine("medians (CPU columns of the topology rows: the whole machine's busy time, every process):");
        log.WriteLine(LatencyResult.MarkdownHeader);
        foreach (var r in rows) log.WriteLine(r);
        return 0;
    }
}
