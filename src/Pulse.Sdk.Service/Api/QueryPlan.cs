using Pulse.Sdk.Configuration;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Service.Api.Contracts;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Service.Api;

/// <summary>
/// What a query asks for (docs/api.md, "Query API"), checked and resolved against the caller's tenant and access: the
/// objects (named ones, and every visible object of the kinds asked) and the statistics. Shared by <c>POST /queries</c> and
/// the live push's query subscriptions, so both refuse and filter alike.
/// </summary>
internal static class QueryPlan
{
    /// <summary>The most values one query may ask for (objects × statistics).</summary>
    internal const int MaxValues = 20_000;

    /// <summary>
    /// The objects and statistics of <paramref name="body"/>, or the message naming the field that is wrong. The caller has
    /// checked ViewDashboard: a restricted viewer sees the dashboards given to them, not whatever a query would show.
    /// </summary>
    public static (List<ObjectRef> Objects, List<string> Statistics, string? Error) Resolve(PulseCaller caller, TenantConfig? tenant, QueryBody body)
    {
        if (body.GroupBy is not (null or "object")) return ([], [], $"groupBy: 'object' or absent, was '{RequestValues.Shorten(body.GroupBy)}'");
        if ((body.Objects?.Count ?? 0) == 0 && (body.ObjectTypes?.Count ?? 0) == 0) return ([], [], "objects: give objects, objectTypes or both");
        if (body.Statistics.Count == 0) return ([], [], "statistics: at least one statistic name (GET /api/wbrt/statistics lists them)");
        var catalogue = Catalogue().Select(s => s.Type.Name).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < body.Statistics.Count; i++)
            // A template's definition is read by its name; it has values once a layout showing it is active.
            if (!catalogue.Contains(body.Statistics[i] ?? "") && !StatisticDefinition.IsDefinitionName(body.Statistics[i]))
                return ([], [], $"statistics[{i}]: no statistic '{RequestValues.Shorten(body.Statistics[i])}' (GET /api/wbrt/statistics lists them)");

        var configured = tenant is null ? [] : DirectoryEndpoints.Objects(tenant).Select(o => (o.Type, o.Id)).ToHashSet();
        var objects = new List<ObjectRef>();
        for (var i = 0; i < (body.Objects?.Count ?? 0); i++)
        {
            var o = body.Objects![i];
            var r = new ObjectRef(caller.Tenant, o.Type, o.Id);
            // Not configured and not visible answer alike: the caller learns nothing about objects beyond its access.
            if (!configured.Contains((o.Type, o.Id)) || !caller.Permissions.CanSee(r)) return ([], [], $"objects[{i}]: no object {o.Type}:{RequestValues.Shorten(o.Id)}");
            objects.Add(r);
        }
        foreach (var type in body.ObjectTypes ?? [])
            if (tenant is not null)
                objects.AddRange(DirectoryEndpoints.Objects(tenant).Where(o => o.Type == type).Select(o => new ObjectRef(caller.Tenant, o.Type, o.Id))
                    .Where(caller.Permissions.CanSee));
        objects = [.. objects.Distinct()];
        var statistics = body.Statistics.Distinct(StringComparer.Ordinal).ToList();
        if ((long)objects.Count * statistics.Count > MaxValues)
            return ([], [], $"objects: {objects.Count} objects × {statistics.Count} statistics is more than the {MaxValues} values a query may ask for; narrow it");
        return (objects, statistics, null);
    }

    /// <summary>The catalogue: every statistic once, with the kinds of object whose catalogue has it (what the DCU opens on them).</summary>
    public static IEnumerable<(StatisticType Type, IReadOnlyList<ObjectType> Kinds)> Catalogue() =>
        Enum.GetValues<ObjectType>().SelectMany(k => StandardCatalogue.For(k).Select(s => (Type: s, Kind: k)))
            .GroupBy(x => x.Type.Name, StringComparer.Ordinal)
            .Select(g => (g.First().Type, (IReadOnlyList<ObjectType>)[.. g.Select(x => x.Kind).Distinct()]));
}
