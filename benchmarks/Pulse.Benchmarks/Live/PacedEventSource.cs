using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Pulse.Sdk.Events;

namespace Pulse.Benchmarks.Live;

/// <summary>
/// The harness's event source: once started, hands the DCU <see cref="LatencySettings.EventsPerSecond"/> events a second,
/// paced by the wall clock (each millisecond or so it emits what is due since the start). Calls enter the workload's queues
/// and leave them (three in four diverted to an agent, one in four abandoned) about two calls per queue later, so the queue
/// statistics change all the time. Every <see cref="LatencySettings.MarkerInterval"/> one marker call enters the marker
/// queue instead (its Entered count is the marker's number plus one); its ingest time is recorded in the
/// <see cref="MarkerLedger"/> just before the event is handed over. Marker calls are abandoned five markers later.
/// </summary>
public sealed class PacedEventSource(LatencyWorkload workload, MarkerLedger ledger) : IEventSource
{
    private const int MarkersWaiting = 5;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopped = new();
    private long _emitted;

    public string Name => "latency-generator";

    /// <summary>Events handed to the DCU so far.</summary>
    public long Emitted => Volatile.Read(ref _emitted);

    /// <summary>Starts emitting (the source waits for this, so that clients can subscribe first).</summary>
    public void Start() => _started.TrySetResult();

    /// <summary>Stops emitting: the source ends.</summary>
    public void Stop() => _stopped.Cancel();

    public async IAsyncEnumerable<PulseEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopped.Token);
        var token = linked.Token;
        try { await _started.Task.WaitAsync(token).ConfigureAwait(false); }
        catch (OperationCanceledException) { yield break; }

        var settings = workload.Settings;
        var dns = workload.QueueDns;
        var lag = Math.Max(1, 2 * settings.Queues);
        var markerTicks = (long)(settings.MarkerInterval.TotalSeconds * Stopwatch.Frequency);
        var start = Stopwatch.GetTimestamp();
        var nextMarker = start;
        long seq = 0, nextCall = 0, nextLeave = 0;
        while (!token.IsCancellationRequested)
        {
            var now = Stopwatch.GetTimestamp();
            var time = DateTimeOffset.UtcNow;
            var due = (long)((now - start) * (double)settings.EventsPerSecond / Stopwatch.Frequency) - _emitted;
            while (due > 0)
            {
                if (now >= nextMarker)
                {
                    // Markers keep their cadence; after a stall the missed ones are skipped rather than sent in a burst.
                    nextMarker = Math.Max(nextMarker + markerTicks, now);
                    var marker = ledger.Count;
                    if (ledger.TryIngest(ledger.Now()))
                    {
                        yield return Event(++seq, time, PulseEventType.Queued, "m" + Text(marker), LatencyWorkload.MarkerDn);
                        Volatile.Write(ref _emitted, _emitted + 1);
                        due--;
                        if (marker >= MarkersWaiting)
                        {
                            yield return Event(++seq, time, PulseEventType.Abandoned, "m" + Text(marker - MarkersWaiting), LatencyWorkload.MarkerDn);
                            Volatile.Write(ref _emitted, _emitted + 1);
                            due--;
                        }
                        continue;
                    }
                }
                if (nextCall - nextLeave >= lag)
                {
                    var n = nextLeave++;
                    yield return Event(++seq, time, n % 4 == 0 ? PulseEventType.Abandoned : PulseEventType.Diverted, "c" + Text(n), dns[QueueOf(n, dns.Count)]);
                }
                else
                {
                    var n = nextCall++;
                    yield return Event(++seq, time, PulseEventType.Queued, "c" + Text(n), dns[QueueOf(n, dns.Count)]);
                }
                Volatile.Write(ref _emitted, _emitted + 1);
                due--;
            }
            try { await Task.Delay(1, token).ConfigureAwait(false); }
            catch (OperationCanceledException) { yield break; }
        }
    }

    /// <summary>Spreads consecutive calls over the queues (Fibonacci hashing), so no queue is visited in a regular rhythm.</summary>
    internal static int QueueOf(long call, int queues) => (int)((((ulong)call * 0x9E3779B97F4A7C15UL) >> 32) % (ulong)queues);

    private static string Text(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static PulseEvent Event(long seq, DateTimeOffset time, PulseEventType type, string connId, string dn) => new()
    {
        Seq = seq, Time = time, Tenant = LatencyWorkload.Tenant, Source = EventSourceKind.Voice, Type = type, ConnId = connId, Dn = dn,
    };
}
