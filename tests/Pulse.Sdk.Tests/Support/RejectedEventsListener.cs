using System.Diagnostics.Metrics;
using Pulse.Sdk.Diagnostics;

namespace Pulse.Sdk.Tests.Support;

/// <summary>
/// Records <c>pulse.events.rejected</c> measurements. The meter is process-wide and tests run in
/// parallel, so readers filter by the <c>source</c> tag (use a unique source name per test).
/// </summary>
public sealed class RejectedEventsListener : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Lock _lock = new();
    private readonly List<(string Source, string Reason, long Value)> _measurements = [];

    public RejectedEventsListener()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == PulseMeter.Name && instrument.Name == "pulse.events.rejected")
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string source = "", reason = "";
            foreach (var tag in tags)
            {
                if (tag.Key == "source") source = tag.Value as string ?? "";
                else if (tag.Key == "reason") reason = tag.Value as string ?? "";
            }

            lock (_lock) _measurements.Add((source, reason, value));
        });
        _listener.Start();
    }

    /// <summary>The reason tags recorded for <paramref name="source"/>, one per unit counted, in order.</summary>
    public IReadOnlyList<string> ReasonsFor(string source)
    {
        lock (_lock)
        {
            return _measurements.Where(m => m.Source == source).SelectMany(m => Enumerable.Repeat(m.Reason, (int)m.Value)).ToList();
        }
    }

    public void Dispose() => _listener.Dispose();
}
