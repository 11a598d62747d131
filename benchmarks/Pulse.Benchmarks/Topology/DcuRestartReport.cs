using System.Globalization;
using Pulse.Benchmarks.Live;

namespace Pulse.Benchmarks.Topology;

/// <summary>What <c>dcu-restart</c> does; the defaults open about 1,040,000 statistics.</summary>
public sealed record DcuRestartSettings
{
    /// <summary>Agents of the simulator's Benchmark site (<c>--agents</c>).</summary>
    public int Agents { get; init; } = 100_000;

    /// <summary>ACD queues of the site (<c>--queues</c>).</summary>
    public int Queues { get; init; } = 999;

    /// <summary>Agent groups of the site (<c>--groups</c>).</summary>
    public int AgentGroups { get; init; } = 1_000;

    /// <summary>Simulator voice events applied before the steady traffic (<c>--warm-events</c>).</summary>
    public int WarmEvents { get; init; } = 400_000;

    /// <summary>Steady traffic on the workload's tenant, markers included (<c>--events-per-second</c>).</summary>
    public int EventsPerSecond { get; init; } = 2_000;

    /// <summary>Steady traffic before the kill (<c>--steady</c>, seconds).</summary>
    public int SteadySeconds { get; init; } = 8;

    /// <summary>The DCU's <c>--checkpoint-interval</c> (<c>--checkpoint-interval</c>, ms).</summary>
    public int CheckpointIntervalMs { get; init; } = 1_000;

    /// <summary>After each restart, the same steps in process with a stopwatch each (<c>--profile 1</c>; 0 to skip).</summary>
    public bool Profile { get; init; } = true;

    /// <summary>Restarts measured, each from a fresh Redis and DCU (<c>--runs</c>).</summary>
    public int Runs { get; init; } = 3;
}

/// <summary>
/// DCU restart with about a million open statistics, kill → values flowing again
/// (<c>dotnet run -c Release -- dcu-restart [--agents N] [--queues N] [--groups N] [--warm-events N] [--events-per-second N] [--steady S] [--checkpoint-interval MS] [--runs N] [--profile 1|0]</c>);
/// see <see cref="DcuRestartRun"/>. Needs Pulse.Host built in Release and redis-server on the PATH.
/// </summary>
public static class DcuRestartReport
{
    public static int Run(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var s = new DcuRestartSettings();
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            var n = int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0 ? v : -1;
            if (n < 0)
            {
                Console.Error.WriteLine($"{args[i]}: a whole number (0 or more), was '{args[i + 1]}'");
                return 2;
            }
            s = args[i] switch
            {
                "--agents" => s with { Agents = n },
                "--queues" => s with { Queues = n },
                "--groups" => s with { AgentGroups = n },
                "--warm-events" => s with { WarmEvents = n },
                "--events-per-second" => s with { EventsPerSecond = n },
                "--steady" => s with { SteadySeconds = n },
                "--checkpoint-interval" => s with { CheckpointIntervalMs = n },
                "--runs" => s with { Runs = n },
                "--profile" => s with { Profile = n == 1 },
                _ => null!,
            };
            if (s is null)
            {
                Console.Error.WriteLine($"{args[i]}: unknown option (--agents, --queues, --groups, --warm-events, --events-per-second, --steady, --checkpoint-interval, --runs, --profile)");
                return 2;
            }
        }
        var log = Console.Out;
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"DCU restart: {s.Agents:N0} agents, {s.Queues:N0} queues, {s.AgentGroups:N0} groups + {new LatencySettings().Queues} queues of t1; {s.WarmEvents:N0} warm-up events, " +
            $"{s.EventsPerSecond:N0} events/s, checkpoint every {s.CheckpointIntervalMs} ms, {s.Runs} runs; {Environment.ProcessorCount} cores, load {Machine.LoadAverage():0.0}"));
        var results = new List<DcuRestartResult>();
        for (var run = 1; run <= s.Runs; run++)
        {
            log.WriteLine($"run {run}:");
            results.Add(DcuRestartRun.RunAsync(s, log).GetAwaiter().GetResult());
            log.WriteLine("  " + results[^1].ToMarkdownRow());
        }
        log.WriteLine(DcuRestartResult.MarkdownHeader);
        foreach (var r in results) log.WriteLine(r.ToMarkdownRow());
        double M(Func<DcuRestartResult, double> f) => LatencyDistribution.Median(results.Select(f));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"medians: kill → values flowing {M(r => r.FlowingMs):0} ms; kill → checkpoint restored {M(r => r.RestoredMs):0} ms; checkpoint {M(r => r.CheckpointBytes) / 1e6:0.0} MB"));
        return 0;
    }
}
