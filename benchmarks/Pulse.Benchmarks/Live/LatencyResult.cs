using System.Globalization;

namespace Pulse.Benchmarks.Live;

/// <summary>One run of the latency harness: the latency of markers from ingest to a client, over the measured window.</summary>
/// <param name="FlushInterval">The DCU's flush interval.</param>
/// <param name="Clients">Subscribed WebSocket clients.</param>
/// <param name="Samples">(marker, client) latencies measured.</param>
/// <param name="P50Ms">Median latency.</param>
/// <param name="P90Ms">90th percentile.</param>
/// <param name="P99Ms">99th percentile.</param>
/// <param name="MaxMs">Largest latency.</param>
/// <param name="Missed">(marker, client) pairs never received.</param>
/// <param name="Superseded">Markers held only through a later, coalesced value.</param>
/// <param name="SeqGaps">Deltas whose seq skipped (should be 0).</param>
/// <param name="EventsPerSecond">Events handed to the DCU per second in the window.</param>
/// <param name="MessagesPerSecond">Messages received by all clients per second in the window.</param>
/// <param name="MegabytesPerSecond">Message bytes received by all clients per second (MB = 10^6 bytes).</param>
/// <param name="CpuCores">Process CPU time over wall time in the window (2 would be both cores).</param>
/// <param name="CpuMicrosecondsPerMessage">Process CPU time (server and clients) per message received: steadier than latency on a shared machine.</param>
/// <param name="KilobytesAllocatedPerMessage">Managed allocation (server and clients) per message received, in KB (10^3 bytes).</param>
/// <param name="GcPauseMs">Time the runtime was paused for garbage collection in the window.</param>
/// <param name="Gen2Collections">Full collections in the window.</param>
/// <param name="LoadAverage">The machine's one-minute load average at the end of the window (other jobs included).</param>
/// <param name="EventsRejected">Events the engine did not apply (unknown object, out of order, ...); should be 0.</param>
public sealed record LatencyResult(
    TimeSpan FlushInterval, int Clients, int Samples, double P50Ms, double P90Ms, double P99Ms, double MaxMs, long Missed, long Superseded,
    long SeqGaps, double EventsPerSecond, double MessagesPerSecond, double MegabytesPerSecond, double CpuCores, double CpuMicrosecondsPerMessage,
    double KilobytesAllocatedPerMessage, double GcPauseMs,
    int Gen2Collections, double LoadAverage, long EventsRejected)
{
    /// <summary>The header of <see cref="ToMarkdownRow"/>.</summary>
    public const string MarkdownHeader =
        "| flush | clients | events/s ingested | p50 | p90 | p99 | max | samples | missed | messages/s | MB/s | CPU (cores) | CPU per message | allocated per message | GC pause | load |\n" +
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";

    /// <summary>A row of the table in docs/benchmarks.md.</summary>
    public string ToMarkdownRow(string? label = null) => string.Create(CultureInfo.InvariantCulture,
        $"| {label ?? $"{FlushInterval.TotalMilliseconds:0} ms"} | {Clients:N0} | {EventsPerSecond:N0} | {P50Ms:0.0} ms | {P90Ms:0.0} ms | {P99Ms:0.0} ms | {MaxMs:0} ms | " +
        $"{Samples:N0} | {Missed:N0} | {MessagesPerSecond:N0} | {MegabytesPerSecond:0.0} | {CpuCores:0.00} | {CpuMicrosecondsPerMessage:0} µs | " +
        $"{KilobytesAllocatedPerMessage:0.0} KB | {GcPauseMs:0} ms | {LoadAverage:0.0} |");

    /// <summary>Each figure the median over <paramref name="runs"/> (of one flush interval).</summary>
    public static LatencyResult Median(IReadOnlyList<LatencyResult> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0) throw new ArgumentException("at least one run", nameof(runs));
        double M(Func<LatencyResult, double> f) => LatencyDistribution.Median(runs.Select(f));
        return new LatencyResult(runs[0].FlushInterval, runs[0].Clients, (int)M(r => r.Samples), M(r => r.P50Ms), M(r => r.P90Ms), M(r => r.P99Ms),
            M(r => r.MaxMs), (long)M(r => r.Missed), (long)M(r => r.Superseded), (long)M(r => r.SeqGaps), M(r => r.EventsPerSecond),
            M(r => r.MessagesPerSecond), M(r => r.MegabytesPerSecond), M(r => r.CpuCores), M(r => r.CpuMicrosecondsPerMessage),
            M(r => r.KilobytesAllocatedPerMessage), M(r => r.GcPauseMs), (int)M(r => r.Gen2Collections),
            M(r => r.LoadAverage), (long)M(r => r.EventsRejected));
    }
}
