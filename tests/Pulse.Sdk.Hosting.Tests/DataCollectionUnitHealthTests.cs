using Microsoft.Extensions.Diagnostics.HealthChecks;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Events;
using Pulse.Sdk.Simulation;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Hosting.Tests;

/// <summary>The unit's part of /health/detail: a failing sink and a stale stream make it degraded, with the reason.</summary>
public class DataCollectionUnitHealthTests
{
    private sealed class ThrowingSink : IStatisticSink
    {
        public void OnUpdates(ReadOnlySpan<StatisticUpdate> updates) => throw new IOException("disk full");
    }

    /// <summary>A voice feed that has never connected: interrupted from the start.</summary>
    private sealed class SilentVoiceFeed : IMonitoredEventSource
    {
        private readonly Channel<PulseEvent> _events = Channel.CreateUnbounded<PulseEvent>();

        public string Name => "voice";

        public IReadOnlyList<EventSourceKind> Kinds => [EventSourceKind.Voice];

        public StreamCondition Condition => StreamCondition.Interrupted;

        public event Action<StreamCondition>? ConditionChanged { add { } remove { } }

        public async IAsyncEnumerable<PulseEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var e in _events.Reader.ReadAllAsync(cancellationToken)) yield return e;
        }
    }

    [Fact]
    public async Task Healthy_then_degraded_by_a_failing_sink_and_a_stale_stream_with_the_reasons()
    {
        var sim = new ContactCenterSimulator(SimulatorOptions.Demo);
        var services = new ServiceCollection();
        services.AddSingleton<IStatisticSink, ThrowingSink>();
        services.AddPulse(o => o.StaleAfter = TimeSpan.FromMilliseconds(100)).AddConfiguration(sim.Configuration);
        await using var provider = services.BuildServiceProvider();
        var unit = provider.GetRequiredService<DataCollectionUnit>();
        var health = (DataCollectionUnitHealth)provider.GetRequiredKeyedService<Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheck>("pulse-dcu");
        Assert.Equal(HealthStatus.Healthy, (await health.CheckAsync()).Status);

        await unit.OpenStandardCatalogueAsync();
        await unit.DrainAsync(); // a flush: the sink throws
        var afterSink = await health.CheckAsync();
        Assert.Equal(HealthStatus.Degraded, afterSink.Status);
        Assert.Contains("statistic sink ThrowingSink: 1 failed flushes, last: disk full", afterSink.Description);

        using var stop = new CancellationTokenSource();
        var run = unit.RunAsync(new SilentVoiceFeed(), stop.Token);
        await Eventually.WaitAsync(() => Task.FromResult(unit.StaleStreams.Count), n => n > 0, seconds: 10);
        Assert.Contains("stale streams (their statistics show N/A): voice", (await health.CheckAsync()).Description);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }
}
