using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Prometheus;

namespace Pulse.Sdk.Prometheus;

/// <summary>
/// Exports the instruments of the Pulse meters (System.Diagnostics.Metrics) as Prometheus metrics with prometheus-net,
/// under the names the exporter's configuration gives: <see cref="PulsePrometheusExporterOptions.Names"/> where an
/// instrument has one (the names the Pulse documentation publishes), else the OpenTelemetry rule
/// (<see cref="PrometheusMetricNames"/>). Counters are Prometheus counters, up-down counters and gauges are gauges,
/// histograms are histograms; observable instruments are read just before each scrape. Tags become labels; an
/// instrument's label names are those of its first measurement (every Pulse instrument tags each measurement alike).
/// </summary>
public sealed class PulsePrometheusExporter : IDisposable
{
    private static readonly double[] ByteBuckets = Histogram.ExponentialBuckets(1024, 4, 11);
    private readonly PulsePrometheusExporterOptions _options;
    private readonly MeterListener _listener = new();
    private readonly MetricFactory _factory;
    private volatile bool _disposed;

    /// <summary>Starts listening to the meters <paramref name="options"/> name (those created later too).</summary>
    /// <param name="options">The settings; null for the defaults.</param>
    /// <exception cref="ArgumentException">The settings are not valid (the message names each setting to change).</exception>
    public PulsePrometheusExporter(PulsePrometheusExporterOptions? options = null)
    {
        _options = options ?? new PulsePrometheusExporterOptions();
        OptionsValidation.ThrowIfInvalid(_options.Validate());
        Registry = _options.Registry ?? Metrics.NewCustomRegistry();
        _factory = Metrics.WithCustomRegistry(Registry);
        // Each instrument's collector travels as the listener's state: no lookup per measurement.
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (_options.Exports(instrument.Meter.Name)) listener.EnableMeasurementEvents(instrument, new InstrumentSlot(this, instrument));
        };
        _listener.SetMeasurementEventCallback<byte>(static (_, v, tags, state) => ((InstrumentSlot)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, v, tags, state) => ((InstrumentSlot)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, v, tags, state) => ((InstrumentSlot)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<long>(static (_, v, tags, state) => ((InstrumentSlot)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, v, tags, state) => ((InstrumentSlot)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, v, tags, state) => ((InstrumentSlot)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (_, v, tags, state) => ((InstrumentSlot)state!).Record((double)v, tags));
        _listener.Start();
        // The registry cannot forget a callback: after Dispose it does nothing.
        Registry.AddBeforeCollectCallback(() =>
        {
            if (!_disposed) _listener.RecordObservableInstruments();
        });
    }

    /// <summary>The registry the metrics are in (<see cref="PulsePrometheusExporterOptions.Registry"/>, or the exporter's own).</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>The Prometheus name <paramref name="instrument"/> is exported under.</summary>
    /// <param name="instrument">An instrument.</param>
    /// <returns>Its configured name, else the rule's.</returns>
    public string NameOf(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        return _options.Names.TryGetValue(instrument.Name, out var name) ? name : PrometheusMetricNames.For(instrument);
    }

    /// <summary>Writes every metric in the Prometheus text format (what <c>GET /metrics</c> answers).</summary>
    /// <param name="destination">The stream to write to.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    /// <returns>A task that completes when the metrics are written.</returns>
    public Task WriteAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Registry.CollectAndExportAsTextAsync(destination, cancellationToken);
    }

    /// <summary>Stops listening; the metrics already in the registry stay.</summary>
    public void Dispose()
    {
        _disposed = true;
        _listener.Dispose();
    }

    /// <summary>The collector of an instrument and how a measurement changes it, made at the instrument's first measurement.</summary>
    private ExportedInstrument Create(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var keys = new string[tags.Length];
        for (var i = 0; i < tags.Length; i++) keys[i] = tags[i].Key;
        Array.Sort(keys, StringComparer.Ordinal);
        var labels = Array.ConvertAll(keys, k => PrometheusMetricNames.For(k, unit: null, monotonic: false));
        var name = NameOf(instrument);
        var help = string.IsNullOrEmpty(instrument.Description) ? instrument.Name : instrument.Description;
        var observable = instrument.IsObservable;
        switch (PrometheusMetricNames.KindOf(instrument))
        {
            case PrometheusMetricKind.Counter:
                var counter = _factory.CreateCounter(name, help, labels);
                // An observable counter reports its total; a counter its increments.
                return new ExportedInstrument(keys, observable
                    ? l => { var c = counter.WithLabels(l); return v => c.IncTo(v); }
                    : l => { var c = counter.WithLabels(l); return v => c.Inc(v); });
            case PrometheusMetricKind.Histogram:
                var histogram = _factory.CreateHistogram(name, help, labels, new HistogramConfiguration { Buckets = BucketsOf(instrument) });
                return new ExportedInstrument(keys, l => { var h = histogram.WithLabels(l); return v => h.Observe(v); });
            default:
                var gauge = _factory.CreateGauge(name, help, labels);
                // An up-down counter reports changes; observable instruments and gauges report the value now.
                return new ExportedInstrument(keys, observable || IsGauge(instrument)
                    ? l => { var g = gauge.WithLabels(l); return v => g.Set(v); }
                    : l => { var g = gauge.WithLabels(l); return v => g.Inc(v); });
        }
    }

    private static bool IsGauge(Instrument instrument) =>
        instrument.GetType() is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(Gauge<>);

    /// <summary>The buckets of a histogram; null for prometheus-net's defaults (5 ms to 10 s).</summary>
    private double[]? BucketsOf(Instrument instrument) =>
        _options.HistogramBuckets?.Invoke(instrument) ?? (instrument.Unit == "By" ? ByteBuckets : null);

    /// <summary>What the listener keeps for an instrument: its collector, made at the first measurement.</summary>
    private sealed class InstrumentSlot(PulsePrometheusExporter exporter, Instrument instrument)
    {
        private ExportedInstrument? _exported;

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var exported = Volatile.Read(ref _exported);
            if (exported is null)
            {
                // prometheus-net returns the same collector for the same name, so a race here creates nothing twice.
                exported = exporter.Create(instrument, tags);
                exported = Interlocked.CompareExchange(ref _exported, exported, null) ?? exported;
            }
            exported.Record(tags, value);
        }
    }

    /// <summary>
    /// An instrument's collector: its tag keys (sorted; the label order) and its children by tag values. Up to three tags
    /// (every Pulse instrument) the values are the key as they are, so a measurement allocates nothing and skips
    /// prometheus-net's label lookup; more tags take that lookup each time.
    /// </summary>
    private sealed class ExportedInstrument(string[] keys, Func<string[], Action<double>> child)
    {
        private readonly ConcurrentDictionary<TagValues, Action<double>> _children = new();

        public void Record(ReadOnlySpan<KeyValuePair<string, object?>> tags, double value)
        {
            if (keys.Length > 3)
            {
                child(Labels(tags))(value);
                return;
            }
            var key = new TagValues(ValueOf(tags, 0), ValueOf(tags, 1), ValueOf(tags, 2));
            if (!_children.TryGetValue(key, out var apply)) apply = _children.GetOrAdd(key, child(Labels(tags)));
            apply(value);
        }

        private object? ValueOf(ReadOnlySpan<KeyValuePair<string, object?>> tags, int k)
        {
            if (k >= keys.Length) return null;
            foreach (var t in tags)
                if (t.Key == keys[k]) return t.Value;
            return null;
        }

        private string[] Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var values = new string[keys.Length];
            for (var k = 0; k < keys.Length; k++)
            {
                values[k] = "";
                foreach (var t in tags)
                {
                    if (t.Key == keys[k])
                    {
                        values[k] = t.Value?.ToString() ?? "";
                        break;
                    }
                }
            }
            return values;
        }
    }

    /// <summary>The tag values of a measurement, in label order (equal when each value is: strings by content, boxed numbers by value).</summary>
    private readonly record struct TagValues(object? First, object? Second, object? Third);
}
