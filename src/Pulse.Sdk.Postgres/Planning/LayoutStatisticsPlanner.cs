using System.Collections.Concurrent;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Postgres.Metadata;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Postgres.Planning;

/// <summary>The statistics a tenant's active layouts need, and what could not be planned.</summary>
/// <param name="Requests">The union of the requests of every active layout, without duplicates.</param>
/// <param name="Problems">One message per template statistic or layout that could not be turned into requests (unknown template, unknown statistic type, type not applicable to an object).</param>
public sealed record StatisticPlan(IReadOnlySet<StatisticRequest> Requests, IReadOnlyList<string> Problems)
{
    /// <summary>A plan with nothing to open.</summary>
    public static StatisticPlan Empty { get; } = new(new HashSet<StatisticRequest>(), []);
}

/// <summary>What the Data Collection Unit must open and close to go from one plan to the next.</summary>
/// <param name="ToOpen">Requests in the new plan only.</param>
/// <param name="ToClose">Requests in the old plan only.</param>
public sealed record StatisticPlanDiff(IReadOnlyList<StatisticRequest> ToOpen, IReadOnlyList<StatisticRequest> ToClose)
{
    /// <summary>Whether nothing changes.</summary>
    public bool IsEmpty => ToOpen.Count == 0 && ToClose.Count == 0;
}

/// <summary>
/// Turns layouts into the exact set of <see cref="StatisticRequest"/>s the Data Collection Unit must open:
/// for each active, not deleted layout, each statistic of its template on each of its objects; the union
/// over layouts, so a statistic shown by several widgets is opened once. Pure: no database.
/// </summary>
/// <remarks>
/// A template statistic names a statistic type; it is looked up by name in the catalogue of the object's
/// type (<see cref="StandardCatalogue.For"/>), then in <see cref="StandardCatalogue.All"/> if the type
/// applies to the object's type, or through the resolver given to the constructor. A template statistic with a
/// <see cref="TemplateStatistic.Definition"/> is built from it, with the definition's notification mode.
/// </remarks>
public sealed class LayoutStatisticsPlanner
{
    private readonly Func<string, ObjectType, StatisticType?> _resolve;
    private readonly NotificationMode? _notification;
    private readonly ConcurrentDictionary<string, (StatisticType Type, NotificationMode Notification)> _defined = new(StringComparer.Ordinal);

    /// <summary>Creates a planner.</summary>
    /// <param name="resolve">Finds a statistic type by name for an object type (for custom catalogues); tried before the standard catalogue. May be null.</param>
    /// <param name="notification">The notification mode of every request; null means the engine's default (changes-based).</param>
    public LayoutStatisticsPlanner(Func<string, ObjectType, StatisticType?>? resolve = null, NotificationMode? notification = null)
    {
        _resolve = resolve ?? ((_, _) => null);
        _notification = notification;
    }

    /// <summary>The requests of the active layouts.</summary>
    /// <param name="layouts">The tenant's layouts; inactive and deleted ones are ignored.</param>
    /// <param name="templates">The templates the layouts refer to; deleted ones are ignored.</param>
    public StatisticPlan Plan(IEnumerable<Layout> layouts, IEnumerable<WidgetTemplate> templates)
    {
        ArgumentNullException.ThrowIfNull(layouts);
        ArgumentNullException.ThrowIfNull(templates);
        var byId = new Dictionary<(string, Guid), WidgetTemplate>();
        foreach (var t in templates)
            if (!t.Deleted) byId[(t.Tenant, t.Id)] = t;

        var requests = new HashSet<StatisticRequest>();
        var problems = new List<string>();
        // A definition is read once per plan, not once per object of every layout that shows it.
        var defined = new Dictionary<TemplateStatistic, ((StatisticType Type, NotificationMode Notification)? Built, string? Problem)>(ReferenceEqualityComparer.Instance);
        foreach (var layout in layouts)
        {
            if (!layout.Active || layout.Deleted) continue;
            if (!byId.TryGetValue((layout.Tenant, layout.TemplateId), out var template))
            {
                problems.Add($"layout {layout.Id} ('{layout.Name}') of tenant '{layout.Tenant}': template {layout.TemplateId} not found; save the template or change the layout's TemplateId");
                continue;
            }
            foreach (var o in layout.Objects)
            {
                var target = new ObjectRef(layout.Tenant, o.Type, o.Type == ObjectType.Tenant && string.IsNullOrEmpty(o.Id) ? layout.Tenant : o.Id);
                foreach (var s in template.Statistics)
                {
                    // A formula is computed by the reader from the other statistics of the row: nothing to open for it.
                    if (s.Formula is not null) continue;
                    if (s.Definition is not null)
                    {
                        if (!defined.TryGetValue(s, out var d)) defined[s] = d = (Define(s, template, out var why), why);
                        var problem = d.Problem ?? (d.Built!.Value.Type.ObjectTypes is var kinds && (kinds.Count == 0 || kinds.Contains(o.Type)) ? null
                            : $"the definition applies to {string.Join(", ", d.Built.Value.Type.ObjectTypes)} objects, not {o.Type}");
                        if (problem is null) requests.Add(new StatisticRequest(d.Built!.Value.Type, target, d.Built.Value.Notification));
                        else problems.Add($"layout {layout.Id} ('{layout.Name}'), template '{template.Name}', alias '{s.Alias}': {problem}");
                        continue;
                    }
                    var type = Resolve(s.StatisticType, o.Type);
                    if (type is null)
                    {
                        problems.Add($"layout {layout.Id} ('{layout.Name}'), template '{template.Name}', alias '{s.Alias}': no statistic type '{s.StatisticType}' applies to {o.Type} objects");
                        continue;
                    }
                    requests.Add(new StatisticRequest(type, target, _notification));
                }
            }
        }
        return new StatisticPlan(requests, problems);
    }

    /// <summary>What to open and close to go from <paramref name="before"/> to <paramref name="after"/>.</summary>
    /// <param name="before">The plan in force.</param>
    /// <param name="after">The new plan.</param>
    public static StatisticPlanDiff Diff(StatisticPlan before, StatisticPlan after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return new StatisticPlanDiff(
            after.Requests.Where(r => !before.Requests.Contains(r)).ToArray(),
            before.Requests.Where(r => !after.Requests.Contains(r)).ToArray());
    }

    /// <summary>Reads the tenant's active layouts and templates from <paramref name="store"/> and plans them.</summary>
    /// <param name="store">The metadata store.</param>
    /// <param name="tenant">The tenant.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async Task<StatisticPlan> PlanAsync(PulseMetadataStore store, string tenant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var layouts = await store.GetLayoutsAsync(tenant, activeOnly: true, cancellationToken).ConfigureAwait(false);
        var templates = await store.GetTemplatesAsync(tenant, cancellationToken).ConfigureAwait(false);
        return Plan(layouts, templates);
    }

    /// <summary>
    /// A template's statistic definition, built once per name: a request is the same request in the next plan only if it
    /// holds the same <see cref="StatisticType"/> instance (its lists compare by reference), so nothing is closed and reopened.
    /// </summary>
    private (StatisticType Type, NotificationMode Notification)? Define(TemplateStatistic s, WidgetTemplate template, out string? problem)
    {
        problem = null;
        var definition = s.Definition!;
        if (definition.Validate(template.ObjectType) is [var first, ..])
        {
            // Saving refuses these; a store written by other code may still hold one.
            problem = "the definition is not valid: " + first;
            return null;
        }
        var name = definition.NameFor(template.ObjectType);
        return _defined.GetOrAdd(name, _ => definition.Build(template.ObjectType));
    }

    private StatisticType? Resolve(string name, ObjectType objectType)
    {
        if (_resolve(name, objectType) is { } custom) return custom;
        foreach (var t in StandardCatalogue.For(objectType))
            if (t.Name == name) return t;
        foreach (var t in StandardCatalogue.All)
            if (t.Name == name && (t.ObjectTypes.Count == 0 || t.ObjectTypes.Contains(objectType))) return t;
        return null;
    }
}
