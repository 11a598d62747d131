using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Service.Api.Contracts;
using Pulse.Sdk.Service.Api.Export;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Storage;

namespace Pulse.Sdk.Service.Api;

/// <summary>
/// <c>/api/wbrt/layouts</c>: widget definitions. Change with ManageWidgets (a change of <c>options</c> only: EditWidgetDisplay);
/// a new layout is the caller's and counts against <c>max_widgets_per_user</c>. Snapshot and history carry only values of
/// objects the caller may see, as JSON or CSV (docs/api.md, "Export").
/// </summary>
internal static class LayoutEndpoints
{
    public static void Map(RouteGroupBuilder wbrt)
    {
        wbrt.MapGet("/layouts", ListAsync).Produces<ListBody>().WithName("ListLayouts");
        wbrt.MapPost("/layouts", CreateAsync).WithMetadata(new JsonRequestBody(typeof(LayoutBody))).Produces<LayoutBody>(201).WithName("CreateLayout");
        wbrt.MapGet("/layouts/{id}", GetAsync).Produces<LayoutBody>().WithName("GetLayout");
        wbrt.MapPut("/layouts/{id}", UpdateAsync).WithMetadata(new JsonRequestBody(typeof(LayoutBody))).Produces<LayoutBody>().WithName("UpdateLayout");
        wbrt.MapDelete("/layouts/{id}", DeleteAsync).Produces(204).WithName("DeleteLayout");
        wbrt.MapGet("/layouts/{id}/snapshot", SnapshotAsync).Produces<SnapshotBody>().ProducesCsv().WithName("GetLayoutSnapshot");
        wbrt.MapGet("/layouts/{id}/history", HistoryAsync).Produces<HistoryBody>().ProducesCsv().WithName("GetLayoutHistory");
    }

    private static async Task<IResult> ListAsync(HttpContext http, IMetadataStore store)
    {
        var caller = PulseCaller.Of(http);
        if (!caller.CanView) return ApiResults.Forbidden(PulsePrivilege.ViewDashboard);
        if (!RequestValues.TryUscn(http.Request, out var since, out var error)) return error!;
        var changes = await store.GetChangesAsync(caller.Tenant, since, http.RequestAborted).ConfigureAwait(false);
        // Without a uscn the read above is already the whole tenant.
        var all = since == 0 ? changes : await store.GetChangesAsync(caller.Tenant, 0, http.RequestAborted).ConfigureAwait(false);
        var shared = DashboardAccess.SharedLayouts(all.Tabs);
        return ApiResults.Ok(new ListBody(changes.Uscn, MetadataListing.Items(changes.Layouts, since, l => l.Deleted,
            l => DashboardAccess.SeesWithoutTabs(caller, l) || shared.Contains(l.Id), l => l.Id, l => l.Uscn, l => LayoutBody.From(l))));
    }

    /// <summary>The layout if the caller may see it; null otherwise (answered as 404, the same as a missing id).</summary>
    internal static async Task<Layout?> VisibleAsync(PulseCaller caller, IMetadataStore store, Guid id, CancellationToken cancellationToken)
    {
        if (!caller.CanView) return null;
        var layout = await store.GetLayoutAsync(caller.Tenant, id, cancellationToken).ConfigureAwait(false);
        if (layout is null || DashboardAccess.SeesWithoutTabs(caller, layout)) return layout; // the common case needs no read of the tabs
        var tabs = (await store.GetChangesAsync(caller.Tenant, 0, cancellationToken).ConfigureAwait(false)).Tabs;
        return DashboardAccess.Sees(caller, layout, tabs) ? layout : null;
    }

    private static Task<IResult> GetAsync(HttpContext http, string id, IMetadataStore store) =>
        MetadataListing.ByIdAsync(http, id, "layout", (caller, guid, ct) => VisibleAsync(caller, store, guid, ct), LayoutBody.From);

    private static async Task<IResult> CreateAsync(HttpContext http, IMetadataStore store, IOptions<PulseServiceOptions> options, CapGate caps)
    {
        var caller = PulseCaller.Of(http);
        if (!caller.Has(PulsePrivilege.ManageWidgets)) return ApiResults.Forbidden(PulsePrivilege.ManageWidgets);
        var (body, error) = await JsonBody.ReadAsync<LayoutBody>(http.Request, options.Value.MaxBodyBytes).ConfigureAwait(false);
        if (body is null) return error!;
        var template = await store.GetTemplateAsync(caller.Tenant, body.TemplateId, http.RequestAborted).ConfigureAwait(false);
        if (InputRules.Layout("", body.Name, body.Objects, body.Options, template, options.Value.MaxNameLength) is { } problem) return ApiResults.BadRequest(problem);
        var id = body.Id ?? Guid.NewGuid();
        using var gate = await caps.EnterAsync(caller.Tenant, caller.User, http.RequestAborted).ConfigureAwait(false);
        if (body.Id is not null && await store.GetLayoutAsync(caller.Tenant, id, http.RequestAborted).ConfigureAwait(false) is not null)
            return ApiResults.IdTaken("layout", id);
        if (await WidgetCapAsync(caller, store, http.RequestAborted).ConfigureAwait(false) is { } cap) return cap;
        var saved = await store.SaveLayoutAsync(body.ToModel(caller.Tenant, id, caller.User), http.RequestAborted).ConfigureAwait(false);
        return ApiResults.Created(id, LayoutBody.From(saved));
    }

    /// <summary>409 when the caller owns <c>max_widgets_per_user</c> layouts already (unless AddWidgetsWithoutLimit); null when one more is allowed.</summary>
    internal static async Task<IResult?> WidgetCapAsync(PulseCaller caller, IMetadataStore store, CancellationToken cancellationToken)
    {
        if (caller.Has(PulsePrivilege.AddWidgetsWithoutLimit) || caller.Permissions.MaxWidgets == int.MaxValue) return null;
        var owned = (await store.GetLayoutsAsync(caller.Tenant, cancellationToken: cancellationToken).ConfigureAwait(false)).Count(l => l.Owner == caller.User);
        return owned >= caller.Permissions.MaxWidgets
            ? ApiResults.Conflict($"max_widgets_per_user: {caller.User} has {owned} widgets and may have at most {caller.Permissions.MaxWidgets}")
            : null;
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, string id, IMetadataStore store, IOptions<PulseServiceOptions> options)
    {
        var caller = PulseCaller.Of(http);
        if (!caller.Has(PulsePrivilege.EditWidgetDisplay)) return ApiResults.Forbidden(PulsePrivilege.EditWidgetDisplay);
        if (!RequestValues.TryId(id, out var guid, out var idError)) return idError!;
        var (body, error) = await JsonBody.ReadAsync<LayoutBody>(http.Request, options.Value.MaxBodyBytes).ConfigureAwait(false);
        if (body is null) return error!;
        if (InputRules.Id("id", body.Id, guid) is { } idProblem) return ApiResults.BadRequest(idProblem);
        var existing = await VisibleAsync(caller, store, guid, http.RequestAborted).ConfigureAwait(false);
        if (existing is null) return ApiResults.NotFound("layout", guid);
        if (await MayChangeAsync(caller, existing, store, http.RequestAborted).ConfigureAwait(false) is { } forbidden) return forbidden;
        var template = await store.GetTemplateAsync(caller.Tenant, body.TemplateId, http.RequestAborted).ConfigureAwait(false);
        if (InputRules.Layout("", body.Name, body.Objects, body.Options, template, options.Value.MaxNameLength) is { } problem) return ApiResults.BadRequest(problem);
        var updated = body.ToModel(caller.Tenant, guid, existing.Owner);
        var displayOnly = updated.TemplateId == existing.TemplateId && updated.Name == existing.Name && updated.Active == existing.Active
            && updated.Objects.SequenceEqual(existing.Objects);
        if (!displayOnly && !caller.Has(PulsePrivilege.ManageWidgets)) return ApiResults.Forbidden(PulsePrivilege.ManageWidgets);
        var saved = await store.SaveLayoutAsync(updated, http.RequestAborted).ConfigureAwait(false);
        return ApiResults.Ok(LayoutBody.From(saved));
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, string id, IMetadataStore store)
    {
        var caller = PulseCaller.Of(http);
        if (!caller.Has(PulsePrivilege.ManageWidgets)) return ApiResults.Forbidden(PulsePrivilege.ManageWidgets);
        if (!RequestValues.TryId(id, out var guid, out var error)) return error!;
        if (await VisibleAsync(caller, store, guid, http.RequestAborted).ConfigureAwait(false) is not { } layout) return ApiResults.NotFound("layout", guid);
        var tabs = (await store.GetChangesAsync(caller.Tenant, 0, http.RequestAborted).ConfigureAwait(false)).Tabs;
        if (DashboardAccess.MayChange(caller, layout, tabs) is { } forbidden) return forbidden;
        await RemoveLayoutAsync(caller.Tenant, guid, tabs, store, http.RequestAborted).ConfigureAwait(false);
        return Results.NoContent();
    }

    /// <summary>403 unless the caller may change <paramref name="layout"/> (<see cref="DashboardAccess.MayChange(PulseCaller, Layout, IEnumerable{Tab})"/>).</summary>
    private static async Task<IResult?> MayChangeAsync(PulseCaller caller, Layout layout, IMetadataStore store, CancellationToken cancellationToken)
    {
        var tabs = (await store.GetChangesAsync(caller.Tenant, 0, cancellationToken).ConfigureAwait(false)).Tabs;
        return DashboardAccess.MayChange(caller, layout, tabs);
    }

    /// <summary>Takes the layout off every tab of <paramref name="tabs"/> (the tenant's, as just read) that shows it, then deletes it.</summary>
    internal static async Task RemoveLayoutAsync(string tenant, Guid layout, IReadOnlyList<Tab> tabs, IMetadataStore store, CancellationToken cancellationToken)
    {
        foreach (var tab in tabs.Where(t => !t.Deleted && t.LayoutIds.Contains(layout)))
            await store.SaveTabAsync(tab with { LayoutIds = [.. tab.LayoutIds.Where(l => l != layout)] }, cancellationToken).ConfigureAwait(false);
        await store.DeleteLayoutAsync(tenant, layout, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IResult> SnapshotAsync(HttpContext http, string id, IMetadataStore store, IStatisticValueSource values)
    {
        var caller = PulseCaller.Of(http);
        if (!caller.CanView) return ApiResults.Forbidden(PulsePrivilege.ViewDashboard);
        if (!RequestValues.TryId(id, out var guid, out var error)) return error!;
        if (!ExportRequest.TryRead(http.Request, out var export, out var exportError)) return exportError!;
        var layout = await VisibleAsync(caller, store, guid, http.RequestAborted).ConfigureAwait(false);
        if (layout is null) return ApiResults.NotFound("layout", guid);
        var template = await store.GetTemplateAsync(caller.Tenant, layout.TemplateId, http.RequestAborted).ConfigureAwait(false);
        var formats = export.Formatted ? DisplayFormatter.ByAlias(template) : null;
        if (export.Csv) return LayoutCsv.Snapshot(layout, LayoutValues.EnumerateAsync(layout, template, caller.Permissions, values, http.RequestAborted), formats);
        var list = await LayoutValues.ReadAsync(layout, template, caller.Permissions, values, http.RequestAborted).ConfigureAwait(false);
        return ApiResults.Ok(new SnapshotBody(layout.Id, formats is null ? list
            : [.. list.Select(v => v with { Formatted = DisplayFormatter.Format(formats.GetValueOrDefault(v.Alias), v) })]));
    }

    private static async Task<IResult> HistoryAsync(HttpContext http, string id, IMetadataStore store, IStatisticValueSource values, TimeProvider time)
    {
        var caller = PulseCaller.Of(http);
        if (!caller.CanView) return ApiResults.Forbidden(PulsePrivilege.ViewDashboard);
        if (!RequestValues.TryId(id, out var guid, out var error)) return error!;
        var query = http.Request.Query;
        if (query["object"].ToString() is not { Length: > 0 } objectText || objectText.IndexOf(':', StringComparison.Ordinal) is var colon && colon <= 0
            || !Enum.TryParse<ObjectType>(objectText[..colon], ignoreCase: false, out var objectType) || !Enum.IsDefined(objectType))
            return ApiResults.BadRequest($"object: expected Type:id (e.g. Queue:q1), was '{RequestValues.Shorten(query["object"].ToString())}'");
        var objectId = objectText[(colon + 1)..];
        if (query["alias"].ToString() is not { Length: > 0 } alias) return ApiResults.BadRequest("alias: required (a statistic alias of the layout's template)");
        if (!TryResolution(query["resolution"].ToString(), values.HistoryResolutions, out var resolution, out var resolutionError)) return ApiResults.BadRequest(resolutionError!);
        if (!RequestValues.TryInstant(http.Request, "to", time.GetUtcNow(), out var to, out var toError)) return toError!;
        if (!RequestValues.TryInstant(http.Request, "from", to - TimeSpan.FromMinutes(15), out var from, out var fromError)) return fromError!;
        if (from > to) return ApiResults.BadRequest("from: must not be after to");
        if (!ExportRequest.TryRead(http.Request, out var export, out var exportError)) return exportError!;

        var layout = await VisibleAsync(caller, store, guid, http.RequestAborted).ConfigureAwait(false);
        if (layout is null) return ApiResults.NotFound("layout", guid);
        var obj = new ObjectRef(caller.Tenant, objectType, objectId);
        // An object outside the layout or the caller's access answers exactly like a missing one.
        if (!layout.Objects.Contains(new LayoutObject(objectType, objectId)) || !caller.Permissions.CanSee(obj))
            return ApiResults.Error(StatusCodes.Status404NotFound, $"no object {objectType}:{RequestValues.Shorten(objectId)} in layout {guid}");
        var template = await store.GetTemplateAsync(caller.Tenant, layout.TemplateId, http.RequestAborted).ConfigureAwait(false);
        var statistic = template?.Statistics.FirstOrDefault(s => s.Alias == alias);
        if (statistic is null) return ApiResults.BadRequest($"alias: the layout's template has no statistic '{RequestValues.Shorten(alias)}'");
        var points = statistic.Formula is null
            ? await values.GetHistoryAsync(obj, statistic.StatisticType, resolution, from, to, http.RequestAborted).ConfigureAwait(false)
            : await FormulaHistoryAsync(TemplateFormulas.For(template)!, alias, obj, values, resolution, from, to, http.RequestAborted).ConfigureAwait(false);
        if (export.Csv) return LayoutCsv.History(layout, obj, statistic, points, export.Formatted);
        return ApiResults.Ok(new HistoryBody([.. points.Select(p => new HistoryPointBody(p.Time, p.Value.Number, p.Value.State?.ToString(), p.Value.Reason, p.Value.Stale)
        {
            Media = p.Value.State is null ? null : p.Value.Media?.ToString(),
            Formatted = export.Formatted ? DisplayFormatter.Format(statistic, p.Value.Number, p.Value.State?.ToString(), p.Value.Reason, p.Value.Media?.ToString()) : null,
        })]));
    }

    /// <summary>A formula's history: no history of its values is kept, so it is computed from the histories of the statistics it reads.</summary>
    private static async Task<IReadOnlyList<StatisticHistoryPoint>> FormulaHistoryAsync(TemplateFormulas formulas, string alias, ObjectRef obj, IStatisticValueSource values,
        TimeSpan resolution, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var inputs = new Dictionary<string, IReadOnlyList<StatisticHistoryPoint>>(StringComparer.Ordinal);
        foreach (var type in formulas.InputTypesOf(alias))
            inputs[type] = await values.GetHistoryAsync(obj, type, resolution, from, to, cancellationToken).ConfigureAwait(false);
        return formulas.History(alias, obj, inputs);
    }

    /// <summary>Parses <c>250ms</c>, <c>1s</c>, <c>1m</c>, <c>1h</c> and checks it is one of the source's history tiers.</summary>
    internal static bool TryResolution(string text, IReadOnlyList<TimeSpan> tiers, out TimeSpan resolution, out string? error)
    {
        resolution = default;
        var known = tiers.Count == 0 ? "none: this service's value source keeps no history" : string.Join(", ", tiers.Select(Format));
        if (text.Length == 0)
        {
            if (tiers.Count > 0) { resolution = tiers[0]; error = null; return true; }
            error = $"resolution: the history tiers are {known}";
            return false;
        }
        var unit = text.EndsWith("ms", StringComparison.Ordinal) ? "ms" : text[^1..];
        var unitTicks = unit switch
        {
            "ms" => TimeSpan.TicksPerMillisecond,
            "s" => TimeSpan.TicksPerSecond,
            "m" => TimeSpan.TicksPerMinute,
            "h" => TimeSpan.TicksPerHour,
            _ => 0,
        };
        // Bounded before multiplying: a count past TimeSpan's range (9223372036854775807h) is just not a tier.
        long n = 0;
        var ok = unitTicks > 0 && long.TryParse(text[..^unit.Length], NumberStyles.None, CultureInfo.InvariantCulture, out n)
            && n > 0 && n <= TimeSpan.MaxValue.Ticks / unitTicks;
        resolution = ok ? TimeSpan.FromTicks(n * unitTicks) : TimeSpan.Zero;
        if (ok && tiers.Contains(resolution)) { error = null; return true; }
        error = $"resolution: '{RequestValues.Shorten(text)}' is not a history tier; the tiers are {known}";
        return false;
    }

    private static string Format(TimeSpan t) =>
        t.TotalHours >= 1 && t.Ticks % TimeSpan.TicksPerHour == 0 ? $"{t.TotalHours:0}h"
        : t.Ticks % TimeSpan.TicksPerMinute == 0 ? $"{t.TotalMinutes:0}m"
        : t.Ticks % TimeSpan.TicksPerSecond == 0 ? $"{t.TotalSeconds:0}s"
        : $"{t.TotalMilliseconds:0}ms";
}
