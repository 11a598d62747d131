namespace Pulse.Topology.Tests.Support;

/// <summary>One layout per object type showing the whole standard catalogue, and reading all of their values through the REST API.</summary>
internal static class CatalogueLayouts
{
    /// <summary>A template and a layout per object type of <paramref name="reference"/>, with every statistic of the catalogue.</summary>
    public static async Task<List<Guid>> CreateAsync(PulseApiClient api, ReplayReference reference)
    {
        var layouts = new List<Guid>();
        foreach (var (type, objects, statistics) in reference.Catalogue())
        {
            var template = await api.CreateTemplateAsync("All " + type, type, statistics);
            layouts.Add(await api.CreateLayoutAsync(template, "All " + type, type, objects));
        }
        return layouts;
    }

    /// <summary>Every value of <paramref name="layouts"/> through the REST API; null when a request failed.</summary>
    public static async Task<Dictionary<string, LiveValue>?> ReadAllAsync(PulseApiClient api, List<Guid> layouts)
    {
        var all = new Dictionary<string, LiveValue>();
        foreach (var layout in layouts)
        {
            if (await api.SnapshotAsync(layout) is not { } values) return null;
            foreach (var kv in values) all[kv.Key] = kv.Value;
        }
        return all;
    }
}
