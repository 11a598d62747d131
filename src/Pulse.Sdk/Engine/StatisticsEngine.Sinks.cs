using System.Runtime.InteropServices;
using Pulse.Sdk.Diagnostics;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Engine;

// The sinks: what the engine delivers to them, always from its own (single-writer) thread, and how their failures are isolated.
public sealed partial class StatisticsEngine
{
    /// <summary>Adds a sink that receives value changes and closed statistics at each flush.</summary>
    public void AddSink(IStatisticSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        _sinks.Add(new SinkSlot(sink));
    }

    /// <summary>How each sink fares: failures, and whether it was disabled after too many in a row.</summary>
    public IReadOnlyList<SinkStatus> Sinks => [.. _sinks.Select(s => s.Status())];

    /// <summary>
    /// Asks every sink that is not disabled to write out what it buffers (<see cref="IStatisticSink.ForceFlush"/>), waiting
    /// at most <paramref name="timeout"/> for each. Returns whether all of them finished in time; a sink that throws counts
    /// as a failed delivery and the others are still asked.
    /// </summary>
    public bool FlushSinks(TimeSpan timeout) => CallEach(static (sink, t) => sink.ForceFlush(t), timeout, disabledToo: false);

    /// <summary>
    /// Shuts every sink down (<see cref="IStatisticSink.Shutdown"/>), disabled ones included so that they release what
    /// they hold, waiting at most <paramref name="timeout"/> for each. Call it once, after the last flush: the engine
    /// delivers nothing more to them. Returns whether all of them finished in time; a sink that throws counts as a failure.
    /// </summary>
    public bool ShutdownSinks(TimeSpan timeout) => CallEach(static (sink, t) => sink.Shutdown(t), timeout, disabledToo: true);

    /// <summary>Calls each sink in turn; one that throws is counted as failed and the others are still called.</summary>
    private bool CallEach(Func<IStatisticSink, TimeSpan, bool> call, TimeSpan timeout, bool disabledToo)
    {
        var all = true;
        foreach (var slot in CollectionsMarshal.AsSpan(_sinks))
        {
            if (slot.Disabled && !disabledToo) continue;
            try
            {
                all &= call(slot.Sink, timeout);
            }
            catch (Exception e)
            {
                all = false;
                Failed(slot, e);
            }
        }
        return all;
    }

    /// <summary>A sink and its failures; touched only by the engine's thread.</summary>
    private sealed class SinkSlot(IStatisticSink sink)
    {
        public IStatisticSink Sink { get; } = sink;
        public int InARow;
        public long Failures;
        public bool Disabled;
        public string? LastError;

        public SinkStatus Status() => new(Sink.GetType().Name, Failures, Disabled, LastError);
    }

    private void Deliver(int n)
    {
        if (n == 0) return;
        var span = _updates.AsSpan(0, n);
        foreach (var slot in CollectionsMarshal.AsSpan(_sinks))
        {
            if (slot.Disabled) continue;
            // A sink that throws loses this batch; the engine, the other sinks and the next flushes go on.
            try
            {
                slot.Sink.OnUpdates(span);
                slot.InARow = 0;
            }
            catch (Exception e)
            {
                Failed(slot, e);
            }
        }
        span.Clear();
    }

    /// <summary>Tells the sinks of the statistics closed since the last flush, before the flush's values (a statistic closed and opened again then ends up with its new value).</summary>
    private void DeliverClosed()
    {
        if (_closed.Count == 0) return;
        foreach (var slot in CollectionsMarshal.AsSpan(_sinks))
        {
            if (slot.Disabled) continue;
            foreach (var (statistic, time) in CollectionsMarshal.AsSpan(_closed))
            {
                try
                {
                    slot.Sink.OnClosed(statistic, time);
                    slot.InARow = 0;
                }
                catch (Exception e)
                {
                    Failed(slot, e);
                    if (slot.Disabled) break;
                }
            }
        }
        _closed.Clear();
    }

    private void Failed(SinkSlot slot, Exception e)
    {
        slot.Failures++;
        slot.LastError = e.Message;
        slot.Disabled = ++slot.InARow >= _maxSinkFailures;
        var tag = new KeyValuePair<string, object?>("sink", slot.Sink.GetType().Name);
        PulseMetrics.SinkFailures.Add(1, tag);
        if (slot.Disabled) PulseMetrics.SinksDisabled.Add(1, tag);
        _sinkFailed?.Invoke(slot.Status(), e);
    }
}
