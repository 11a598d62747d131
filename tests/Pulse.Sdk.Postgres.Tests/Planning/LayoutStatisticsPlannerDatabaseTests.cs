using Pulse.Sdk.Metadata;
using Pulse.Sdk.Postgres.Metadata;
using Pulse.Sdk.Postgres.Planning;
using Pulse.Sdk.Postgres.Templates;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Postgres.Tests.Planning;

public sealed class LayoutStatisticsPlannerDatabaseTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    [Fact]
    public async Task Plans_from_the_stored_active_layouts_of_a_tenant()
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..12];
        var store = new PulseMetadataStore(database.DataSource);
        await new TenantTemplateInstaller(store).InstallAsync(tenant);
        var groups = StandardTemplates.IdFor(tenant, "Agent Group Status");
        await store.SaveLayoutAsync(new Layout { Id = Guid.NewGuid(), Tenant = tenant, TemplateId = groups, Objects = [new(ObjectType.GroupAgents, "Sales")] });
        await store.SaveLayoutAsync(new Layout { Id = Guid.NewGuid(), Tenant = tenant, TemplateId = groups, Objects = [new(ObjectType.GroupAgents, "Ops")], Active = false });
        await store.SaveLayoutAsync(new Layout { Id = Guid.NewGuid(), Tenant = "other" + tenant, TemplateId = groups, Objects = [new(ObjectType.GroupAgents, "X")] });

        var plan = await new LayoutStatisticsPlanner().PlanAsync(store, tenant);

        Assert.Empty(plan.Problems);
        Assert.Equal(StandardCatalogue.AgentGroup.Count, plan.Requests.Count);
        Assert.All(plan.Requests, r => Assert.Equal(new ObjectRef(tenant, ObjectType.GroupAgents, "Sales"), r.Object));
    }
}
