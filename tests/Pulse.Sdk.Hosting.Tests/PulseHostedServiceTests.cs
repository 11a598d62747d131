using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Events;
using Pulse.Sdk.Hosting.Tests.Support;
using Pulse.Sdk.Simulation;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Hosting.Tests;

public class PulseHostedServiceTests
{
    internal static HostApplicationBuilder NewBuilder() =>
        Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });

    [Fact]
    public async Task Host_runs_a_source_into_the_unit_and_the_snapshot_shows_the_counts()
    {
        var (sim, events) = TestData.Demo();
        var builder = NewBuilder();
        builder.Services.AddPulse().AddConfiguration(sim.Configuration).AddEventSource(new ListSource(events));
        using var host = builder.Build();
        await host.StartAsync();

        var unit = host.Services.GetRequiredService<DataCollectionUnit>();
        var counters = await Eventually.WaitAsync(() => unit.CountersAsync(), c => c.Total >= events.Count);
        Assert.Equal(events.Count, counters.Applied);

        await unit.DrainAsync();
        var snapshot = await unit.SnapshotAsync();
        Assert.NotEmpty(snapshot);
        Assert.Contains(snapshot, u => u.Statistic.Type.Category is StatisticCategory.TotalNumber && u.Value.Number > 0);
        await host.StopAsync();
    }

    [Fact]
    public async Task Without_the_standard_catalogue_nothing_is_opened()
    {
        var (sim, events) = TestData.Demo(200);
        var builder = NewBuilder();
        builder.Services.AddPulse(o => o.OpenStandardCatalogue = false).AddConfiguration(sim.Configuration).AddEventSource(new ListSource(events));
        using var host = builder.Build();
        await host.StartAsync();

        var unit = host.Services.GetRequiredService<DataCollectionUnit>();
        var counters = await Eventually.WaitAsync(() => unit.CountersAsync(), c => c.Total >= events.Count);
        Assert.Equal(events.Count, counters.Applied);
        Assert.Empty(await unit.SnapshotAsync());
        await host.StopAsync();
    }

    [Fact]
    public async Task A_failing_source_is_logged_and_the_host_and_other_sources_keep_running()
    {
        var (sim, events) = TestData.Demo(1000);
        var logs = new CapturingLoggerProvider();
        var builder = NewBuilder();
        builder.Logging.AddProvider(logs);
        var broken = new ListSource(events.Where(e => e.Source == EventSourceKind.Voice).ToList(), "broken", failAfter: 10);
        var good = new ListSource(events.Where(e => e.Source != EventSourceKind.Voice).ToList(), "good");
        builder.Services.AddPulse().AddConfiguration(sim.Configuration).AddEventSource(broken).AddEventSource(good);
        using var host = builder.Build();
        await host.StartAsync();

        var unit = host.Services.GetRequiredService<DataCollectionUnit>();
        var expected = 10 + events.Count(e => e.Source != EventSourceKind.Voice);
        var counters = await Eventually.WaitAsync(() => unit.CountersAsync(), c => c.Total >= expected);
        Assert.Equal(expected, counters.Total);
        var failed = await Eventually.WaitAsync(
            () => Task.FromResult(logs.Entries.FirstOrDefault(e => e.Level == LogLevel.Error)), e => e is not null);
        Assert.NotNull(failed);
        Assert.Equal(typeof(PulseHostedService).FullName, failed.Category);
        Assert.Contains("broken", failed.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(failed.Exception);

        // Still serving.
        Assert.NotEmpty(await unit.SnapshotAsync());
        await host.StopAsync();
    }

    [Fact]
    public async Task Stopping_cancels_an_endless_simulator_promptly()
    {
        var options = SimulatorOptions.Demo with { Seed = 5 };
        var builder = NewBuilder();
        builder.Services.AddPulse().AddConfiguration(options.BuildConfiguration()).AddSimulator(options);
        using var host = builder.Build();
        await host.StartAsync();

        // At the simulated start every agent logs in: those events are due at once.
        var unit = host.Services.GetRequiredService<DataCollectionUnit>();
        var counters = await Eventually.WaitAsync(() => unit.CountersAsync(), c => c.Applied > 0);
        Assert.True(counters.Applied > 0);

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await host.StopAsync(deadline.Token);
        Assert.False(deadline.IsCancellationRequested);
    }
}
