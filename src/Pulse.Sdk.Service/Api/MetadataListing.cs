using Pulse.Sdk.Service.Api.Contracts;

namespace Pulse.Sdk.Service.Api;

/// <summary>Builds the items of a list answer: without <c>uscn</c> the live rows; after a <c>uscn</c> every visible change, deletions as tombstones.</summary>
internal static class MetadataListing
{
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
