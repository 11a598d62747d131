using System.Diagnostics.Metrics;
using Pulse.Sdk.Service.Diagnostics;

namespace Pulse.Sdk.Service.Tests.Support;

/// <summary>Adds up the measurements of one counter of the service's meter while it lives.</summary>
internal sealed class CounterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<(long Value, KeyValuePair<string, object?>[] Tags)> _measurements = [];

    public CounterRecorder(string instrument)
    {
        _listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == ServiceMeter.Name && i.Name == instrument) l.EnableMeasurementEvents(i);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            lock (_measurements) _measurements.Add((value, tags.ToArray()));
        });
        _listener.Start();
    }

    public long Total(string tag, object value)
    {
        lock (_measurements)
            return _measurements.Where(m => m.Tags.Any(t => t.Key == tag && Equals(t.Value, value))).Sum(m => m.Value);
    }

    public void Dispose() => _listener.Dispose();
}
