using System.Globalization;
using System.Net;
using Pulse.Benchmarks.Live;
using Pulse.Benchmarks.Topology;
using Pulse.Sdk.Feed;

namespace Pulse.Benchmarks.Hardening;

/// <summary>
/// Login abuse against the real <c>auth</c> role, and receivers that ping but never read against a feed server
/// (<c>dotnet run -c Release -- hardening [--runs N] [--seconds S] [--receivers N] [--events-per-second N]</c>);
/// each with its baseline in the same run. Needs Pulse.Host built in Release. Prints Markdown rows of medians.
/// </summary>
public static class HardeningReport
{
    public static int Run(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        int runs = 3, seconds = 10, receivers = 200, eventsPerSecond = 500;
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            if (!int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < 1)
            {
                Console.Error.WriteLine($"{args[i]}: a whole number (1 or more), was '{args[i + 1]}'");
                return 2;
            }
            switch (args[i])
            {
                case "--runs": runs = n; break;
                case "--seconds": seconds = n; break;
                case "--receivers": receivers = n; break;
                case "--events-per-second": eventsPerSecond = n; break;
                default:
                    Console.Error.WriteLine($"{args[i]}: unknown option (--runs, --seconds, --receivers, --events-per-second)");
                    return 2;
            }
        }
        var hostDll = Machine.HostDll(Machine.RepositoryRoot());
        if (!File.Exists(hostDll))
        {
            Console.Error.WriteLine($"{hostDll} not found: dotnet build Pulse.Sdk.sln -c Release first");
            return 2;
        }
        var log = Console.Out;
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"hardening: {runs} runs, logins for {seconds} s each, {receivers} stalled receivers at {eventsPerSecond:N0} events/s; {Environment.ProcessorCount} cores, load {Machine.LoadAverage():0.0}"));

        var scenarios = new List<LoginAbuse.Scenario>();
        foreach (var kind in Enum.GetValues<LoginAbuse.Kind>())
            foreach (var tasks in new[] { 1, 4 })
                scenarios.Add(new(kind, tasks, IPAddress.Loopback));
        if (LoginAbuse.OwnAddress() is { } own)
            foreach (var tasks in new[] { 1, 4 })
                scenarios.Add(new(LoginAbuse.Kind.UnknownNames, tasks, own));
        else log.WriteLine("  no non-loopback IPv4 address: the per-address limit is not measured");

        var logins = new List<LoginAbuse.Result>();
        var feeds = new List<(SlowReceivers.Result Dropping, SlowReceivers.Result Baseline)>();
        var defaults = new FeedServerOptions { Name = "hardening" };
        // The baseline keeps them: no byte limit within the window, and a queue as long as the ring.
        var keeping = defaults with { SlowConsumerBytes = 1 << 30, ReceiverQueueCapacity = defaults.RingCapacity };
        for (var run = 1; run <= runs; run++)
        {
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run} (load {Machine.LoadAverage():0.0}):"));
            foreach (var scenario in scenarios)
            {
                var r = LoginAbuse.RunAsync(hostDll, scenario, TimeSpan.FromSeconds(seconds)).GetAwaiter().GetResult();
                logins.Add(r);
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {scenario.Label}: {r.Answered:N0} answered in {r.Seconds:0.0} s = {r.PerSecond:N1}/s; 200 {r.Ok}, 401 {r.Unauthorized}, 429 {r.TooMany}, 503 {r.Unavailable}, other {r.Other}; " +
                    $"401 before the first 429: {(r.HashedBeforeFirst429 < 0 ? "no 429" : r.HashedBeforeFirst429)}; auth role CPU {r.Cores:0.00} cores"));
            }
            var window = TimeSpan.FromMinutes(1);
            var dropping = SlowReceivers.RunAsync("defaults", defaults, receivers, eventsPerSecond, window, stopWhenDropped: true).GetAwaiter().GetResult();
            log.WriteLine("  " + Describe(dropping));
            var baseline = SlowReceivers.RunAsync("SlowConsumerBytes 1 GiB", keeping, receivers, eventsPerSecond, dropping.AllDropped ?? window, stopWhenDropped: false).GetAwaiter().GetResult();
            log.WriteLine("  " + Describe(baseline));
            feeds.Add((dropping, baseline));
        }

        log.WriteLine();
        log.WriteLine($"medians of {runs} run{(runs == 1 ? "" : "s")}:");
        log.WriteLine("| attempts | answered/s | 200 | 401 | 429 | 503 | 401 before the first 429 | auth role CPU (cores) | CPU per answer | ÷ right-password baseline |");
        log.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var scenario in scenarios)
        {
            var rs = logins.Where(r => r.Scenario == scenario).ToList();
            double M(Func<LoginAbuse.Result, double> f) => LatencyDistribution.Median(rs.Select(f));
            var baseline = LatencyDistribution.Median(logins.Where(r => r.Scenario == scenario with { Kind = LoginAbuse.Kind.Correct, Bind = IPAddress.Loopback }).Select(r => r.Cores / r.PerSecond));
            var before429 = rs.All(r => r.HashedBeforeFirst429 < 0) ? "no 429" : M(r => r.HashedBeforeFirst429).ToString("0", CultureInfo.InvariantCulture);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {scenario.Label} | {M(r => r.PerSecond):N1} | {M(r => r.Ok):0} | {M(r => r.Unauthorized):0} | {M(r => r.TooMany):0} | {M(r => r.Unavailable):0} | {before429} | {M(r => r.Cores):0.00} | {M(r => r.Cores / r.PerSecond) * 1000:0.000} ms | ×{M(r => r.Cores / r.PerSecond) / baseline:0.000} |"));
        }
        log.WriteLine();
        log.WriteLine("| server | frame, rate | TCP mem before | peak | at the end of the window | after the client closed its sockets | managed heap peak | first dropped | all dropped | still held | dropped slow_consumer | frames behind at the reset |");
        log.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var pick in new Func<(SlowReceivers.Result, SlowReceivers.Result), SlowReceivers.Result>[] { f => f.Item1, f => f.Item2 })
        {
            var rs = feeds.Select(pick).ToList();
            double M(Func<SlowReceivers.Result, double> f) => LatencyDistribution.Median(rs.Select(f));
            var all = rs.All(r => r.AllDropped is not null) ? $"{M(r => r.AllDropped!.Value.TotalSeconds):0.0} s" : $"not in {rs.Count(r => r.AllDropped is null)} of {rs.Count}";
            var first = rs.All(r => r.FirstDrop is not null) ? $"{M(r => r.FirstDrop!.Value.TotalSeconds):0.0} s" : $"none in {rs.Count(r => r.FirstDrop is null)} of {rs.Count}";
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {rs[0].Server} | {rs[0].FrameBytes:0} B, {rs[0].BytesPerSecond / 1024:N0} KiB/s | {MiB(M(r => r.KernelBefore))} | {MiB(M(r => r.KernelPeak))} | {MiB(M(r => r.KernelEnd))} | {MiB(M(r => r.KernelClosed))} | " +
                $"{M(r => r.ManagedPeak) / (1 << 20):0} MiB | {first} | {all} | {M(r => r.Held):0} | {M(r => r.SlowConsumer):0} | {M(r => r.BehindAtReset):N0} |"));
        }
        return 0;
    }

    private static string Describe(SlowReceivers.Result r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Server}: frames {r.FrameBytes:0} B, {r.BytesPerSecond / 1024:N0} KiB/s; TCP mem {MiB(r.KernelBefore)} before, {MiB(r.KernelPeak)} peak, {MiB(r.KernelEnd)} at the end, {MiB(r.KernelClosed)} after closing; " +
        $"managed peak {r.ManagedPeak / (1 << 20)} MiB; first dropped {r.FirstDrop?.TotalSeconds:0.0} s, all {r.AllDropped?.TotalSeconds:0.0} s, still held {r.Held}; slow_consumer {r.SlowConsumer} (median {r.BehindAtReset:N0} frames behind when reset), other reasons {r.OtherReason}");

    private static string MiB(double pages) => string.Create(CultureInfo.InvariantCulture, $"{pages * 4096 / (1 << 20):N1} MiB");
}
