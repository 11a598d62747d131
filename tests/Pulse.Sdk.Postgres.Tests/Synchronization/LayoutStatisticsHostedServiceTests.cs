using Microsoft.Extensions.Diagnostics.HealthChecks;
using Pulse.Sdk.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Postgres.Metadata;
using Pulse.Sdk.Postgres.Synchronization;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Postgres.Tests.Synchronization;

public sealed class LayoutStatisticsHostedServiceTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    [Fact]
    public async Task The_hosted_service_opens_the_active_layouts_statistics_and_follows_changes()
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..12];
        var store = new PulseMetadataStore(database.DataSource);
        var template = await store.SaveTemplateAsync(new WidgetTemplate
        {
            Id = Guid.NewGuid(), Tenant = tenant, Name = "A", ObjectType = ObjectType.Agent,
            Statistics = StandardCatalogue.Agent.Take(3).Select(t => new TemplateStatistic(t.Name, t.Name)).ToArray(),
        });
        await store.SaveLayoutAsync(new Layout { Id = Guid.NewGuid(), Tenant = tenant, TemplateId = template.Id, Objects = [new(ObjectType.Agent, "a1")] });

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IPulseConfigurationProvider>(new StaticConfigurationProvider(new PulseConfiguration
        {
            Tenants = [new TenantConfig { Id = tenant, Agents = [new AgentConfig { Id = "a1", Dns = ["1001"] }, new AgentConfig { Id = "a2", Dns = ["1002"] }] }],
        }));
        services.AddPulse(o => o.OpenStandardCatalogue = false).AddPostgresMetadata(database.DataSource).AddLayoutDrivenStatistics(tenant);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var hosted = provider.GetServices<IHostedService>().ToArray();
        Assert.Single(hosted.OfType<LayoutStatisticsHostedService>());
        foreach (var h in hosted) await h.StartAsync(CancellationToken.None);
        try
        {
            var unit = provider.GetRequiredService<DataCollectionUnit>();
            var synchronizer = provider.GetRequiredService<LayoutStatisticsHostedService>().Synchronizer!;
            Assert.Equal(3, await unit.OpenedCountAsync(tenant)); // the layout's, not the catalogue

            var health = (LayoutSynchronizationHealth)provider.GetRequiredKeyedService<IHealthCheck>("pulse-layout-synchronization");
            Assert.Equal(0L, (await health.CheckAsync()).Data[LayoutSynchronizationHealth.PendingLayoutStatusChangesCountKey]);
            var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            // Raised when the re-plan ends: the change that caused it still counts as pending until then.
            synchronizer.Synchronized += (_, _) => { if (synchronizer.OpenRequests(tenant).Count == 6) done.TrySetResult(synchronizer.PendingLayoutChanges); };
            await store.SaveLayoutAsync(new Layout { Id = Guid.NewGuid(), Tenant = tenant, TemplateId = template.Id, Objects = [new(ObjectType.Agent, "a2")] });
            Assert.Equal(1, await done.Task.WaitAsync(TimeSpan.FromSeconds(20)));
            Assert.Equal(6, await unit.OpenedCountAsync(tenant));
            await Eventually.HoldsAsync(() => synchronizer.PendingLayoutChanges == 0, TimeSpan.FromSeconds(20));
            var detail = await health.CheckAsync();
            Assert.Equal(0L, detail.Data[LayoutSynchronizationHealth.PendingLayoutStatusChangesCountKey]);
            Assert.Equal(HealthStatus.Healthy, detail.Status);
        }
        finally
        {
            foreach (var h in hosted.Reverse()) await h.StopAsync(CancellationToken.None);
        }
    }
}
