using Pulse.Sdk.Statistics;

namespace Pulse.Host;

/// <summary>What one frame of the live table shows, taken from the values of the standard catalogue.</summary>
/// <param name="Time">The engine clock.</param>
/// <param name="EventsApplied">Events the engine applied so far.</param>
/// <param name="EventsPerSecond">Events applied per second of real time since the previous frame.</param>
/// <param name="Queues">ACD queues, then virtual queues, then queue groups, each by id.</param>
/// <param name="AgentGroups">Agent groups by id.</param>
/// <param name="Tenants">Tenant totals by id.</param>
internal sealed record KpiSnapshot(
    DateTimeOffset Time, long EventsApplied, double EventsPerSecond,
    IReadOnlyList<QueueKpiRow> Queues, IReadOnlyList<AgentGroupKpiRow> AgentGroups, IReadOnlyList<TenantKpis> Tenants)
{
    /// <summary>Builds a frame from the values of the standard catalogue (<c>SnapshotAsync</c>); a missing value counts as 0.</summary>
    public static KpiSnapshot From(IReadOnlyCollection<StatisticUpdate> values, DateTimeOffset time, long eventsApplied, double eventsPerSecond)
    {
        ArgumentNullException.ThrowIfNull(values);
        var byObject = new Dictionary<ObjectRef, Dictionary<string, double>>();
        foreach (var u in values)
        {
            if (!byObject.TryGetValue(u.Statistic.Object, out var stats)) byObject.Add(u.Statistic.Object, stats = new(StringComparer.Ordinal));
            stats[u.Statistic.Type.Name] = u.Value.Number;
        }

        double V(ObjectRef o, string name) => byObject.TryGetValue(o, out var s) && s.TryGetValue(name, out var v) ? v : 0;
        IEnumerable<ObjectRef> Of(ObjectType type) =>
            byObject.Keys.Where(o => o.Type == type)
                .OrderBy(o => o.Tenant, StringComparer.Ordinal).ThenBy(o => o.Id, StringComparer.Ordinal);

        var queues = Of(ObjectType.Queue).Concat(Of(ObjectType.VirtualQueue)).Concat(Of(ObjectType.GroupQueues))
            .Select(o => new QueueKpiRow(o,
                V(o, "Waiting"), V(o, "LongestWait"), V(o, "Entered"), V(o, "Answered"), V(o, "Abandoned"),
                V(o, "ServiceLevel1"), V(o, "ASA"), o.Type == ObjectType.VirtualQueue ? null : V(o, "AHT")))
            .ToList();

        var groups = Of(ObjectType.GroupAgents)
            .Select(o => new AgentGroupKpiRow(o,
                V(o, "AgentsLoggedIn"), V(o, "AgentsReady"), V(o, "AgentsNotReady"), V(o, "AgentsTalking"), V(o, "AgentsInAfterCallWork"),
                V(o, "Handled"), V(o, "AHT"), V(o, "Occupancy")))
            .ToList();

        var tenants = Of(ObjectType.Tenant)
            .Select(t =>
            {
                // The tenant catalogue has no ServiceLevel1: computed over the tenant's ACD queues.
                return new TenantKpis(t.Tenant,
                    V(t, "Waiting"), V(t, "LongestWait"), V(t, "Entered"), V(t, "Answered"), V(t, "Abandoned"),
                    TenantServiceLevel.ServiceLevel1(values, t.Tenant), V(t, "ASA"),
                    V(t, "AgentsLoggedIn"), V(t, "AgentsReady"), V(t, "AgentsNotReady"), V(t, "AgentsTalking"), V(t, "AgentsInAfterCallWork"),
                    V(t, "Handled"), V(t, "AHT"), V(t, "InteractionsWaiting"));
            })
            .ToList();

        return new KpiSnapshot(time, eventsApplied, eventsPerSecond, queues, groups, tenants);
    }
}
