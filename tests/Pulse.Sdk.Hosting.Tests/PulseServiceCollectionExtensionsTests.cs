using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Hosting.Tests.Support;

namespace Pulse.Sdk.Hosting.Tests;

public class PulseServiceCollectionExtensionsTests
{
    [Fact]
    public void AddPulse_twice_returns_a_builder_over_the_same_registrations()
    {
        var services = new ServiceCollection();
        var first = services.AddPulse();
        var registrations = services.ToList();
        var second = services.AddPulse();

        Assert.Same(first.Services, second.Services);
        Assert.Equal(registrations, services.ToList());
        Assert.Single(services, d => d.ServiceType == typeof(IHostedService));
        Assert.Single(services, d => d.ServiceType == typeof(DataCollectionUnit));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<PulseOptions>));
    }

    [Fact]
    public async Task AddPulse_twice_applies_both_configure_actions()
    {
        var (sim, _) = TestData.Demo(1);
        var services = new ServiceCollection();
        services.AddPulse(o => o.Partitions = 3).AddConfiguration(sim.Configuration);
        services.AddPulse(o => o.FlushInterval = TimeSpan.FromSeconds(1));
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<PulseOptions>>().Value;
        Assert.Equal(3, options.Partitions);
        Assert.Equal(TimeSpan.FromSeconds(1), options.FlushInterval);
        Assert.Equal(3, provider.GetRequiredService<DataCollectionUnit>().PartitionCount);
        Assert.Single(provider.GetServices<IHostedService>());
    }

    [Fact]
    public async Task A_registered_time_provider_is_kept()
    {
        var time = new FixedTimeProvider();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddPulse();
        await using var provider = services.BuildServiceProvider();
        Assert.Same(time, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public async Task ConfigurationPath_is_read_when_no_provider_is_registered_and_released_with_the_container()
    {
        var (sim, _) = TestData.Demo(1);
        var path = Path.Combine(Path.GetTempPath(), $"pulse-hosting-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, ConfigurationJson.Serialize(sim.Configuration));
        try
        {
            var services = new ServiceCollection();
            services.AddPulse(o => o.ConfigurationPath = path);
            await using (var provider = services.BuildServiceProvider())
            {
                var unit = provider.GetRequiredService<DataCollectionUnit>();
                Assert.Same(provider.GetRequiredService<IPulseConfigurationProvider>(), unit.Configuration);
                Assert.Equal(sim.Configuration.Tenants.Select(t => t.Id), unit.Configuration.Current.Tenants.Select(t => t.Id));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed class FixedTimeProvider : TimeProvider;

    [Fact]
    public void AddPulseRoles_registers_no_unit_and_no_hosted_service_until_AddDataCollectionUnit()
    {
        var services = new ServiceCollection();
        var builder = services.AddPulseRoles();
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(Pulse.Sdk.Engine.DataCollectionUnit));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(Microsoft.Extensions.Hosting.IHostedService));
        Assert.Contains(services, d => d.ServiceType == typeof(Pulse.Sdk.Configuration.IPulseConfigurationProvider));

        builder.AddDataCollectionUnit();
        builder.AddDataCollectionUnit();
        Assert.Single(services, d => d.ServiceType == typeof(Pulse.Sdk.Engine.DataCollectionUnit));
        Assert.Single(services, d => d.ServiceType == typeof(Microsoft.Extensions.Hosting.IHostedService));
    }
}
