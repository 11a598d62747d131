using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Service.Api.Contracts;

namespace Pulse.Sdk.Service.Api;

/// <summary>
/// What a kiosk (docs/api.md, "Kiosk sessions") may call: the reads a wallboard makes of one dashboard, nothing else. The
/// dashboard rules (<see cref="DashboardAccess"/>) already narrow tabs, layouts, widgets, snapshots, history and live
/// subscriptions to its one tab; the templates and objects lists, which are the tenant's, are narrowed here to those its
/// tab's layouts show. Every other endpoint — writes, users, import and export, endpoints added later — is refused 403.
/// </summary>
internal static class KioskAccess
{
    /// <summary>The endpoints (by name) whose own rules already keep a kiosk to its tab.</summary>
    private static readonly FrozenSet<string> DashboardReads = FrozenSet.Create(StringComparer.Ordinal,
        "ListTabs", "GetTab", "ListWidgets", "GetWidget", "GetLayout", "GetLayoutSnapshot", "GetLayoutHistory", "LiveWebSocket", "LiveServerSentEvents");

    /// <summary>The endpoints whose answers are narrowed here to what the kiosk's tab shows.</summary>
    private static readonly FrozenSet<string> NarrowedReads = FrozenSet.Create(StringComparer.Ordinal, "ListTemplates", "GetTemplate", "ListObjects");

    private static string? EndpointName(HttpContext http) => http.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;

    /// <summary>403 when the endpoint is not one a kiosk may call; null when it is.</summary>
    public static IResult? Refusal(HttpContext http, KioskBinding kiosk) =>
        EndpointName(http) is { } name && (DashboardReads.Contains(name) || NarrowedReads.Contains(name))
            ? null
            : ApiResults.Error(StatusCodes.Status403Forbidden,
                $"a kiosk session may only read its dashboard (tab {kiosk.TabId}): {http.Request.Method} {RequestValues.Shorten(http.Request.Path.Value ?? "")} is not allowed");

    /// <summary>The endpoint's answer, narrowed to the templates and objects the kiosk's tab shows when it is a list of them or one template.</summary>
    public static async Task<object?> NarrowAsync(HttpContext http, PulseCaller caller, object? answer)
    {
        var name = EndpointName(http);
        if (name is null || !NarrowedReads.Contains(name) || answer is not IValueHttpResult { Value: ListBody or TemplateBody } result) return answer;
        var store = http.RequestServices.GetRequiredService<IMetadataStore>();
        var all = await store.GetChangesAsync(caller.Tenant, 0, http.RequestAborted).ConfigureAwait(false);
        var shown = all.Layouts.Where(l => !l.Deleted && DashboardAccess.Sees(caller, l, all.Tabs)).ToList();
        var templates = shown.Select(l => l.TemplateId).ToHashSet();
        var objects = shown.SelectMany(l => l.Objects).Select(o => (o.Type, o.Id)).ToHashSet();
        return result.Value switch
        {
            TemplateBody t => templates.Contains(t.Id ?? Guid.Empty) ? answer : ApiResults.NotFound("template", t.Id ?? Guid.Empty),
            ListBody list => ApiResults.Ok(list with
            {
                Items = [.. list.Items.Where(item => item switch
                {
                    TemplateBody t => templates.Contains(t.Id ?? Guid.Empty),
                    Tombstone d => templates.Contains(d.Id),
                    ObjectInfoBody o => objects.Contains((o.Type, o.Id)),
                    _ => false,
                })],
            }),
            _ => answer,
        };
    }
}
