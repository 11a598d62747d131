using System.Text.RegularExpressions;
using Pulse.Host;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Sources;

namespace Pulse.Host.Tests;

/// <summary>The live table's text, on the values of the replay fixture at 10:00:00Z (see <see cref="ReplayFixtureTests"/>).</summary>
public class KpiTableRendererTests
{
    private static readonly Lazy<IReadOnlyList<string>> Lines = new(() =>
    {
        var config = ConfigurationJson.Load(HostRunner.DemoConfig);
        var events = JsonLinesEventSource.ReadAll(HostRunner.EventsFixture, out var errors);
        Assert.Empty(errors);
        var at = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
        var clock = new ReplayClock(events[0].Time);
        var engine = new StatisticsEngine(config, new StatisticsEngineOptions { TimeProvider = clock });
        engine.OpenStandardCatalogue();
        foreach (var e in events.TakeWhile(e => e.Time <= at))
        {
            clock.AdvanceTo(e.Time);
            Assert.Equal(EventOutcome.Applied, engine.Apply(e));
        }
        clock.AdvanceTo(at);
        var snapshot = KpiSnapshot.From(engine.Snapshot().ToList(), engine.Now, engine.Counters.Applied, 12.5);
        return KpiTableRenderer.Render(snapshot, "Title");
    });

    /// <summary>The cells of the row starting with <paramref name="label"/> (cells are at least two spaces apart).</summary>
    private static string[] Row(string label)
    {
        var line = Assert.Single(Lines.Value, l => l.StartsWith(label + "  ", StringComparison.Ordinal));
        return Regex.Split(line, @"\s{2,}");
    }

    [Fact]
    public void Header_shows_the_clock_the_events_applied_and_the_rate() =>
        Assert.Equal("Title  |  2026-11-26 10:00:00 UTC  |  events applied 62  |  12.5 events/s", Lines.Value[0]);

    [Fact]
    public void Queue_rows_show_counts_durations_as_m_ss_and_sl1_with_one_decimal()
    {
        Assert.Equal(KpiTableRenderer.QueueHeader, Row("Queue"));
        Assert.Equal(["Sales", "1", "1:00", "7", "3", "3", "66.7", "0:19", "4:45"], Row("Sales"));
        Assert.Equal(["Support", "0", "0:00", "1", "1", "0", "100.0", "0:28", "4:32"], Row("Support"));
        Assert.Equal(["VQ_Sales (VQ)", "0", "0:00", "2", "1", "1", "50.0", "0:12", "-"], Row("VQ_Sales (VQ)"));
        Assert.Equal(["All Voice Queues (group)", "1", "1:00", "8", "4", "3", "71.4", "0:21", "4:40"], Row("All Voice Queues (group)"));
    }

    [Fact]
    public void Queues_come_first_then_virtual_queues_then_queue_groups()
    {
        var labels = Lines.Value.SkipWhile(l => !l.StartsWith("Queue ", StringComparison.Ordinal)).Skip(1).TakeWhile(l => l.Length > 0)
            .Select(l => Regex.Split(l, @"\s{2,}")[0]).ToList();
        Assert.Equal(["Billing", "Sales", "Support", "VQ_Sales (VQ)", "VQ_Support (VQ)", "All Voice Queues (group)"], labels);
    }

    // Occupancy divides by ready *idle* time (the state WaitForNextCall), as docs/statistics.md defines Occupancy.
    [Fact]
    public void Agent_group_rows()
    {
        Assert.Equal(KpiTableRenderer.AgentGroupHeader, Row("Agent group"));
        Assert.Equal(["Sales Team", "2", "1", "0", "1", "0", "2", "4:45", "8.5"], Row("Sales Team"));
        Assert.Equal(["Support Team", "2", "1", "1", "0", "0", "1", "4:32", "10.2"], Row("Support Team"));
    }

    [Fact]
    public void Tenant_totals_with_service_level_1_over_the_acd_queues()
    {
        var i = Lines.Value.ToList().FindIndex(l => l.StartsWith("Tenant demo", StringComparison.Ordinal));
        Assert.Equal("Tenant demo  calls: 1 waiting (longest 1:00), 8 entered, 4 answered, 3 abandoned, SL1 71.4 %, ASA 0:21", Lines.Value[i]);
        Assert.StartsWith("             agents: 5 logged in, 3 ready, 1 not ready, 1 talking, 0 in ACW; 4 handled, AHT ", Lines.Value[i + 1], StringComparison.Ordinal);
        Assert.EndsWith("; 1 interactions waiting", Lines.Value[i + 1], StringComparison.Ordinal);
    }
}
