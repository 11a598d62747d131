using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Prometheus;
using Pulse.Sdk.Prometheus;

namespace Pulse.Benchmarks.Metrics;

/// <summary>
/// What one measurement costs on the hot path when Prometheus listens: the engine adds 1 to <c>pulse.dcu.messages.received</c>
/// (tag <c>source</c>) for every event applied. A <c>Counter&lt;long&gt;.Add</c> with one tag, 1,000 per invocation, cycling
/// over the four sources: nobody listening (the instrument disabled), <see cref="PulsePrometheusExporter"/>, prometheus-net's
/// own <c>MeterAdapter</c>, and a prometheus-net counter incremented directly (no System.Diagnostics.Metrics at all).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class PrometheusExportBenchmark
{
    private const int Adds = 1000;
    private static readonly KeyValuePair<string, object?>[] Sources =
        [new("source", "voice"), new("source", "voice-vq"), new("source", "ixn"), new("source", "ixn-vq")];
    private static readonly string[] SourceNames = ["voice", "voice-vq", "ixn", "ixn-vq"];

    private Meter _meter = null!;
    private Counter<long> _counter = null!;
    private IDisposable? _listener;
    private Prometheus.Counter _direct = null!;

    /// <summary>Who listens to the meter.</summary>
    [Params("none", "PulsePrometheusExporter", "MeterAdapter")]
    public string Listener { get; set; } = "none";

    [GlobalSetup]
    public void Setup()
    {
        // A meter of its own per run, so that one run's listener does not see another's.
        var name = "Pulse.Sdk.Benchmark." + Guid.NewGuid().ToString("N");
        _meter = new Meter(name);
        _counter = _meter.CreateCounter<long>("pulse.dcu.messages.received", "{event}");
        _listener = Listener switch
        {
            "PulsePrometheusExporter" => new PulsePrometheusExporter(Options(name)),
            "MeterAdapter" => MeterAdapter.StartListening(new MeterAdapterOptions
            {
                Registry = global::Prometheus.Metrics.NewCustomRegistry(),
                InstrumentFilterPredicate = i => i.Meter.Name == name,
            }),
            _ => null,
        };
        _direct = global::Prometheus.Metrics.WithCustomRegistry(global::Prometheus.Metrics.NewCustomRegistry())
            .CreateCounter("pulse_dcu_messages_received_total", "events", "source");
    }

    private static PulsePrometheusExporterOptions Options(string meter)
    {
        var options = new PulsePrometheusExporterOptions();
        options.Meters.Clear();
        options.Meters.Add(meter);
        return options;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _listener?.Dispose();
        _meter.Dispose();
    }

    /// <summary>1,000 adds of 1 with one tag, as the engine counts applied events.</summary>
    [Benchmark(OperationsPerInvoke = Adds)]
    public void CounterAdd()
    {
        for (var i = 0; i < Adds; i++)
            if (_counter.Enabled) _counter.Add(1, Sources[i & 3]);
    }

    /// <summary>The same increments on a prometheus-net counter directly: the floor of any export through prometheus-net.</summary>
    [Benchmark(OperationsPerInvoke = Adds)]
    public void PrometheusNetDirect()
    {
        for (var i = 0; i < Adds; i++) _direct.WithLabels(SourceNames[i & 3]).Inc();
    }
}
