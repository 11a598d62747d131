using System.Threading.Channels;
using Pulse.Sdk.Events;
using Pulse.Sdk.Simulation;

namespace Pulse.Benchmarks.Feed;

/// <summary>The feed benchmarks' upstream: events the benchmark publishes by hand (<see cref="Channel"/>), read by a feed server.</summary>
internal sealed class FeedBenchmarkSource : IEventSource
{
    public Channel<PulseEvent> Channel { get; } = System.Threading.Channels.Channel.CreateUnbounded<PulseEvent>();

    public string Name => "bench";

    /// <summary>The first <paramref name="count"/> events of the same simulator day every time (seed 7, several tenants' streams).</summary>
    public static List<PulseEvent> SimulatorEvents(int count) =>
        new ContactCenterSimulator(new SimulatorOptions { Seed = 7, Agents = 60, CallsPerHourPerQueue = 3000 }).Generate().Take(count).ToList();

    public IAsyncEnumerable<PulseEvent> ReadAllAsync(CancellationToken cancellationToken = default) => Channel.Reader.ReadAllAsync(cancellationToken);
}
