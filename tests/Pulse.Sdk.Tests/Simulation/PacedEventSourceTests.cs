using Pulse.Sdk.Events;
using Pulse.Sdk.Simulation;
using Pulse.Sdk.Tests.Support;

namespace Pulse.Sdk.Tests.Simulation;

public class PacedEventSourceTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    private static PulseEvent At(double seconds, long seq) => new()
    {
        Seq = seq, Time = Start.AddSeconds(seconds), Tenant = "demo", Source = EventSourceKind.Voice, Type = PulseEventType.AgentReady, Dn = "1001", Agent = "a1",
    };

    [Fact]
    public async Task Delivers_due_events_at_once_and_waits_for_the_others_on_the_clock()
    {
        var wall = new CountingTimeProvider(Start.AddSeconds(5));
        var source = new PacedEventSource("test", [At(1, 1), At(5, 2), At(8, 3)], wall);
        var received = new List<long>();
        var read = Task.Run(async () =>
        {
            await foreach (var e in source.ReadAllAsync()) lock (received) received.Add(e.Seq);
        });

        await wall.WaitForScheduledTimerAsync().WaitAsync(TimeSpan.FromSeconds(10));
        lock (received) Assert.Equal([1L, 2L], received);
        wall.Advance(TimeSpan.FromSeconds(3));
        await read.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([1L, 2L, 3L], received);
    }

    [Fact]
    public async Task Until_ends_the_sequence_before_the_first_event_at_or_after_it()
    {
        var source = new PacedEventSource("test", [At(1, 1), At(2, 2), At(3, 3)], new FakeTimeProvider(Start.AddHours(1))) { Until = Start.AddSeconds(2) };
        var seqs = new List<long>();
        await foreach (var e in source.ReadAllAsync()) seqs.Add(e.Seq);
        Assert.Equal([1L], seqs);
    }

    [Fact]
    public async Task Two_copies_of_a_simulator_on_anchored_clocks_deliver_the_same_events_by_the_same_instant()
    {
        // Two "processes" started 4 s of wall time apart, both anchored at the simulator's start.
        var options = SimulatorOptions.Demo with { Start = Start, Seed = 3 };
        var wall = new FakeTimeProvider(Start.AddSeconds(1));
        var first = ScaledTimeProvider.AnchoredAt(wall, Start, 60);
        wall.Advance(TimeSpan.FromSeconds(4));
        var second = ScaledTimeProvider.AnchoredAt(wall, Start, 60);

        async Task<List<PulseEvent>> ReadDue(TimeProvider clock)
        {
            var until = clock.GetUtcNow();
            var source = new PacedEventSource("sim", new ContactCenterSimulator(options).Generate(), clock) { Until = until };
            var list = new List<PulseEvent>();
            await foreach (var e in source.ReadAllAsync()) list.Add(e);
            return list;
        }

        var a = await ReadDue(first);
        var b = await ReadDue(second);
        Assert.NotEmpty(a);
        Assert.Equal(a.Select(e => (e.Source, e.Seq, e.Time)), b.Select(e => (e.Source, e.Seq, e.Time)));
        Assert.All(a, e => Assert.True(e.Time < Start.AddSeconds(5 * 60)));
    }
}
