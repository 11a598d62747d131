using System.Diagnostics.Metrics;

namespace Pulse.Sdk.Authentication.Tests.Support;

/// <summary>Adds up the measurements of one counter of the authentication meter while it lives.</summary>
internal sealed class CounterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<(long Value, KeyValuePair<string, object?>[] Tags)> _measurements = [];

    public CounterRecorder(string instrument)
    {
        _listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == AuthenticationMeter.Name && i.Name == instrument) l.EnableMeasurementEvents(i);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            lock (_measurements) _measurements.Add((value, tags.ToArray()));
        });
        _listener.Start();
    }

    public long Total()
    {
        lock (_measurements) return _measurements.Sum(m => m.Value);
    }

    public long Total(string tag, string value)
    {
        lock (_measurements)
            return _measurements.Where(m => m.Tags.Any(t => t.Key == tag && Equals(t.Value, value))).Sum(m => m.Value);
    }

    public void Dispose() => _listener.Dispose();
}
