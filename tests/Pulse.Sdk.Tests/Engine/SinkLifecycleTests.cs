using Pulse.Sdk.Configuration;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Events;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Tests.Support;
using C = Pulse.Sdk.Statistics.StandardCatalogue;

namespace Pulse.Sdk.Tests.Engine;

/// <summary>
/// The sink contract's lifecycle (docs/architecture.md, "Sinks"): the engine tells its sinks which statistics closed, the
/// unit asks them to flush when drained and shuts them down once when it stops, and a sink that throws from any of these
/// is isolated like one that throws from <see cref="IStatisticSink.OnUpdates"/>.
/// </summary>
public class SinkLifecycleTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    private static PulseEvent Queued(long seq, string conn) => new()
    {
        Seq = seq, Time = Scenario.T0.AddSeconds(seq), Tenant = "t1", Source = EventSourceKind.Voice, Type = PulseEventType.Queued,
        ConnId = conn, Dn = "8001", CallType = CallType.Inbound,
    };

    private static async Task RunAsync(DataCollectionUnit unit, params PulseEvent[] events)
    {
        var source = new ChannelEventSource("voice", EventSourceKind.Voice);
        foreach (var e in events) source.Events.Writer.TryWrite(e);
        source.Events.Writer.Complete();
        await unit.RunAsync(source).WaitAsync(Limit);
        await unit.DrainAsync().WaitAsync(Limit);
    }

    private static DataCollectionUnit Unit(params IStatisticSink[] sinks) =>
        new(new StaticConfigurationProvider(new PulseConfiguration { Tenants = [Scenario.DefaultTenant()] }),
            new DataCollectionUnitOptions { Clock = PulseClock.Events }, sinks);

    [Fact]
    public void A_closed_statistic_is_told_at_the_next_flush_before_the_values_of_the_one_opened_in_its_place()
    {
        var s = new Scenario();
        var sink = new LifecycleSink();
        s.Engine.AddSink(sink);
        var first = s.Open(C.Entered, ObjectType.Queue, "q1");
        var shared = s.Open(C.Entered, ObjectType.Queue, "q1");
        s.Engine.Flush();

        s.Engine.Close(shared);
        s.Engine.Flush();
        Assert.Empty(sink.Closed); // another opener keeps it open

        s.Queue(10, "c1", "8001");
        s.Engine.Close(first);
        var again = s.Open(C.Entered, ObjectType.Queue, "q1");
        var before = sink.Calls.Count;
        s.Engine.Flush();

        var (closed, at) = Assert.Single(sink.Closed);
        Assert.Same(first, closed);
        Assert.Equal("Entered", closed.Type.Name);
        Assert.Equal(s.Obj(ObjectType.Queue, "q1"), closed.Object);
        Assert.Equal(s.Start.AddSeconds(10), at);
        Assert.Equal(["closed", "updates"], sink.Calls.Skip(before));
        Assert.Single(sink.Updates, u => ReferenceEquals(u.Statistic, again));
        Assert.Single(sink.Updates, u => ReferenceEquals(u.Statistic, first)); // its first value only: the call came after it was closed
    }

    [Fact]
    public async Task A_statistic_closed_in_a_unit_is_told_to_the_sinks_and_gets_no_more_values()
    {
        var sink = new LifecycleSink();
        await using var unit = Unit(sink);
        var q1 = new ObjectRef("t1", ObjectType.Queue, "q1");
        var entered = await unit.OpenAsync(new StatisticRequest(C.Entered, q1)).WaitAsync(Limit);
        var waiting = await unit.OpenAsync(new StatisticRequest(C.Waiting, q1)).WaitAsync(Limit);
        await RunAsync(unit, Queued(1, "c1"));
        Assert.Contains(sink.Updates, u => ReferenceEquals(u.Statistic, entered) && u.Value.Number == 1);

        await unit.CloseAsync(entered).WaitAsync(Limit);
        await unit.DrainAsync().WaitAsync(Limit);
        var (closed, _) = Assert.Single(sink.Closed);
        Assert.Same(entered, closed);
        Assert.Equal(q1, closed.Object);

        var seen = sink.Updates.Count(u => ReferenceEquals(u.Statistic, entered));
        await RunAsync(unit, Queued(2, "c2"));
        Assert.Contains(sink.Updates, u => ReferenceEquals(u.Statistic, waiting) && u.Value.Number == 2); // the engine went on
        Assert.Equal(seen, sink.Updates.Count(u => ReferenceEquals(u.Statistic, entered)));
    }

    [Fact]
    public async Task A_stopping_unit_shuts_each_sink_down_once_after_the_last_values()
    {
        var sink = new LifecycleSink();
        var unit = new DataCollectionUnit(new StaticConfigurationProvider(new PulseConfiguration { Tenants = [Scenario.DefaultTenant()] }),
            new DataCollectionUnitOptions { Clock = PulseClock.Events, ObjectPartitions = new ObjectPartitioning(2, [0, 1]) }, [sink]);
        var entered = await unit.OpenAsync(new StatisticRequest(C.Entered, new ObjectRef("t1", ObjectType.Queue, "q1"))).WaitAsync(Limit);
        var source = new ChannelEventSource("voice", EventSourceKind.Voice);
        source.Events.Writer.TryWrite(Queued(1, "c1"));
        source.Events.Writer.TryWrite(Queued(2, "c2"));
        source.Events.Writer.Complete();
        await unit.RunAsync(source).WaitAsync(Limit);

        await unit.DisposeAsync();
        await unit.DisposeAsync();

        var calls = sink.Calls;
        Assert.Equal("shutdown", calls[^1]);
        Assert.Equal(1, calls.Count(c => c == "shutdown"));
        Assert.Equal(2, sink.Updates.Last(u => ReferenceEquals(u.Statistic, entered)).Value.Number); // delivered before the shutdown
    }

    [Fact]
    public async Task A_sink_that_throws_from_the_lifecycle_calls_is_counted_and_the_other_sinks_and_the_unit_go_on()
    {
        var throwing = new LifecycleSink(throwFromLifecycle: true);
        var other = new LifecycleSink();
        var failures = 0;
        var unit = Unit(throwing, other);
        unit.SinkFailed += (_, _) => Interlocked.Increment(ref failures);
        var q1 = new ObjectRef("t1", ObjectType.Queue, "q1");
        var entered = await unit.OpenAsync(new StatisticRequest(C.Entered, q1)).WaitAsync(Limit);
        var waiting = await unit.OpenAsync(new StatisticRequest(C.Waiting, q1)).WaitAsync(Limit);
        await RunAsync(unit, Queued(1, "c1"));                   // ForceFlush throws
        await unit.CloseAsync(entered).WaitAsync(Limit);
        await RunAsync(unit, Queued(2, "c2"));                   // OnClosed and ForceFlush throw
        await unit.DisposeAsync();                               // Shutdown throws

        Assert.Equal(4, failures);
        var status = Assert.Single(unit.SinkFailures);
        Assert.Equal(new SinkStatus(nameof(LifecycleSink), 4, false, "Shutdown failed"), status);
        foreach (var sink in new[] { throwing, other })
        {
            Assert.Equal(2, sink.Updates.Last(u => ReferenceEquals(u.Statistic, waiting)).Value.Number);
            Assert.Equal(["flush", "closed", "flush", "shutdown"], sink.Calls.Where(c => c != "updates"));
        }
    }
}
