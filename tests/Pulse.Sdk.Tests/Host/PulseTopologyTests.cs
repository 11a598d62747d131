using System.Net.Http;
using Pulse.Host;
using Pulse.Sdk.Events;
using Pulse.Sdk.Feed;
using Pulse.Sdk.Simulation;

namespace Pulse.Sdk.Tests.Host;

/// <summary>The host's topology on loopback: services, LDS, DCU subscriptions and the metrics endpoint, with real sockets.</summary>
public class PulseTopologyTests
{
    [Fact]
    public async Task Services_lds_and_metrics_carry_the_simulator_events()
    {
        var events = new ContactCenterSimulator(SimulatorOptions.Demo).Generate().Take(400).ToList();
        await using var topology = new PulseTopology(new ListSource(events), ServePorts.Ephemeral);
        topology.Start();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var pump = topology.PumpAsync(cts.Token);

        // A receiver of the LDS gets exactly the voice stream, in order.
        using var receiver = new FeedClient(new FeedClientOptions { Port = topology.BoundPorts["lds"], ClientId = "test", ResumeFrom = 0 });
        var expected = events.Where(e => e.Source == EventSourceKind.Voice).Select(e => e.Seq).ToList();
        var received = new List<long>();
        await foreach (var e in receiver.ReadAllAsync(cts.Token))
        {
            received.Add(e.Seq);
            if (received.Count == expected.Count) break;
        }
        Assert.Equal(expected, received);

        // The DCU's subscriptions see each service's own stream.
        var subscriptions = topology.DcuSubscriptions();
        Assert.Equal(4, subscriptions.Count);
        var ixnCount = events.Count(e => e.Source == EventSourceKind.Ixn);
        var ixn = new List<PulseEvent>();
        await foreach (var e in subscriptions[2].ReadAllAsync(cts.Token))
        {
            ixn.Add(e);
            if (ixn.Count == ixnCount) break;
        }
        Assert.All(ixn, e => Assert.Equal(EventSourceKind.Ixn, e.Source));

        // Published LDS metric names, as Prometheus text.
        using var http = new HttpClient();
        var text = await http.GetStringAsync($"http://127.0.0.1:{topology.BoundPorts["metrics"]}/metrics", cts.Token);
        Assert.Contains("pulse_lds_receivers_number{lds=\"lds\"} 1", text);
        Assert.Contains("pulse_lds_senders_number{lds=\"lds-vq\"} 1", text);
        Assert.Contains("pulse_lds_uptime_seconds{lds=\"lds\"}", text);
        Assert.Contains("pulse_lds_sender_connected_seconds{lds=\"lds\",sender=", text);
        await cts.CancelAsync();
        try { await pump; } catch (OperationCanceledException) { }
    }

    private sealed class ListSource(IReadOnlyList<PulseEvent> events) : IEventSource
    {
        public string Name => "list";

        public async IAsyncEnumerable<PulseEvent> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var e in events) yield return e;
            await Task.CompletedTask;
        }
    }
}
