using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Prometheus;

namespace Pulse.Host;

/// <summary>
/// Exports the SDK's System.Diagnostics.Metrics instruments through prometheus-net under their own names
/// (<c>pulse_lds_receivers_number</c>, not prefixed with the meter name as prometheus-net's meter adapter
/// does), so the published Pulse metric names hold. Observable instruments are read just before each scrape.
/// </summary>
internal sealed class PrometheusMeterBridge : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly MetricFactory _factory;
    private readonly HashSet<string> _meters;
    private readonly ConcurrentDictionary<Instrument, Exported> _exported = new();

    public PrometheusMeterBridge(CollectorRegistry registry, params string[] meterNames)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _factory = Metrics.WithCustomRegistry(registry);
        _meters = new HashSet<string>(meterNames, StringComparer.Ordinal);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (_meters.Contains(instrument.Meter.Name)) listener.EnableMeasurementEvents(instrument);
        };
        _listener.MeasurementsCompleted = (instrument, _) => { _exported.TryRemove(instrument, out Exported? _); };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
        registry.AddBeforeCollectCallback(() => _listener.RecordObservableInstruments());
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        // prometheus-net returns the same collector for the same name, so a race here creates nothing twice.
        if (!_exported.TryGetValue(instrument, out var exported))
            exported = _exported.GetOrAdd(instrument, Create(instrument, KeysOf(tags)));
        var labels = new string[exported.LabelNames.Length];
        for (var k = 0; k < labels.Length; k++)
        {
            labels[k] = "";
            foreach (var t in tags)
                if (t.Key == exported.LabelNames[k]) { labels[k] = t.Value?.ToString() ?? ""; break; }
        }
        exported.Record(labels, value);
    }

    private static string[] KeysOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var keys = new string[tags.Length];
        for (var i = 0; i < tags.Length; i++) keys[i] = tags[i].Key;
        Array.Sort(keys, StringComparer.Ordinal);
        return keys;
    }

    private Exported Create(Instrument instrument, string[] labelNames)
    {
        var help = instrument.Description ?? instrument.Name;
        var name = instrument.Name;
        var type = instrument.GetType().GetGenericTypeDefinition();
        if (type == typeof(Counter<>))
        {
            var c = _factory.CreateCounter(name, help, labelNames);
            return new Exported(labelNames, (l, v) => c.WithLabels(l).Inc(v));
        }
        if (type == typeof(ObservableCounter<>))
        {
            var c = _factory.CreateCounter(name, help, labelNames);
            return new Exported(labelNames, (l, v) => c.WithLabels(l).IncTo(v));
        }
        if (type == typeof(UpDownCounter<>))
        {
            var g = _factory.CreateGauge(name, help, labelNames);
            return new Exported(labelNames, (l, v) => g.WithLabels(l).Inc(v));
        }
        if (type == typeof(Histogram<>))
        {
            var h = _factory.CreateHistogram(name, help, labelNames);
            return new Exported(labelNames, (l, v) => h.WithLabels(l).Observe(v));
        }
        // Observable gauges and observable up-down counters report the current value.
        var gauge = _factory.CreateGauge(name, help, labelNames);
        return new Exported(labelNames, (l, v) => gauge.WithLabels(l).Set(v));
    }

    public void Dispose() => _listener.Dispose();

    private sealed record Exported(string[] LabelNames, Action<string[], double> Record);
}
