using System.Diagnostics.Metrics;

namespace Pulse.Sdk.Diagnostics;

/// <summary>
/// The Pulse.Sdk meter and its instruments (System.Diagnostics.Metrics). Hosts export them, for example
/// with Pulse.Sdk.Prometheus; instruments are named by the OpenTelemetry conventions (docs/metrics.md).
/// </summary>
internal static class PulseMetrics
{
    internal static readonly Meter Meter = new(PulseMeter.Name, typeof(PulseMetrics).Assembly.GetName().Version?.ToString());

    /// <summary>Inputs rejected before they became events (malformed lines, invalid fields); tags <c>source</c>, <c>reason</c>.</summary>
    internal static readonly Counter<long> EventsRejected =
        Meter.CreateCounter<long>("pulse.events.rejected", unit: "{event}", description: "Inputs rejected as malformed or invalid, by source and reason.");

    /// <summary>
    /// Counts one rejected input in <c>pulse.events.rejected</c>, also for the HEP capture source (a sibling
    /// package, through InternalsVisibleTo) so every source reports rejects under one name.
    /// </summary>
    /// <param name="source">The source name (a file, a listener, a connection).</param>
    /// <param name="reason">A short reason code, e.g. <c>malformed_json</c>, <c>not_hep</c>.</param>
    internal static void CountRejected(string source, string reason)
    {
        if (EventsRejected.Enabled)
            EventsRejected.Add(1, new KeyValuePair<string, object?>("source", source), new KeyValuePair<string, object?>("reason", reason));
    }

    /// <summary>Events applied by the engine; tag <c>source</c> (voice, voice-vq, ixn, ixn-vq).</summary>
    internal static readonly Counter<long> EventsApplied =
        Meter.CreateCounter<long>("pulse.dcu.messages.received", unit: "{event}", description: "Events applied by the statistics engine, by source stream.");

    /// <summary>Events the engine skipped; tags <c>source</c> and <c>reason</c> (duplicate, unknown_tenant, unknown_object, invalid).</summary>
    internal static readonly Counter<long> EventsSkipped =
        Meter.CreateCounter<long>("pulse.dcu.events.skipped", unit: "{event}", description: "Events the engine did not apply in full, by reason.");

    /// <summary>Sequence gaps seen per source (events missing between two applied ones).</summary>
    internal static readonly Counter<long> SequenceGaps =
        Meter.CreateCounter<long>("pulse.dcu.sequence_gap.events", unit: "{event}", description: "Events missing between two applied sequence numbers, by source stream.");

    internal static readonly Counter<long> SinkFailures =
        Meter.CreateCounter<long>("pulse.dcu.sink.failures", unit: "{call}", description: "Calls to a statistic sink that threw (the engine and the other sinks went on), by sink type.");

    internal static readonly Counter<long> SinksDisabled =
        Meter.CreateCounter<long>("pulse.dcu.sinks.disabled", unit: "{sink}", description: "Sinks disabled after too many failures in a row, by sink type.");

    internal static readonly Counter<long> PartitionsFailed =
        Meter.CreateCounter<long>("pulse.dcu.partitions.failed", unit: "{partition}", description: "Engine partitions of a Data Collection Unit that stopped on an unexpected error.");

    internal static readonly UpDownCounter<long> StreamsStale =
        Meter.CreateUpDownCounter<long>("pulse.dcu.streams.stale", unit: "{stream}", description: "Streams whose statistics are marked stale now (their source lost its upstream past the grace period, or lost events), by stream.");

    internal static readonly Counter<long> StreamsMarkedStale =
        Meter.CreateCounter<long>("pulse.dcu.streams.marked_stale", unit: "{stream}", description: "Times a stream's statistics were marked stale, by stream.");

    internal static readonly Counter<long> LateEvents =
        Meter.CreateCounter<long>("pulse.dcu.late_events", unit: "{event}", description: "Events the reorder window released after a later event of another stream had been applied (they arrived later than the window).");

    internal static readonly Counter<long> Checkpoints =
        Meter.CreateCounter<long>("pulse.dcu.checkpoints", unit: "{checkpoint}", description: "Checkpoints of the Data Collection Unit, by outcome (saved, failed, restored, restore_failed).");

    internal static readonly Histogram<double> CheckpointSeconds =
        Meter.CreateHistogram<double>("pulse.dcu.checkpoint.duration", unit: "s", description: "Time to take and store one checkpoint of the Data Collection Unit.");

    internal static readonly Histogram<long> CheckpointBytes =
        Meter.CreateHistogram<long>("pulse.dcu.checkpoint.size", unit: "By", description: "Size of the stored checkpoints of the Data Collection Unit.");
}
