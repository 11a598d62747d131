using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Service.Api.Contracts;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Storage;

namespace Pulse.Sdk.Service.Api;

/// <summary>
/// Values without a widget (docs/api.md, "Query API"): <c>GET /api/wbrt/statistics</c> lists the statistic catalogue,
/// <c>POST /api/wbrt/queries</c> answers the current values of objects and statistics once. Only what the caller may see:
/// an object outside the caller's access answers like one that does not exist, and every visible object of a kind is
/// exactly the objects <c>GET /api/wbrt/objects</c> lists.
/// </summary>
internal static class QueryEndpoints
{
    public static void Map(RouteGroupBuilder wbrt)
    {
        wbrt.MapGet("/statistics", ListStatistics).Produces<ListBody>().WithName("ListStatistics");
        wbrt.MapPost("/queries", QueryAsync).WithMetadata(new JsonRequestBody(typeof(QueryBody))).Produces<ListBody>().WithName("QueryValues");
    }

    /// <summary>Every statistic of the catalogue, or those of one kind of object (<c>?type=Queue</c>).</summary>
    private static IResult ListStatistics(HttpContext http)
    {
        var caller = PulseCaller.Of(http);
        if (!caller.CanView) return ApiResults.Forbidden(PulsePrivilege.ViewDashboard);
        if (!RequestValues.TryObjectType(http.Request, out var only, out var bad)) return bad!;
        var items = QueryPlan.Catalogue()
            .Where(s => only is null || s.Kinds.Contains(only.Value))
            .Select(s => (object)new StatisticInfoBody(s.Type.Name, s.Kinds, s.Type.Category, s.Type.Format, s.Type.Description))
            .ToList();
        return ApiResults.Ok(new ListBody(0, items));
    }

    private static async Task<IResult> QueryAsync(HttpContext http, IPulseConfigurationProvider configuration, IStatisticValueSource values, IOptions<PulseServiceOptions> options)
    {
        var caller = PulseCaller.Of(http);
        if (!caller.Has(PulsePrivilege.ViewDashboard)) return ApiResults.Forbidden(PulsePrivilege.ViewDashboard);
        var (body, error) = await JsonBody.ReadAsync<QueryBody>(http.Request, options.Value.MaxBodyBytes).ConfigureAwait(false);
        if (body is null) return error!;
        var (objects, wanted, problem) = QueryPlan.Resolve(caller, configuration.Current.Tenants.FirstOrDefault(t => t.Id == caller.Tenant), body);
        if (problem is not null) return ApiResults.BadRequest(problem);

        var rows = new List<(ObjectRef Object, List<QueryValueBody> Values)>();
        foreach (var obj in objects)
        {
            var current = await values.GetValuesAsync(obj, http.RequestAborted).ConfigureAwait(false);
            var found = new List<QueryValueBody>();
            foreach (var name in wanted)
                foreach (var c in current)
                    if (c.Statistic == name && !c.Removed)
                        found.Add(new QueryValueBody(new ObjectBody { Type = obj.Type, Id = obj.Id }, name, c.Value.Number, c.Value.State?.ToString(), c.Value.Reason, c.Time, c.Value.Stale)
                        {
                            Media = c.Value.State is null ? null : c.Value.Media?.ToString(),
                        });
            rows.Add((obj, found));
        }
        IReadOnlyList<object> items = body.GroupBy == "object"
            ? [.. rows.Select(r => (object)new QueryRowBody(new ObjectBody { Type = r.Object.Type, Id = r.Object.Id },
                r.Values.ToDictionary(v => v.Statistic, v => new QueryRowBody.Cell(v.Value, v.State, v.Reason, v.Time, v.Stale) { Media = v.Media }, StringComparer.Ordinal)))]
            : [.. rows.SelectMany(r => r.Values).Cast<object>()];
        return ApiResults.Ok(new ListBody(0, items));
    }

}
