using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Service.Api.Contracts;

namespace Pulse.Sdk.Service.Api;

/// <summary>
/// <c>/api/wbrt/tabs</c>: the caller's own tabs and the shared ones. Own tabs take ManageTabs (and count against
/// <c>max_tabs_per_user</c>); making or changing a shared tab takes ManageSharedDashboards. Deleting a tab keeps its layouts.
/// </summary>
internal static class TabEndpoints
{
    public static void Map(RouteGroupBuilder wbrt)
    {
        wbrt.MapGet("/tabs", ListAsync).Produces<ListBody>().WithName("ListTabs");
        wbrt.MapPost("/tabs", CreateAsync).WithMetadata(new JsonRequestBody(typeof(TabBody))).Produces<TabBody>(201).WithName("CreateTab");
        wbrt.MapGet("/tabs/{id}", GetAsync).Produces<TabBody>().WithName("GetTab");
        wbrt.MapPut("/tabs/{id}", UpdateAsync).WithMetadata(new JsonRequestBody(typeof(TabBody))).Produces<TabBody>().WithName("UpdateTab");
        wbrt.MapDelete("/tabs/{id}", DeleteAsync).Produces(204).WithName("DeleteTab");
    }

    private static Task<IResult> ListAsync(HttpContext http, IMetadataStore store) =>
        MetadataListing.ByNameAsync(http, store, c => c.Tabs, t => t.Name, t => t.Deleted, DashboardAccess.Sees, t => t.Id, t => t.Uscn, t => TabBody.From(t));

    private static async Task<Tab?> VisibleAsync(PulseCaller caller, IMetadataStore store, Guid id, CancellationToken cancellationToken)
    {
        var tab = await store.GetTabAsync(caller.Tenant, id, cancellationToken).ConfigureAwait(false);
        return tab is not null && DashboardAccess.Sees(caller, tab) ? tab : null;
    }

    private static Task<IResult> GetAsync(HttpContext http, string id, IMetadataStore store) =>
        MetadataListing.ByIdAsync(http, id, "tab", (caller, guid, ct) => VisibleAsync(caller, store, guid, ct), TabBody.From);

    /// <summary>
    /// Why <paramref name="ids"/> cannot be the tab's layouts: too many, or one the caller does not see (answered as a
    /// missing one, so a tab cannot reveal nor, once shared, publish another user's private widget). Layouts already on
    /// the tab (<paramref name="alreadyOn"/>) may stay.
    /// </summary>
    private static async Task<string?> LayoutIdsProblemAsync(PulseCaller caller, IMetadataStore store, IReadOnlyList<Guid> ids, IReadOnlyList<Guid>? alreadyOn,
        CancellationToken cancellationToken)
    {
        if (ids.Count > 500) return "layoutIds: at most 500 layouts";
        if (ids.Count == 0) return null;
        var all = await store.GetChangesAsync(caller.Tenant, 0, cancellationToken).ConfigureAwait(false);
        var visible = all.Layouts.Where(l => !l.Deleted && DashboardAccess.Sees(caller, l, all.Tabs)).Select(l => l.Id).ToHashSet();
        var live = all.Layouts.Where(l => !l.Deleted).Select(l => l.Id).ToHashSet();
        for (var i = 0; i < ids.Count; i++)
            if (!visible.Contains(ids[i]) && !(alreadyOn?.Contains(ids[i]) == true && live.Contains(ids[i]))) return $"layoutIds[{i}]: no layout {ids[i]}";
        return null;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, IMetadataStore store, IOptions<PulseServiceOptions> options, CapGate caps)
    {
        var caller = PulseCaller.Of(http);
        if (!caller.Has(PulsePrivilege.ManageTabs)) return ApiResults.Forbidden(PulsePrivilege.ManageTabs);
        var (body, error) = await JsonBody.ReadAsync<TabBody>(http.Request, options.Value.MaxBodyBytes).ConfigureAwait(false);
        if (body is null) return error!;
        if (body.Shared && !caller.Has(PulsePrivilege.ManageSharedDashboards)) return ApiResults.Forbidden(PulsePrivilege.ManageSharedDashboards);
        if ((InputRules.Name("name", body.Name, options.Value.MaxNameLength)
             ?? await LayoutIdsProblemAsync(caller, store, body.LayoutIds, null, http.RequestAborted).ConfigureAwait(false)) is { } problem)
            return ApiResults.BadRequest(problem);
        var id = body.Id ?? Guid.NewGuid();
        using var gate = await caps.EnterAsync(caller.Tenant, caller.User, http.RequestAborted).ConfigureAwait(false);
        if (body.Id is not null && await store.GetTabAsync(caller.Tenant, id, http.RequestAborted).ConfigureAwait(false) is not null)
            return ApiResults.IdTaken("tab", id);
        if (!caller.Has(PulsePrivilege.AddDashboardsWithoutLimit) && caller.Permissions.MaxTabs != int.MaxValue)
        {
            var owned = (await store.GetTabsAsync(caller.Tenant, caller.User, http.RequestAborted).ConfigureAwait(false)).Count;
            if (owned >= caller.Permissions.MaxTabs)
                return ApiResults.Conflict($"max_tabs_per_user: {caller.User} has {owned} tabs and may have at most {caller.Permissions.MaxTabs}");
        }
        var saved = await store.SaveTabAsync(body.ToModel(caller.Tenant, id, caller.User), http.RequestAborted).ConfigureAwait(false);
        return ApiResults.Created(id, TabBody.From(saved));
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, string id, IMetadataStore store, IOptions<PulseServiceOptions> options)
    {
        var caller = PulseCaller.Of(http);
        if (!caller.Has(PulsePrivilege.ManageTabs)) return ApiResults.Forbidden(PulsePrivilege.ManageTabs);
        if (!RequestValues.TryId(id, out var guid, out var idError)) return idError!;
        var (body, error) = await JsonBody.ReadAsync<TabBody>(http.Request, options.Value.MaxBodyBytes).ConfigureAwait(false);
        if (body is null) return error!;
        if ((InputRules.Id("id", body.Id, guid) ?? InputRules.Name("name", body.Name, options.Value.MaxNameLength)) is { } problem) return ApiResults.BadRequest(problem);
        var existing = await VisibleAsync(caller, store, guid, http.RequestAborted).ConfigureAwait(false);
        if (existing is null) return ApiResults.NotFound("tab", guid);
        if (DashboardAccess.MayChange(caller, existing.Shared || body.Shared, existing.Owner) is { } forbidden) return forbidden;
        if (await LayoutIdsProblemAsync(caller, store, body.LayoutIds, existing.LayoutIds, http.RequestAborted).ConfigureAwait(false) is { } layoutProblem) return ApiResults.BadRequest(layoutProblem);
        var saved = await store.SaveTabAsync(body.ToModel(caller.Tenant, guid, existing.Owner), http.RequestAborted).ConfigureAwait(false);
        return ApiResults.Ok(TabBody.From(saved));
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, string id, IMetadataStore store)
    {
        var caller = PulseCaller.Of(http);
        if (!caller.Has(PulsePrivilege.ManageTabs)) return ApiResults.Forbidden(PulsePrivilege.ManageTabs);
        if (!RequestValues.TryId(id, out var guid, out var error)) return error!;
        var existing = await VisibleAsync(caller, store, guid, http.RequestAborted).ConfigureAwait(false);
        if (existing is null) return ApiResults.NotFound("tab", guid);
        if (DashboardAccess.MayChange(caller, existing.Shared, existing.Owner) is { } forbidden) return forbidden;
        await store.DeleteTabAsync(caller.Tenant, guid, http.RequestAborted).ConfigureAwait(false);
        return Results.NoContent();
    }
}
