using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;

namespace Pulse.Sdk.Prometheus.Tests;

/// <summary>
/// Every instrument of the Pulse packages, as the host exports it, is the row docs/metrics.md gives for it: its meter,
/// OpenTelemetry name, unit, kind and Prometheus name; the names the Pulse documentation publishes among them.
/// </summary>
public partial class PulseInstrumentNamesTests
{
    private static readonly string[] Meters =
    [
        Pulse.Sdk.Diagnostics.PulseMeter.Name, Pulse.Sdk.Feed.FeedMeter.Name, Pulse.Sdk.Hep.HepMeter.Name, Pulse.Sdk.Redis.RedisMeter.Name,
        Pulse.Sdk.Authentication.AuthenticationMeter.Name, Pulse.Sdk.Service.Diagnostics.ServiceMeter.Name, Pulse.Sdk.Permissions.PermissionsMeter.Name,
        Pulse.Sdk.ConfigurationService.ConfigurationServiceMeter.Name, Pulse.Sdk.ConfigurationService.Client.ConfigurationClientMeter.Name,
    ];

    private static readonly System.Reflection.Assembly[] Packages =
    [
        typeof(Pulse.Sdk.Diagnostics.PulseMeter).Assembly, typeof(Pulse.Sdk.Feed.FeedMeter).Assembly, typeof(Pulse.Sdk.Hep.HepMeter).Assembly,
        typeof(Pulse.Sdk.Redis.RedisMeter).Assembly, typeof(Pulse.Sdk.Redis.Authentication.RedisTokenRevocationList).Assembly,
        typeof(Pulse.Sdk.Authentication.AuthenticationMeter).Assembly, typeof(Pulse.Sdk.Service.Diagnostics.ServiceMeter).Assembly,
        typeof(Pulse.Sdk.Permissions.PermissionsMeter).Assembly, typeof(Pulse.Sdk.ConfigurationService.ConfigurationServiceMeter).Assembly,
        typeof(Pulse.Sdk.ConfigurationService.Client.ConfigurationClientMeter).Assembly,
    ];

    /// <summary>Every instrument on the Pulse meters, as rows of the docs' table.</summary>
    private static SortedSet<string> ExportedRows()
    {
        // The packages used without dependency injection keep their instruments in static *Metrics classes, which their
        // static constructors create; the DI-only packages' *Metrics classes create theirs on the IMeterFactory they are given.
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        foreach (var package in Packages)
        {
            foreach (var type in package.GetTypes())
            {
                if (!type.Name.EndsWith("Metrics", StringComparison.Ordinal)) continue;
                if (type is { IsAbstract: true, IsSealed: true }) RuntimeHelpers.RunClassConstructor(type.TypeHandle);
                else if (type.GetConstructor([typeof(IMeterFactory)]) is { } constructor) constructor.Invoke([factory]);
            }
        }
        using var exporter = new PulsePrometheusExporter();
        var rows = new SortedSet<string>(StringComparer.Ordinal);
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (Meters.Contains(instrument.Meter.Name))
                    rows.Add($"| `{instrument.Meter.Name}` | `{instrument.Name}` | `{instrument.Unit}` | {KindOf(instrument)} | `{exporter.NameOf(instrument)}` |");
            },
        };
        listener.Start();
        return rows;
    }

    private static string KindOf(Instrument instrument) => instrument.GetType().Name.Split('`')[0] switch
    {
        "Counter" => "counter",
        "ObservableCounter" => "observable counter",
        "UpDownCounter" => "up-down counter",
        "ObservableUpDownCounter" => "observable up-down counter",
        "ObservableGauge" => "observable gauge",
        "Gauge" => "gauge",
        "Histogram" => "histogram",
        var other => other,
    };

    [Fact]
    public void Every_instrument_is_the_row_docs_metrics_md_gives_for_it()
    {
        var documented = new SortedSet<string>(
            File.ReadAllLines(RepositoryFiles.Find("docs/metrics.md")).Where(l => DocumentedRow().IsMatch(l)).Select(FirstFiveColumns), StringComparer.Ordinal);
        var exported = ExportedRows();
        Assert.True(exported.Count >= 60, $"only {exported.Count} instruments found on the Pulse meters");
        var missing = exported.Except(documented).ToList();
        var stale = documented.Except(exported).ToList();
        Assert.True(missing.Count == 0 && stale.Count == 0,
            "docs/metrics.md differs from the instruments.\nnot documented (or documented differently):\n" + string.Join("\n", missing)
            + "\ndocumented but not exported so:\n" + string.Join("\n", stale));
    }

    [Fact]
    public void The_lds_metrics_carry_the_names_the_pulse_documentation_publishes()
    {
        var names = ExportedRows().Select(r => r.Split('|')[5].Trim().Trim('`')).ToHashSet();
        foreach (var published in (string[])["pulse_lds_uptime_seconds", "pulse_lds_senders_number", "pulse_lds_receivers_number",
                     "pulse_lds_sender_connected_seconds", "pulse_lds_sender_disconnected_seconds", "pulse_lds_sender_registered_dns_number"])
            Assert.Contains(published, names);
    }

    /// <summary>A row of the docs' table without its last column (what the metric counts, for people).</summary>
    private static string FirstFiveColumns(string row) => string.Join('|', row.Split('|').Take(6)) + "|";

    [GeneratedRegex(@"^\| `Pulse\.Sdk[A-Za-z.]*` \| `pulse\.")]
    private static partial Regex DocumentedRow();
}
