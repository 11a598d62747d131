using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Service.Api.Contracts;

namespace Pulse.Sdk.Service.Api;

/// <summary>
/// <c>GET /api/wbrt/export</c> and <c>POST /api/wbrt/import</c> (ManageTemplates): the tenant's templates, layouts and tabs
/// with their ids. Import checks everything first and writes nothing when one item is wrong; then it writes templates,
/// layouts, tabs (each an upsert by id, in the caller's tenant whatever the file says).
/// </summary>
internal static class TransferEndpoints
{
    public static void Map(RouteGroupBuilder wbrt)
    {
        wbrt.MapGet("/export", ExportAsync).Produces<TransferBody>().WithName("Export");
        wbrt.MapPost("/import", ImportAsync).WithMetadata(new JsonRequestBody(typeof(TransferBody))).Produces<ImportResultBody>().WithName("Import");
    }

    private static async Task<IResult> ExportAsync(HttpContext http, IMetadataStore store)
    {
        var caller = PulseCaller.Of(http);
        if (!caller.Has(PulsePrivilege.ManageTemplates)) return ApiResults.Forbidden(PulsePrivilege.ManageTemplates);
        var all = await store.GetChangesAsync(caller.Tenant, 0, http.RequestAborted).ConfigureAwait(false);
        return ApiResults.Ok(new TransferBody
        {
            Templates = [.. all.Templates.Where(t => !t.Deleted).OrderBy(t => t.Id).Select(TemplateBody.From)],
            Layouts = [.. all.Layouts.Where(l => !l.Deleted).OrderBy(l => l.Id).Select(LayoutBody.From)],
            Tabs = [.. all.Tabs.Where(t => !t.Deleted).OrderBy(t => t.Id).Select(TabBody.From)],
            Uscn = all.Uscn,
        });
    }

    private static async Task<IResult> ImportAsync(HttpContext http, IMetadataStore store, IOptions<PulseServiceOptions> options)
    {
        var caller = PulseCaller.Of(http);
        if (!caller.Has(PulsePrivilege.ManageTemplates)) return ApiResults.Forbidden(PulsePrivilege.ManageTemplates);
        var (body, error) = await JsonBody.ReadAsync<TransferBody>(http.Request, options.Value.MaxBodyBytes).ConfigureAwait(false);
        if (body is null) return error!;
        var max = options.Value.MaxNameLength;
        var existing = await store.GetChangesAsync(caller.Tenant, 0, http.RequestAborted).ConfigureAwait(false);
        var templates = existing.Templates.Where(t => !t.Deleted).ToDictionary(t => t.Id);
        var layouts = existing.Layouts.Where(l => !l.Deleted).Select(l => l.Id).ToHashSet();

        var newTemplates = new List<WidgetTemplate>();
        for (var i = 0; i < body.Templates.Count; i++)
        {
            var t = body.Templates[i];
            if (t.Id is not { } id) return ApiResults.BadRequest($"templates[{i}].id: required in an import");
            if (InputRules.Template(t, max) is { } p) return ApiResults.BadRequest($"templates[{i}].{p}");
            var model = t.ToModel(caller.Tenant, id, t.UserEdited ?? false);
            templates[id] = model;
            newTemplates.Add(model);
        }
        var newLayouts = new List<Layout>();
        for (var i = 0; i < body.Layouts.Count; i++)
        {
            var l = body.Layouts[i];
            if (l.Id is not { } id) return ApiResults.BadRequest($"layouts[{i}].id: required in an import");
            if (InputRules.Layout($"layouts[{i}].", l.Name, l.Objects, l.Options, templates.GetValueOrDefault(l.TemplateId), max) is { } p) return ApiResults.BadRequest(p);
            if (InputRules.Name($"layouts[{i}].owner", l.Owner, max, required: false) is { } o) return ApiResults.BadRequest(o);
            newLayouts.Add(l.ToModel(caller.Tenant, id, l.Owner));
            layouts.Add(id);
        }
        var newTabs = new List<Tab>();
        for (var i = 0; i < body.Tabs.Count; i++)
        {
            var t = body.Tabs[i];
            if (t.Id is not { } id) return ApiResults.BadRequest($"tabs[{i}].id: required in an import");
            if ((InputRules.Name($"tabs[{i}].name", t.Name, max) ?? InputRules.Name($"tabs[{i}].owner", t.Owner, max, required: false)) is { } p) return ApiResults.BadRequest(p);
            for (var j = 0; j < t.LayoutIds.Count; j++)
                if (!layouts.Contains(t.LayoutIds[j])) return ApiResults.BadRequest($"tabs[{i}].layoutIds[{j}]: no layout {t.LayoutIds[j]} in the import or the tenant");
            newTabs.Add(t.ToModel(caller.Tenant, id, t.Owner ?? caller.User));
        }

        foreach (var t in newTemplates) await store.SaveTemplateAsync(t, http.RequestAborted).ConfigureAwait(false);
        foreach (var l in newLayouts) await store.SaveLayoutAsync(l, http.RequestAborted).ConfigureAwait(false);
        foreach (var t in newTabs) await store.SaveTabAsync(t, http.RequestAborted).ConfigureAwait(false);
        var uscn = await store.GetUscnAsync(caller.Tenant, http.RequestAborted).ConfigureAwait(false);
        return ApiResults.Ok(new ImportResultBody(newTemplates.Count, newLayouts.Count, newTabs.Count, uscn));
    }
}
