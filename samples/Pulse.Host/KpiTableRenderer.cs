using System.Globalization;
using Pulse.Sdk.Statistics;

namespace Pulse.Host;

/// <summary>
/// Renders a <see cref="KpiSnapshot"/> as text lines: a header (clock, events applied, events per second),
/// the queue table, the agent-group table and one totals line per tenant.
/// </summary>
internal static class KpiTableRenderer
{
    /// <summary>Column headers of the queue table.</summary>
    public static readonly string[] QueueHeader = ["Queue", "Waiting", "LongestWait", "Entered", "Answered", "Abandoned", "SL1 %", "ASA", "AHT"];

    /// <summary>Column headers of the agent-group table.</summary>
    public static readonly string[] AgentGroupHeader = ["Agent group", "Logged in", "Ready", "Not ready", "Talking", "ACW", "Handled", "AHT", "Occupancy %"];

    /// <summary>The lines of one frame; <paramref name="title"/> starts the header line.</summary>
    public static IReadOnlyList<string> Render(KpiSnapshot snapshot, string title)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture,
                $"{title}  |  {snapshot.Time.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC  |  events applied {snapshot.EventsApplied}  |  {snapshot.EventsPerSecond:0.0} events/s"),
            "",
        };

        lines.AddRange(TextTable.Lines(QueueHeader, snapshot.Queues.Select(q => (IReadOnlyList<string>)
        [
            Label(q.Object), KpiFormat.Count(q.Waiting), KpiFormat.Duration(q.LongestWait), KpiFormat.Count(q.Entered),
            KpiFormat.Count(q.Answered), KpiFormat.Count(q.Abandoned), KpiFormat.Percent(q.ServiceLevel1),
            KpiFormat.Duration(q.Asa), q.Aht is { } aht ? KpiFormat.Duration(aht) : "-",
        ]).ToList()));
        lines.Add("");

        lines.AddRange(TextTable.Lines(AgentGroupHeader, snapshot.AgentGroups.Select(g => (IReadOnlyList<string>)
        [
            Label(g.Object), KpiFormat.Count(g.LoggedIn), KpiFormat.Count(g.Ready), KpiFormat.Count(g.NotReady),
            KpiFormat.Count(g.Talking), KpiFormat.Count(g.AfterCallWork), KpiFormat.Count(g.Handled),
            KpiFormat.Duration(g.Aht), KpiFormat.Percent(g.Occupancy),
        ]).ToList()));

        foreach (var t in snapshot.Tenants)
        {
            lines.Add("");
            var prefix = $"Tenant {t.Tenant}  ";
            lines.Add(prefix + "calls: " +
                $"{KpiFormat.Count(t.Waiting)} waiting (longest {KpiFormat.Duration(t.LongestWait)}), {KpiFormat.Count(t.Entered)} entered, " +
                $"{KpiFormat.Count(t.Answered)} answered, {KpiFormat.Count(t.Abandoned)} abandoned, " +
                $"SL1 {KpiFormat.Percent(t.ServiceLevel1)} %, ASA {KpiFormat.Duration(t.Asa)}");
            lines.Add(new string(' ', prefix.Length) + "agents: " +
                $"{KpiFormat.Count(t.LoggedIn)} logged in, {KpiFormat.Count(t.Ready)} ready, {KpiFormat.Count(t.NotReady)} not ready, " +
                $"{KpiFormat.Count(t.Talking)} talking, {KpiFormat.Count(t.AfterCallWork)} in ACW; {KpiFormat.Count(t.Handled)} handled, " +
                $"AHT {KpiFormat.Duration(t.Aht)}; {KpiFormat.Count(t.InteractionsWaiting)} interactions waiting");
        }
        return lines;
    }

    /// <summary>The first cell of a row: the id, marked for virtual queues and queue groups.</summary>
    private static string Label(ObjectRef o) => o.Type switch
    {
        ObjectType.VirtualQueue => o.Id + " (VQ)",
        ObjectType.GroupQueues => o.Id + " (group)",
        _ => o.Id,
    };
}
