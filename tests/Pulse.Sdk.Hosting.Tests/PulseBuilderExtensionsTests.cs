using Microsoft.Extensions.DependencyInjection;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Events;
using Pulse.Sdk.Hosting.Tests.Support;
using Pulse.Sdk.Simulation;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Hosting.Tests;

public class PulseBuilderExtensionsTests
{
    [Fact]
    public async Task Sinks_added_by_instance_and_by_type_receive_updates()
    {
        var (sim, events) = TestData.Demo(500);
        var sink = new CollectingSink();
        var builder = PulseHostedServiceTests.NewBuilder();
        builder.Services.AddPulse(o => o.FlushInterval = TimeSpan.FromMilliseconds(20))
            .AddConfiguration(sim.Configuration)
            .AddEventSource(new ListSource(events))
            .AddSink(sink)
            .AddSink<TypedSink>()
            .AddSink<TypedSink>();
        using var host = builder.Build();
        await host.StartAsync();

        var typed = host.Services.GetRequiredService<TypedSink>();
        Assert.Equal(2, host.Services.GetServices<IStatisticSink>().Count());
        Assert.Contains(typed, host.Services.GetServices<IStatisticSink>());
        await Eventually.WaitAsync(() => Task.FromResult(sink.Count > 0 && typed.Count > 0), done => done);
        Assert.True(sink.Count > 0);
        Assert.True(typed.Count > 0);
        await host.StopAsync();
    }

    /// <summary>
    /// Regression: when a flush ran late (the machine busy), the unit could go to sleep waiting for input only,
    /// and the values of a finished source were never sent. Many short starts make that race show.
    /// </summary>
    [Fact]
    public async Task Every_start_sends_the_values_even_when_the_source_has_finished()
    {
        var failures = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var (sim, events) = TestData.Demo(200);
            var sink = new CollectingSink();
            var builder = PulseHostedServiceTests.NewBuilder();
            builder.Services.AddPulse(o => o.FlushInterval = TimeSpan.FromMilliseconds(5))
                .AddConfiguration(sim.Configuration)
                .AddEventSource(new ListSource(events))
                .AddSink(sink);
            using var host = builder.Build();
            await host.StartAsync();
            await Eventually.WaitAsync(() => Task.FromResult(sink.Count), n => n > 0, 10);
            if (sink.Count == 0) failures.Add($"start {i}: no value reached the sink");
            await host.StopAsync();
        }
        Assert.Empty(failures);
    }

    [Fact]
    public async Task What_the_user_passes_in_is_not_disposed_by_the_host()
    {
        var (sim, events) = TestData.Demo(100);
        var provider = new TrackingProvider(sim.Configuration);
        var source = new ListSource(events);
        var builder = PulseHostedServiceTests.NewBuilder();
        builder.Services.AddPulse().AddConfiguration(provider).AddEventSource(source);
        var host = builder.Build();
        await host.StartAsync();
        var unit = host.Services.GetRequiredService<DataCollectionUnit>();
        Assert.Same(provider, unit.Configuration);
        await Eventually.WaitAsync(() => unit.CountersAsync(), c => c.Total >= events.Count);
        await host.StopAsync();
        host.Dispose();

        Assert.False(provider.Disposed);
        Assert.False(source.Disposed);
    }

    [Fact]
    public async Task A_configuration_file_added_by_the_builder_is_owned_and_disposed_by_the_container()
    {
        var (sim, _) = TestData.Demo(1);
        var path = Path.Combine(Path.GetTempPath(), $"pulse-hosting-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, ConfigurationJson.Serialize(sim.Configuration));
        try
        {
            var services = new ServiceCollection();
            services.AddPulse().AddConfiguration(sim.Configuration).AddConfigurationFile(path);
            JsonFileConfigurationProvider file;
            await using (var sp = services.BuildServiceProvider())
            {
                file = Assert.IsType<JsonFileConfigurationProvider>(sp.GetRequiredService<IPulseConfigurationProvider>());
                Assert.Same(file, sp.GetRequiredService<DataCollectionUnit>().Configuration);
                Assert.True(file.Reload());
            }
            Assert.Throws<ObjectDisposedException>(() => file.Reload());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task The_last_configuration_call_wins()
    {
        var north = SimulatorOptions.Demo with { TenantId = "north" };
        var south = SimulatorOptions.Demo with { TenantId = "south" };
        var services = new ServiceCollection();
        services.AddPulse().AddConfiguration(north.BuildConfiguration()).AddConfiguration(south.BuildConfiguration());
        await using var sp = services.BuildServiceProvider();
        Assert.Single(services, d => d.ServiceType == typeof(IPulseConfigurationProvider));
        Assert.Equal("south", Assert.Single(sp.GetRequiredService<IPulseConfigurationProvider>().Current.Tenants).Id);
    }

    [Fact]
    public async Task Sources_from_factories_and_the_simulator_are_registered()
    {
        var (sim, events) = TestData.Demo(10);
        var services = new ServiceCollection();
        services.AddPulse()
            .AddConfiguration(sim.Configuration)
            .AddEventSource(_ => new ListSource(events, "factory"))
            .AddSimulator();
        await using var sp = services.BuildServiceProvider();
        var sources = sp.GetServices<IEventSource>().ToList();
        Assert.Equal(["factory", "simulator"], sources.Select(s => s.Name));
        Assert.Equal(SimulatorOptions.Demo, Assert.IsType<ContactCenterSimulator>(sources[1]).Options);
    }

    [Fact]
    public void Invalid_simulator_options_fail_at_registration()
    {
        var builder = new ServiceCollection().AddPulse();
        var ex = Assert.Throws<ArgumentException>(() => builder.AddSimulator(SimulatorOptions.Demo with { Queues = 0 }));
        Assert.Contains("Queues", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Arguments_are_guarded()
    {
        var builder = new ServiceCollection().AddPulse();
        Assert.Throws<ArgumentNullException>(() => PulseServiceCollectionExtensions.AddPulse(null!));
        Assert.Throws<ArgumentNullException>(() => PulseBuilderExtensions.AddSink(null!, new CollectingSink()));
        Assert.Throws<ArgumentNullException>(() => builder.AddConfiguration((PulseConfiguration)null!));
        Assert.Throws<ArgumentNullException>(() => builder.AddConfiguration((IPulseConfigurationProvider)null!));
        Assert.Throws<ArgumentException>(() => builder.AddConfigurationFile(" "));
        Assert.Throws<ArgumentNullException>(() => builder.AddEventSource((IEventSource)null!));
        Assert.Throws<ArgumentNullException>(() => builder.AddEventSource((Func<IServiceProvider, IEventSource>)null!));
        Assert.Throws<ArgumentNullException>(() => builder.AddSink((IStatisticSink)null!));
        Assert.Throws<ArgumentNullException>(() => builder.AddSink((Func<IServiceProvider, IStatisticSink>)null!));
    }
}
