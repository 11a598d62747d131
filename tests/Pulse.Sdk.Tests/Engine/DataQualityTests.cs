using Pulse.Sdk.Configuration;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Events;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Tests.Support;
using C = Pulse.Sdk.Statistics.StandardCatalogue;

namespace Pulse.Sdk.Tests.Engine;

/// <summary>Stale values (docs/statistics.md, "Data quality"): which statistics a stream feeds, when they are sent, and what marks them.</summary>
public class DataQualityTests
{
    [Fact]
    public void A_stale_stream_marks_the_statistics_it_feeds_and_they_are_sent_again_when_it_changes()
    {
        var s = new Scenario();
        var sink = new RecordingSink();
        s.Engine.AddSink(sink);
        var queue = s.Open(C.Entered, ObjectType.Queue, "q1");
        var vq = s.Open(C.Entered, ObjectType.VirtualQueue, "vq1");
        var agentState = s.Open(C.CurrentState, ObjectType.Agent, "a1");
        var tenant = s.Open(C.Entered, ObjectType.Tenant, "t1");
        var ixnQueue = s.Open(C.IxnEntered, ObjectType.StagingArea, "iq1");
        s.Queue(10, "c1", "8001");
        s.Engine.Flush();
        sink.Clear();

        s.Engine.SetStale(EventSourceKind.Voice, true);
        Assert.True(s.Engine.Read(queue).Stale);
        Assert.Equal(1, s.Engine.Read(queue).Number); // the last number is kept
        Assert.True(s.Engine.Read(agentState).Stale);
        Assert.True(s.Engine.Read(tenant).Stale);
        Assert.False(s.Engine.Read(vq).Stale);
        Assert.False(s.Engine.Read(ixnQueue).Stale);
        s.Engine.Flush();
        // Sent although no number changed; the virtual queue and the interaction queue were not touched.
        Assert.Equal([queue, agentState, tenant], sink.Updates.Select(u => u.Statistic).OrderBy(x => x.Id));
        Assert.All(sink.Updates, u => Assert.True(u.Value.Stale));
        sink.Clear();
        Assert.Equal(0, s.Engine.Flush());

        s.Engine.SetStale(EventSourceKind.Voice, false);
        s.Engine.Flush();
        Assert.Equal([queue, agentState, tenant], sink.Updates.Select(u => u.Statistic).OrderBy(x => x.Id));
        Assert.All(sink.Updates, u => Assert.False(u.Value.Stale));
    }

    [Fact]
    public void A_virtual_interaction_queue_reads_the_interaction_vq_stream()
    {
        var s = new Scenario(Scenario.DefaultTenant() with { InteractionQueues = [new() { Id = "iq1" }, new() { Id = "ivq1", Virtual = true }] });
        var real = s.Open(C.IxnEntered, ObjectType.StagingArea, "iq1");
        var virtualQueue = s.Open(C.IxnEntered, ObjectType.StagingArea, "ivq1");
        s.Engine.SetStale(EventSourceKind.IxnVq, true);
        Assert.False(s.Engine.Read(real).Stale);
        Assert.True(s.Engine.Read(virtualQueue).Stale);
    }

    /// <summary>The latest value each statistic was sent with.</summary>
    private sealed class LatestValues : IStatisticSink
    {
        private readonly Dictionary<string, StatisticValue> _values = [];

        public void OnUpdates(ReadOnlySpan<StatisticUpdate> updates)
        {
            lock (_values)
                foreach (var u in updates) _values[$"{u.Statistic.Object.Type}:{u.Statistic.Object.Id}/{u.Statistic.Type.Name}"] = u.Value;
        }

        public StatisticValue this[string key]
        {
            get { lock (_values) return _values[key]; }
        }
    }

    [Fact]
    public async Task A_unit_marks_a_disconnected_stream_stale_after_the_grace_period_and_a_lost_one_at_once()
    {
        var time = new FakeTimeProvider(TestTime.Start);
        var config = new PulseConfiguration { Tenants = [Scenario.DefaultTenant()] };
        var sink = new LatestValues();
        await using var unit = new DataCollectionUnit(new StaticConfigurationProvider(config),
            new DataCollectionUnitOptions { TimeProvider = time, StaleAfter = TimeSpan.FromSeconds(5) }, [sink]);
        await unit.OpenStandardCatalogueAsync();
        var voice = new ChannelEventSource("voice", EventSourceKind.Voice);
        var voiceVq = new ChannelEventSource("voice-vq", EventSourceKind.VoiceVq);
        _ = unit.RunAsync(voice);
        _ = unit.RunAsync(voiceVq);
        voice.Set(StreamCondition.Current);
        voiceVq.Set(StreamCondition.Current);
        time.Advance(TimeSpan.FromSeconds(1));
        await unit.DrainAsync();
        Assert.False(sink["Queue:q1/Entered"].Stale);

        // Disconnected: not stale within the grace period...
        voice.Set(StreamCondition.Interrupted);
        time.Advance(TimeSpan.FromSeconds(4.9));
        await unit.DrainAsync();
        Assert.Empty(unit.StaleStreams);
        Assert.False(sink["Queue:q1/Entered"].Stale);
        // ...stale after it: the voice stream's statistics, not the virtual queues'.
        time.Advance(TimeSpan.FromSeconds(0.2));
        await unit.DrainAsync();
        Assert.Equal([EventSourceKind.Voice], unit.StaleStreams);
        Assert.True(sink["Queue:q1/Entered"].Stale);
        Assert.True(sink["Agent:a1/CurrentState"].Stale);
        Assert.False(sink["VirtualQueue:vq1/Entered"].Stale);

        // Caught up again: current.
        voice.Set(StreamCondition.Current);
        await unit.DrainAsync();
        Assert.Empty(unit.StaleStreams);
        Assert.False(sink["Queue:q1/Entered"].Stale);

        // A short interruption that ends within the grace period marks nothing; lost events mark at once.
        voiceVq.Set(StreamCondition.Interrupted);
        time.Advance(TimeSpan.FromSeconds(2));
        voiceVq.Set(StreamCondition.Current);
        time.Advance(TimeSpan.FromSeconds(10));
        await unit.DrainAsync();
        Assert.False(sink["VirtualQueue:vq1/Entered"].Stale);
        voiceVq.Set(StreamCondition.EventsLost);
        await unit.DrainAsync();
        Assert.True(sink["VirtualQueue:vq1/Entered"].Stale);
        Assert.False(sink["Queue:q1/Entered"].Stale);
        voice.Events.Writer.Complete();
        voiceVq.Events.Writer.Complete();
    }
}
