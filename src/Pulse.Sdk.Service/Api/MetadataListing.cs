using Microsoft.AspNetCore.Http;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Service.Api.Contracts;

namespace Pulse.Sdk.Service.Api;

/// <summary>Builds the items of a list answer: without <c>uscn</c> the live rows; after a <c>uscn</c> every visible change, deletions as tombstones.</summary>
internal static class MetadataListing
{
    /// <summary>
    /// A list answer for a view privilege: one table of the tenant's changes after the request's <c>uscn</c>, the live rows
    /// by name (without <c>uscn</c>) or every visible change in uscn order (with it).
    /// </summary>
    public static async Task<IResult> ByNameAsync<T>(HttpContext http, IMetadataStore store, Func<MetadataChanges, IReadOnlyList<T>> table,
        Func<T, string> name, Func<T, bool> deleted, Func<PulseCaller, T, bool> visible, Func<T, Guid> id, Func<T, long> uscn, Func<T, object> body)
    {
        var caller = PulseCaller.Of(http);
        if (!caller.CanView) return ApiResults.Forbidden(PulsePrivilege.ViewDashboard);
        if (!RequestValues.TryUscn(http.Request, out var since, out var error)) return error!;
        var changes = await store.GetChangesAsync(caller.Tenant, since, http.RequestAborted).ConfigureAwait(false);
        var rows = since == 0 ? table(changes).OrderBy(name, StringComparer.Ordinal).ThenBy(id) : table(changes).AsEnumerable();
        return ApiResults.Ok(new ListBody(changes.Uscn, Items(rows, since, deleted, r => visible(caller, r), id, uscn, body)));
    }

    public static List<object> Items<T>(IEnumerable<T> changed, long since, Func<T, bool> deleted, Func<T, bool> visible,
        Func<T, Guid> id, Func<T, long> uscn, Func<T, object> body)
    {
        var items = new List<object>();
        foreach (var row in changed)
        {
            if (!visible(row)) continue;
            if (!deleted(row)) items.Add(body(row));
            else if (since > 0) items.Add(new Tombstone(id(row), uscn(row)));
        }
        return items;
    }
}
