using Pulse.Sdk.Metadata;
using Pulse.Sdk.Postgres.Metadata;
using Pulse.Sdk.Postgres.Templates;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Postgres.Tests.Templates;

public sealed class TenantTemplateInstallerTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private readonly PulseMetadataStore _store = new(database.DataSource);

    private static string NewTenant() => "t" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Installs_the_six_templates_from_the_standard_catalogue()
    {
        var tenant = NewTenant();

        var result = await new TenantTemplateInstaller(_store).InstallAsync(tenant);

        Assert.Equal(StandardTemplates.Names, result.Installed);
        Assert.Equal(1, result.Uscn);
        var templates = (await _store.GetTemplatesAsync(tenant)).ToDictionary(t => t.Name);
        Assert.Equal(StandardTemplates.Names.Order(), templates.Keys.Order());
        AssertBuiltFrom(templates["Agent KPIs"], ObjectType.Agent, StandardCatalogue.Agent);
        AssertBuiltFrom(templates["Agent Group Status"], ObjectType.GroupAgents, StandardCatalogue.AgentGroup, "ReadyPct", "NotReadyPct");
        AssertBuiltFrom(templates["Queue KPIs"], ObjectType.Queue, StandardCatalogue.Queue);
        AssertBuiltFrom(templates["Virtual Queue KPIs"], ObjectType.VirtualQueue, StandardCatalogue.VirtualQueue);
        AssertBuiltFrom(templates["Interaction Queue KPIs"], ObjectType.StagingArea, StandardCatalogue.InteractionQueue);
        AssertBuiltFrom(templates["Tenant Summary"], ObjectType.Tenant, StandardCatalogue.Tenant, "AbandonedPct", "ReadyPct");
        Assert.All(templates.Values, t => Assert.False(t.UserEdited));
        Assert.All(templates.Values, t => Assert.Equal(StandardTemplates.IdFor(tenant, t.Name), t.Id));
    }

    private static void AssertBuiltFrom(WidgetTemplate template, ObjectType objectType, IReadOnlyList<StatisticType> set, params string[] formulas)
    {
        Assert.Equal(objectType, template.ObjectType);
        // The catalogue's statistics first, then the formulas over them (TemplateFormulaTests in the service tests evaluate them).
        var catalogue = template.Statistics.Take(set.Count).ToList();
        Assert.Equal(set.Select(s => s.Name), catalogue.Select(s => s.StatisticType));
        Assert.Equal(set.Select(s => s.Name), catalogue.Select(s => s.Alias));
        Assert.Equal(set.Select(s => s.Format), catalogue.Select(s => s.DisplayFormat));
        Assert.Equal(set.Select(s => s.Description), catalogue.Select(s => s.Description));
        Assert.All(catalogue, s => Assert.Null(s.Formula));
        var computed = template.Statistics.Skip(set.Count).ToList();
        Assert.Equal(formulas, computed.Select(s => s.Alias));
        Assert.All(computed, s => Assert.Equal(("", ValueFormat.Percent), (s.StatisticType, s.DisplayFormat)));
        Assert.All(computed, s => Assert.StartsWith("Result = G.Percent(Data.", s.Formula, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_second_run_writes_nothing()
    {
        var tenant = NewTenant();
        var installer = new TenantTemplateInstaller(_store);
        await installer.InstallAsync(tenant);

        var again = await installer.InstallAsync(tenant);

        Assert.Null(again.Uscn);
        Assert.Empty(again.Installed);
        Assert.Empty(again.Updated);
        Assert.Equal(StandardTemplates.Names, again.Unchanged);
        Assert.Equal(1, await _store.GetUscnAsync(tenant));
        Assert.Equal(6, (await _store.GetChangesAsync(tenant, 0)).Templates.Count);
    }

    [Fact]
    public async Task A_template_a_user_edited_or_deleted_is_kept_unless_told_to_overwrite()
    {
        var tenant = NewTenant();
        var installer = new TenantTemplateInstaller(_store);
        await installer.InstallAsync(tenant);
        var queue = (await _store.GetTemplatesAsync(tenant)).Single(t => t.Name == "Queue KPIs");
        await _store.SaveTemplateAsync(queue with { Statistics = queue.Statistics.Take(2).ToArray(), UserEdited = true });
        await _store.DeleteTemplateAsync(tenant, StandardTemplates.IdFor(tenant, "Tenant Summary"));

        var kept = await installer.InstallAsync(tenant);

        Assert.Equal(["Queue KPIs", "Tenant Summary"], kept.Skipped);
        Assert.Null(kept.Uscn);
        Assert.Equal(2, (await _store.GetTemplateAsync(tenant, queue.Id))!.Statistics.Count);
        Assert.Null(await _store.GetTemplateAsync(tenant, StandardTemplates.IdFor(tenant, "Tenant Summary")));

        var overwritten = await installer.InstallAsync(tenant, overwriteEdited: true);

        Assert.Equal(["Queue KPIs", "Tenant Summary"], overwritten.Updated);
        var restored = await _store.GetTemplateAsync(tenant, queue.Id);
        Assert.Equal(StandardCatalogue.Queue.Count, restored!.Statistics.Count);
        Assert.False(restored.UserEdited);
        Assert.NotNull(await _store.GetTemplateAsync(tenant, StandardTemplates.IdFor(tenant, "Tenant Summary")));
    }

    [Fact]
    public async Task An_outdated_template_nobody_edited_is_brought_up_to_date()
    {
        var tenant = NewTenant();
        var installer = new TenantTemplateInstaller(_store);
        await installer.InstallAsync(tenant);
        var agent = (await _store.GetTemplatesAsync(tenant)).Single(t => t.Name == "Agent KPIs");
        await _store.SaveTemplateAsync(agent with { Statistics = agent.Statistics.Skip(1).ToArray() }); // as an older release installed it

        var result = await installer.InstallAsync(tenant);

        Assert.Equal(["Agent KPIs"], result.Updated);
        Assert.Equal(StandardCatalogue.Agent.Count, (await _store.GetTemplateAsync(tenant, agent.Id))!.Statistics.Count);
    }

    [Fact]
    public async Task Two_installers_at_once_install_each_template_once()
    {
        var tenant = NewTenant();

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => new TenantTemplateInstaller(_store).InstallAsync(tenant))));

        Assert.Equal(StandardTemplates.Names.Order(), results.SelectMany(r => r.Installed).Order());
        Assert.Equal(1, await _store.GetUscnAsync(tenant));
        Assert.Equal(6, (await _store.GetTemplatesAsync(tenant)).Count);
    }

    [Fact]
    public async Task Tenants_get_templates_of_their_own()
    {
        var t1 = NewTenant();
        var t2 = NewTenant();
        var installer = new TenantTemplateInstaller(_store);
        await installer.InstallAsync(t1);

        Assert.Empty(await _store.GetTemplatesAsync(t2));
        await installer.InstallAsync(t2);
        var ids1 = (await _store.GetTemplatesAsync(t1)).Select(t => t.Id).ToHashSet();
        Assert.DoesNotContain((await _store.GetTemplatesAsync(t2)).Select(t => t.Id), ids1.Contains);
    }
}
