using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Service.Api.Contracts;

namespace Pulse.Sdk.Service.Api;

/// <summary>
/// <c>/api/wbrt/widgets</c>: layouts placed on the tabs the caller sees. Creating one creates its layout (the caller's,
/// counted against <c>max_widgets_per_user</c>) and appends it to the tab; deleting one takes it off the tabs and deletes
/// its layout. ManageWidgets; on a shared tab of another user also ManageSharedDashboards.
/// </summary>
internal static class WidgetEndpoints
{
    public static void Map(RouteGroupBuilder wbrt)
    {
        wbrt.MapGet("/widgets", ListAsync).Produces<ListBody>().WithName("ListWidgets");
        wbrt.MapPost("/widgets", CreateAsync).WithMetadata(new JsonRequestBody(typeof(NewWidgetBody))).Produces<WidgetBody>(201).WithName("CreateWidget");
        wbrt.MapGet("/widgets/{id}", GetAsync).Produces<WidgetBody>().WithName("GetWidget");
        wbrt.MapDelete("/widgets/{id}", DeleteAsync).Produces(204).WithName("DeleteWidget");
    }

    private static IEnumerable<WidgetBody> Widgets(PulseCaller caller, MetadataChanges all)
    {
        var layouts = all.Layouts.Where(l => !l.Deleted).ToDictionary(l => l.Id);
        var templates = all.Templates.Where(t => !t.Deleted).ToDictionary(t => t.Id);
        foreach (var tab in all.Tabs.Where(t => !t.Deleted && DashboardAccess.Sees(caller, t)).OrderBy(t => t.Name, StringComparer.Ordinal).ThenBy(t => t.Id))
            foreach (var id in tab.LayoutIds.Distinct())
                if (layouts.TryGetValue(id, out var layout))
                {
                    var template = templates.GetValueOrDefault(layout.TemplateId);
                    yield return new WidgetBody(id, tab.Id, id, LayoutBody.From(layout), template is null ? null : TemplateBody.From(template),
                        Math.Max(Math.Max(tab.Uscn, layout.Uscn), template?.Uscn ?? 0));
                }
    }

    private static async Task<IResult> ListAsync(HttpContext http, IMetadataStore store)
    {
        var caller = PulseCaller.Of(http);
        if (!caller.CanView) return ApiResults.Forbidden(PulsePrivilege.ViewDashboard);
        if (!RequestValues.TryUscn(http.Request, out var since, out var error)) return error!;
        var all = await store.GetChangesAsync(caller.Tenant, 0, http.RequestAborted).ConfigureAwait(false);
        var items = new List<object>(Widgets(caller, all).Where(w => w.Uscn > since));
        // A widget deleted after the client's uscn: its layout's tombstone.
        if (since > 0) items.AddRange(all.Layouts.Where(l => l.Deleted && l.Uscn > since).Select(l => new Tombstone(l.Id, l.Uscn)));
        return ApiResults.Ok(new ListBody(all.Uscn, items));
    }

    private static async Task<IResult> GetAsync(HttpContext http, string id, IMetadataStore store)
    {
        var caller = PulseCaller.Of(http);
        if (!caller.CanView) return ApiResults.Forbidden(PulsePrivilege.ViewDashboard);
        if (!RequestValues.TryId(id, out var guid, out var error)) return error!;
        var all = await store.GetChangesAsync(caller.Tenant, 0, http.RequestAborted).ConfigureAwait(false);
        var widget = Widgets(caller, all).FirstOrDefault(w => w.Id == guid);
        return widget is null ? ApiResults.NotFound("widget", guid) : ApiResults.Ok(widget);
    }

    /// <summary>Whether the caller may change <paramref name="tab"/>'s content (<see cref="DashboardAccess.MayChange(PulseCaller, bool, string?)"/>); 403 otherwise.</summary>
    internal static IResult? MayChangeContent(PulseCaller caller, Tab tab) => DashboardAccess.MayChange(caller, tab.Shared, tab.Owner);

    private static async Task<IResult> CreateAsync(HttpContext http, IMetadataStore store, IOptions<PulseServiceOptions> options, CapGate caps)
    {
        var caller = PulseCaller.Of(http);
        if (!caller.Has(PulsePrivilege.ManageWidgets)) return ApiResults.Forbidden(PulsePrivilege.ManageWidgets);
        var (body, error) = await JsonBody.ReadAsync<NewWidgetBody>(http.Request, options.Value.MaxBodyBytes).ConfigureAwait(false);
        if (body is null) return error!;
        var template = await store.GetTemplateAsync(caller.Tenant, body.TemplateId, http.RequestAborted).ConfigureAwait(false);
        if (InputRules.Layout("", body.Name, body.Objects, body.Options, template, options.Value.MaxNameLength) is { } problem) return ApiResults.BadRequest(problem);
        using var gate = await caps.EnterAsync(caller.Tenant, caller.User, http.RequestAborted).ConfigureAwait(false);
        var tab = await store.GetTabAsync(caller.Tenant, body.TabId, http.RequestAborted).ConfigureAwait(false);
        if (tab is null || !DashboardAccess.Sees(caller, tab)) return ApiResults.BadRequest($"tabId: no tab {body.TabId}");
        if (MayChangeContent(caller, tab) is { } forbidden) return forbidden;
        if (await LayoutEndpoints.WidgetCapAsync(caller, store, http.RequestAborted).ConfigureAwait(false) is { } cap) return cap;
        var layout = await store.SaveLayoutAsync(new LayoutBody
        {
            TemplateId = body.TemplateId, Name = body.Name, Objects = body.Objects, Options = body.Options,
        }.ToModel(caller.Tenant, Guid.NewGuid(), caller.User), http.RequestAborted).ConfigureAwait(false);
        tab = await store.SaveTabAsync(tab with { LayoutIds = [.. tab.LayoutIds, layout.Id] }, http.RequestAborted).ConfigureAwait(false);
        var widget = new WidgetBody(layout.Id, tab.Id, layout.Id, LayoutBody.From(layout), TemplateBody.From(template!), tab.Uscn);
        return ApiResults.Created(layout.Id, widget);
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, string id, IMetadataStore store)
    {
        var caller = PulseCaller.Of(http);
        if (!caller.Has(PulsePrivilege.ManageWidgets)) return ApiResults.Forbidden(PulsePrivilege.ManageWidgets);
        if (!RequestValues.TryId(id, out var guid, out var error)) return error!;
        var all = await store.GetChangesAsync(caller.Tenant, 0, http.RequestAborted).ConfigureAwait(false);
        var tabs = all.Tabs.Where(t => !t.Deleted && t.LayoutIds.Contains(guid) && DashboardAccess.Sees(caller, t)).ToList();
        if (tabs.Count == 0 || !all.Layouts.Any(l => l.Id == guid && !l.Deleted)) return ApiResults.NotFound("widget", guid);
        foreach (var tab in tabs)
            if (MayChangeContent(caller, tab) is { } forbidden) return forbidden;
        await LayoutEndpoints.RemoveLayoutAsync(caller.Tenant, guid, all.Tabs, store, http.RequestAborted).ConfigureAwait(false);
        return Results.NoContent();
    }
}
