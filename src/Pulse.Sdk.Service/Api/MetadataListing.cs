using Microsoft.AspNetCore.Http;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Service.Api.Contracts;

namespace Pulse.Sdk.Service.Api;

/// <summary>
/// The read answers of the metadata endpoints: a list (without <c>uscn</c> the live rows; after a <c>uscn</c> every
/// visible change, deletions as tombstones) and one row by id.
/// </summary>
internal static class MetadataListing
{
    /// <summary>
    /// <c>GET .../{id}</c> for a view privilege: 403 without one, 400 for an id that is not a GUID, 404 when
    /// <paramref name="find"/> gives null (missing, or not visible to the caller), else the row's body.
    /// </summary>
    public static async Task<IResult> ByIdAsync<T, TBody>(HttpContext http, string id, string kind,
        Func<PulseCaller, Guid, CancellationToken, Task<T?>> find, Func<T, TBody> body)
        where T : class
    {
        var caller = PulseCaller.Of(http);
        if (!caller.CanView) return ApiResults.Forbidden(PulsePrivilege.ViewDashboard);
        if (!RequestValues.TryId(id, out var guid, out var error)) return error!;
        var row = await find(caller, guid, http.RequestAborted).ConfigureAwait(false);
        return row is null ? ApiResults.NotFound(kind, guid) : ApiResults.Ok(body(row));
    }

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
