using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Hosting.Tests.Support;

namespace Pulse.Sdk.Hosting.Tests;

public class PulseOptionsValidationTests
{
    private static async Task<OptionsValidationException> StartFailsAsync(Action<IServiceCollection> setup)
    {
        var builder = PulseHostedServiceTests.NewBuilder();
        setup(builder.Services);
        using var host = builder.Build();
        return await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
    }

    [Fact]
    public async Task Invalid_partitions_fail_the_start_with_a_message_naming_the_option()
    {
        var (sim, _) = TestData.Demo(1);
        var ex = await StartFailsAsync(s => s.AddPulse(o => o.Partitions = 0).AddConfiguration(sim.Configuration));
        Assert.Equal("PulseOptions.Partitions must be 1 to 256, was 0", ex.Message);
    }

    [Fact]
    public async Task Every_problem_is_reported()
    {
        var (sim, _) = TestData.Demo(1);
        var ex = await StartFailsAsync(s => s.AddPulse(o =>
        {
            o.Partitions = 300;
            o.FlushInterval = TimeSpan.Zero;
            o.QueueCapacity = 8;
        }).AddConfiguration(sim.Configuration));
        Assert.Equal(
            [
                "PulseOptions.Partitions must be 1 to 256, was 300",
                "PulseOptions.FlushInterval must be positive, was 00:00:00",
                "PulseOptions.QueueCapacity must be at least 16, was 8",
            ],
            ex.Failures);
    }

    [Fact]
    public async Task Missing_configuration_fails_the_start_and_says_what_to_do()
    {
        var ex = await StartFailsAsync(s => s.AddPulse());
        Assert.Equal("PulseOptions: no configuration: call AddConfiguration(...) / set ConfigurationPath / register IPulseConfigurationProvider", ex.Message);
    }

    [Fact]
    public async Task A_missing_configuration_file_is_named()
    {
        var ex = await StartFailsAsync(s => s.AddPulse(o => o.ConfigurationPath = "no-such-config.json"));
        var failure = Assert.Single(ex.Failures);
        Assert.StartsWith("PulseOptions.ConfigurationPath: file 'no-such-config.json' not found", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registered_provider_satisfies_the_configuration_check()
    {
        var (sim, _) = TestData.Demo(1);
        var builder = PulseHostedServiceTests.NewBuilder();
        builder.Services.AddSingleton<Pulse.Sdk.Configuration.IPulseConfigurationProvider>(new TrackingProvider(sim.Configuration));
        builder.Services.AddPulse(o => o.ConfigurationPath = "ignored-when-a-provider-is-registered.json");
        using var host = builder.Build();
        await host.StartAsync();
        await host.StopAsync();
    }

    [Fact]
    public async Task Without_a_host_the_unit_is_validated_when_resolved()
    {
        var (sim, _) = TestData.Demo(1);
        var services = new ServiceCollection();
        services.AddPulse(o => o.QueueCapacity = 0).AddConfiguration(sim.Configuration);
        await using var provider = services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<DataCollectionUnit>());
        Assert.Equal("PulseOptions.QueueCapacity must be at least 16, was 0", ex.Message);
    }
}
