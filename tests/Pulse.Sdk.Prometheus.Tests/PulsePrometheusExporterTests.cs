using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Pulse.Sdk.Prometheus.Tests;

public class PulsePrometheusExporterTests
{
    private static async Task<string> ScrapeAsync(PulsePrometheusExporter exporter)
    {
        using var stream = new MemoryStream();
        await exporter.WriteAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The value of the sample <paramref name="series"/> (name and labels as written), or null.</summary>
    private static double? Sample(string text, string series)
    {
        var m = Regex.Match(text, "^" + Regex.Escape(series) + @" ([0-9.eE+-]+)$", RegexOptions.Multiline);
        return m.Success ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    [Fact]
    public async Task Each_kind_of_instrument_is_exported_with_its_values_under_the_rule_s_name()
    {
        // A meter of its own name under Pulse.Sdk.*: the default Meters export it, and no other test writes to it.
        using var meter = new Meter("Pulse.Sdk.Tests." + Guid.NewGuid().ToString("N"));
        using var exporter = new PulsePrometheusExporter();
        var received = meter.CreateCounter<long>("test.events.received", "{event}", "Events received");
        var open = meter.CreateUpDownCounter<long>("test.connections", "{connection}");
        var write = meter.CreateHistogram<double>("test.write.duration", "s");
        var size = meter.CreateHistogram<long>("test.checkpoint.size", "By");
        var queue = 7;
        meter.CreateObservableGauge("test.queue.length", () => queue, "{item}");
        var uptime = 12.5;
        meter.CreateObservableCounter("test.uptime", () => uptime, "s");

        received.Add(3, new KeyValuePair<string, object?>("source", "voice"));
        received.Add(2, new KeyValuePair<string, object?>("source", "voice"));
        received.Add(1, new KeyValuePair<string, object?>("source", "ixn"));
        open.Add(2);
        open.Add(-1);
        write.Record(0.02);
        write.Record(3);
        size.Record(5000);

        var text = await ScrapeAsync(exporter);
        Assert.Equal(5, Sample(text, "test_events_received_total{source=\"voice\"}"));
        Assert.Equal(1, Sample(text, "test_events_received_total{source=\"ixn\"}"));
        Assert.Contains("# TYPE test_events_received_total counter", text);
        Assert.Contains("# HELP test_events_received_total Events received", text);
        Assert.Equal(1, Sample(text, "test_connections"));
        Assert.Contains("# TYPE test_connections gauge", text);
        Assert.Equal(2, Sample(text, "test_write_duration_seconds_count"));
        Assert.Equal(3.02, Sample(text, "test_write_duration_seconds_sum")!.Value, 9);
        Assert.Equal(1, Sample(text, "test_write_duration_seconds_bucket{le=\"0.025\"}"));
        // Bytes get buckets in bytes (1 KiB, 4 KiB, ...), not the default ones in seconds.
        Assert.Equal(0, Sample(text, "test_checkpoint_size_bytes_bucket{le=\"4096\"}"));
        Assert.Equal(1, Sample(text, "test_checkpoint_size_bytes_bucket{le=\"16384\"}"));
        Assert.Equal(7, Sample(text, "test_queue_length"));
        Assert.Equal(12.5, Sample(text, "test_uptime_seconds_total"));

        // Observable instruments are read at each scrape.
        queue = 4;
        uptime = 20;
        text = await ScrapeAsync(exporter);
        Assert.Equal(4, Sample(text, "test_queue_length"));
        Assert.Equal(20, Sample(text, "test_uptime_seconds_total"));
    }

    [Fact]
    public async Task A_configured_name_replaces_the_rule_s_and_meters_not_named_are_not_exported()
    {
        var id = Guid.NewGuid().ToString("N");
        using var ours = new Meter("Ours." + id);
        using var theirs = new Meter("Theirs." + id);
        var options = new PulsePrometheusExporterOptions();
        options.Meters.Clear();
        options.Meters.Add("Ours." + id);
        options.Names["test.receivers"] = "test_receivers_number";
        using var exporter = new PulsePrometheusExporter(options);
        var receivers = 3;
        ours.CreateObservableGauge("test.receivers", () => receivers, "{receiver}");
        theirs.CreateCounter<long>("test.other").Add(1);

        var text = await ScrapeAsync(exporter);
        Assert.Equal(3, Sample(text, "test_receivers_number"));
        Assert.DoesNotContain("test_other", text);
        Assert.DoesNotContain("test_receivers ", text);
    }

    [Fact]
    public void Invalid_settings_are_refused_naming_the_setting()
    {
        var options = new PulsePrometheusExporterOptions();
        options.Meters.Add("Pulse.*.Feed");
        options.Names["pulse.lds.receivers"] = "pulse-lds-receivers";
        var e = Assert.Throws<ArgumentException>(() => new PulsePrometheusExporter(options));
        Assert.Contains("PulsePrometheusExporterOptions.Meters holds 'Pulse.*.Feed'", e.Message);
        Assert.Contains("PulsePrometheusExporterOptions.Names['pulse.lds.receivers'] is 'pulse-lds-receivers'", e.Message);

        var empty = new PulsePrometheusExporterOptions();
        empty.Meters.Clear();
        Assert.Contains("PulsePrometheusExporterOptions.Meters is empty", Assert.Single(empty.Validate()));
    }
}
