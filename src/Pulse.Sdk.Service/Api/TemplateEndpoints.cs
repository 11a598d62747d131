using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Service.Api.Contracts;

namespace Pulse.Sdk.Service.Api;

/// <summary><c>/api/wbrt/templates</c>: read with a view privilege, change with ManageTemplates.</summary>
internal static class TemplateEndpoints
{
    public static void Map(RouteGroupBuilder wbrt)
    {
        wbrt.MapGet("/templates", ListAsync).Produces<ListBody>().WithName("ListTemplates");
        wbrt.MapPost("/templates", CreateAsync).WithMetadata(new JsonRequestBody(typeof(TemplateBody))).Produces<TemplateBody>(201).WithName("CreateTemplate");
        wbrt.MapGet("/templates/{id}", GetAsync).Produces<TemplateBody>().WithName("GetTemplate");
        wbrt.MapPut("/templates/{id}", UpdateAsync).WithMetadata(new JsonRequestBody(typeof(TemplateBody))).Produces<TemplateBody>().WithName("UpdateTemplate");
        wbrt.MapDelete("/templates/{id}", DeleteAsync).Produces(204).WithName("DeleteTemplate");
    }

    private static Task<IResult> ListAsync(HttpContext http, IMetadataStore store) =>
        MetadataListing.ByNameAsync(http, store, c => c.Templates, t => t.Name, t => t.Deleted, (_, _) => true, t => t.Id, t => t.Uscn, t => TemplateBody.From(t));

    private static Task<IResult> GetAsync(HttpContext http, string id, IMetadataStore store) =>
        MetadataListing.ByIdAsync(http, id, "template", (caller, guid, ct) => store.GetTemplateAsync(caller.Tenant, guid, ct), TemplateBody.From);

    private static async Task<IResult> CreateAsync(HttpContext http, IMetadataStore store, IOptions<PulseServiceOptions> options)
    {
        var caller = PulseCaller.Of(http);
        if (!caller.Has(PulsePrivilege.ManageTemplates)) return ApiResults.Forbidden(PulsePrivilege.ManageTemplates);
        var (body, error) = await JsonBody.ReadAsync<TemplateBody>(http.Request, options.Value.MaxBodyBytes).ConfigureAwait(false);
        if (body is null) return error!;
        if (InputRules.Template(body, options.Value.MaxNameLength) is { } problem) return ApiResults.BadRequest(problem);
        var id = body.Id ?? Guid.NewGuid();
        if (body.Id is not null && await store.GetTemplateAsync(caller.Tenant, id, http.RequestAborted).ConfigureAwait(false) is not null)
            return ApiResults.IdTaken("template", id);
        var saved = await store.SaveTemplateAsync(body.ToModel(caller.Tenant, id, userEdited: true), http.RequestAborted).ConfigureAwait(false);
        return ApiResults.Created(id, TemplateBody.From(saved));
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, string id, IMetadataStore store, IOptions<PulseServiceOptions> options)
    {
        var caller = PulseCaller.Of(http);
        if (!caller.Has(PulsePrivilege.ManageTemplates)) return ApiResults.Forbidden(PulsePrivilege.ManageTemplates);
        if (!RequestValues.TryId(id, out var guid, out var idError)) return idError!;
        var (body, error) = await JsonBody.ReadAsync<TemplateBody>(http.Request, options.Value.MaxBodyBytes).ConfigureAwait(false);
        if (body is null) return error!;
        if ((InputRules.Id("id", body.Id, guid) ?? InputRules.Template(body, options.Value.MaxNameLength)) is { } problem) return ApiResults.BadRequest(problem);
        if (await store.GetTemplateAsync(caller.Tenant, guid, http.RequestAborted).ConfigureAwait(false) is null) return ApiResults.NotFound("template", guid);
        var saved = await store.SaveTemplateAsync(body.ToModel(caller.Tenant, guid, userEdited: true), http.RequestAborted).ConfigureAwait(false);
        return ApiResults.Ok(TemplateBody.From(saved));
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, string id, IMetadataStore store)
    {
        var caller = PulseCaller.Of(http);
        if (!caller.Has(PulsePrivilege.ManageTemplates)) return ApiResults.Forbidden(PulsePrivilege.ManageTemplates);
        if (!RequestValues.TryId(id, out var guid, out var error)) return error!;
        return await store.DeleteTemplateAsync(caller.Tenant, guid, http.RequestAborted).ConfigureAwait(false)
            ? Results.NoContent() : ApiResults.NotFound("template", guid);
    }
}
