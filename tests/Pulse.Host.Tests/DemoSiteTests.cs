using Pulse.Host;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Simulation;

namespace Pulse.Host.Tests;

public class DemoSiteTests
{
    /// <summary>A host restarted on the in-memory store seeds the same dashboards under the same ids (a wall screen's address stays valid).</summary>
    [Fact]
    public async Task Seeded_dashboards_have_the_same_ids_at_every_start()
    {
        var configuration = DemoSite.WithUsers(new ContactCenterSimulator(SimulatorOptions.Demo).Configuration);
        var tenant = configuration.Tenants[0].Id;
        async Task<(List<Guid> Tabs, List<Guid> Layouts)> SeedAsync()
        {
            var store = new InMemoryMetadataStore();
            await DemoSite.SeedAsync(store, configuration);
            var tabs = new List<Guid>();
            foreach (var user in configuration.Tenants[0].Users) tabs.AddRange((await store.GetTabsAsync(tenant, user.Id)).Select(t => t.Id));
            return (tabs, [.. (await store.GetLayoutsAsync(tenant)).Select(l => l.Id).Order()]);
        }

        var first = await SeedAsync();
        var second = await SeedAsync();
        Assert.NotEmpty(first.Tabs);
        Assert.Equal(first.Tabs, second.Tabs);
        Assert.Equal(first.Layouts, second.Layouts);
        Assert.Equal(first.Layouts.Count, first.Layouts.Distinct().Count());
    }
}
