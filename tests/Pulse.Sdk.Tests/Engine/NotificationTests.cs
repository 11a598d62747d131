using Pulse.Sdk.Events;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Tests.Support;
using C = Pulse.Sdk.Statistics.StandardCatalogue;

namespace Pulse.Sdk.Tests.Engine;

/// <summary>Notification modes (docs/statistics.md §5): values reach sinks only at <c>Flush</c>.</summary>
public class NotificationTests
{
    private static (Scenario S, RecordingSink Sink) New(DateTimeOffset? start = null)
    {
        var s = new Scenario(start: start);
        var sink = new RecordingSink();
        s.Engine.AddSink(sink);
        return (s, sink);
    }

    [Fact]
    public void Sinks_receive_nothing_between_flushes()
    {
        var (s, sink) = New();
        var entered = s.Open(C.Entered, ObjectType.Queue, "q1");
        var waiting = s.Open(C.Waiting, ObjectType.Queue, "q1", NotificationMode.TimeBased(TimeSpan.FromSeconds(1)));
        s.Queue(10, "c1", "8001");
        Assert.Equal(1, s.Value(entered));
        Assert.Equal(1, s.Value(waiting));
        _ = s.Engine.Snapshot().ToList();
        s.At(20);
        Assert.Equal(0, sink.Calls);
        var n = s.Engine.Flush();
        Assert.Equal(2, n);
        Assert.Equal(1, sink.Calls);
        Assert.Equal(1, Assert.Single(sink.For(entered)).Value.Number);
        Assert.Equal(1, Assert.Single(sink.For(waiting)).Value.Number);
        Assert.Equal(s.Start.AddSeconds(20), sink.Updates[0].Time);
    }

    [Fact]
    public void ChangesBased_sends_the_first_value_then_changes_of_touched_objects_only()
    {
        var (s, sink) = New();
        var q1 = s.Open(C.Entered, ObjectType.Queue, "q1");
        var q2 = s.Open(C.Entered, ObjectType.Queue, "q2");
        var q1Longest = s.Open(C.LongestWait, ObjectType.Queue, "q1");
        var none = s.Open(C.Entered, ObjectType.Queue, "q1", NotificationMode.None);
        s.Engine.Flush();
        Assert.Equal(3, sink.Updates.Count);              // first values: q1 Entered, q2 Entered, q1 LongestWait
        Assert.Empty(sink.For(none));
        sink.Clear();

        s.At(5);
        Assert.Equal(0, s.Engine.Flush());               // nothing touched
        Assert.Equal(0, sink.Calls);

        s.Queue(10, "c1", "8001");
        s.At(15);
        s.Engine.Flush();
        Assert.Equal(1, Assert.Single(sink.For(q1)).Value.Number);
        Assert.Empty(sink.For(q2));                       // q2 untouched
        Assert.Equal(5, Assert.Single(sink.For(q1Longest)).Value.Number);
        Assert.Empty(sink.For(none));
        sink.Clear();

        s.At(30);
        s.Engine.Flush();                                 // the longest wait moved with time only: not re-sent
        Assert.Empty(sink.Updates);
        Assert.Equal(20, s.Value(q1Longest));
    }

    [Fact]
    public void ChangesBased_applies_the_insensitivity_against_the_last_sent_value()
    {
        var (s, sink) = New();
        var entered = s.Open(C.Entered, ObjectType.Queue, "q1", NotificationMode.ChangesBased(2));
        var sent = new List<double>();
        s.Engine.Flush();
        sent.AddRange(sink.For(entered).Select(u => u.Value.Number));
        for (var i = 1; i <= 7; i++)
        {
            sink.Clear();
            s.Queue(i, $"c{i}", "8001");
            s.Engine.Flush();
            sent.AddRange(sink.For(entered).Select(u => u.Value.Number));
        }
        // 0 first; then only when |value - last sent| > 2: 3 (|3-0|), 6 (|6-3|); 7 is within 2 of 6.
        Assert.Equal(new[] { 0.0, 3.0, 6.0 }, sent);
    }

    [Fact]
    public void A_state_or_reason_change_is_always_sent_whatever_the_insensitivity()
    {
        var (s, sink) = New();
        var state = s.Open(C.CurrentState, ObjectType.Agent, "a1", NotificationMode.ChangesBased(1e9));
        s.Engine.Flush();
        sink.Clear();
        s.Login(10, "a1", "5001");
        s.Engine.Flush();
        Assert.Equal(AgentStatus.WaitForNextCall, Assert.Single(sink.For(state)).Value.State);
        sink.Clear();
        s.Send(20, PulseEventType.AgentNotReady, agent: "a1", dn: "5001", reason: "Lunch");
        s.Engine.Flush();
        Assert.Equal("Lunch", Assert.Single(sink.For(state)).Value.Reason);
        sink.Clear();
        s.Send(30, PulseEventType.AgentStateReasonChanged, agent: "a1", dn: "5001", reason: "Meeting");
        s.Engine.Flush();
        Assert.Equal("Meeting", Assert.Single(sink.For(state)).Value.Reason);
        sink.Clear();
        s.At(100);
        s.Engine.Flush();
        Assert.Empty(sink.Updates);
    }

    [Fact]
    public void TimeBased_sends_once_at_the_first_flush_at_or_after_each_interval()
    {
        var (s, sink) = New();
        var entered = s.Open(C.Entered, ObjectType.Queue, "q1", NotificationMode.TimeBased(TimeSpan.FromSeconds(10)));
        var sentAt = new List<double>();
        foreach (var t in new[] { 0, 5, 9.999, 10, 12, 19, 20, 45, 49, 50, 50, 61 })
        {
            if (t == 12) s.Queue(12, "c1", "8001");       // an event does not make a TimeBased statistic send early
            s.At(t);
            s.Engine.Flush();
            foreach (var u in sink.For(entered)) sentAt.Add((u.Time - s.Start).TotalSeconds);
            sink.Clear();
        }
        // Due at 10, 20, 30 (late: sent at 45, once), then 50, 60 (sent at 61).
        Assert.Equal(new[] { 10.0, 20, 45, 50, 61 }, sentAt);
        s.At(70);
        s.Engine.Flush();
        Assert.Equal(1, Assert.Single(sink.For(entered)).Value.Number);
    }

    [Fact]
    public void ResetBased_values_are_delivered_at_flush_not_while_applying_an_event()
    {
        var start = new DateTimeOffset(2026, 11, 26, 23, 59, 0, TimeSpan.Zero);
        var (s, sink) = New(start);
        var entered = s.Open(C.Entered, ObjectType.Queue, "q1", NotificationMode.ResetBased);
        s.Queue(10, "c1", "8001");
        s.Queue(70, "c2", "8001");                       // 00:00:10: the engine processes the midnight reset first
        Assert.Equal(1, s.Value(entered));
        Assert.Equal(0, sink.Calls);                     // docs §5: values reach sinks at engine.Flush()
        s.Engine.Flush();
        var u = Assert.Single(sink.For(entered));
        Assert.Equal(1, u.Value.Number);
        Assert.Equal(start.AddMinutes(1), u.Time);
    }

    [Fact]
    public void ResetBased_values_are_delivered_at_flush_not_while_reading()
    {
        var start = new DateTimeOffset(2026, 11, 26, 23, 59, 0, TimeSpan.Zero);
        var (s, sink) = New(start);
        var entered = s.Open(C.Entered, ObjectType.Queue, "q1", NotificationMode.ResetBased);
        s.Queue(10, "c1", "8001");
        s.At(70);
        Assert.Equal(0, s.Value(entered));
        Assert.Equal(0, sink.Calls);
        s.Engine.Flush();
        Assert.Equal(1, Assert.Single(sink.For(entered)).Value.Number);
    }

    [Fact]
    public void ResetBased_formula_of_growing_components_is_sent_at_the_reset()
    {
        var start = new DateTimeOffset(2026, 11, 26, 23, 59, 0, TimeSpan.Zero);
        var (s, sink) = New(start);
        var sl = s.Open(C.ServiceLevel2, ObjectType.Queue, "q1", NotificationMode.ResetBased);
        s.Login(0, "a1", "5001");
        s.Queue(1, "c1", "8001");
        s.Answer(6, 6, "c1", "8001", "a1", "5001");       // answered in 5 s: within the 20 s threshold
        s.At(61);
        s.Engine.Flush();
        Assert.Equal(100, Assert.Single(sink.For(sl)).Value.Number);
    }

    [Fact]
    public void Closed_statistics_are_not_sent()
    {
        var (s, sink) = New();
        var entered = s.Open(C.Entered, ObjectType.Queue, "q1");
        var timed = s.Open(C.Waiting, ObjectType.Queue, "q1", NotificationMode.TimeBased(TimeSpan.FromSeconds(1)));
        s.Engine.Flush();
        sink.Clear();
        s.Engine.Close(entered);
        s.Engine.Close(timed);
        s.Queue(10, "c1", "8001");
        s.Engine.Flush();
        Assert.Empty(sink.Updates);
        Assert.Throws<InvalidOperationException>(() => s.Engine.Read(entered));
    }

    [Fact]
    public void Every_sink_receives_the_same_updates()
    {
        var (s, sink) = New();
        var other = new RecordingSink();
        s.Engine.AddSink(other);
        s.Open(C.Entered, ObjectType.Queue, "q1");
        s.Queue(1, "c1", "8001");
        s.Engine.Flush();
        Assert.Equal(sink.Updates, other.Updates);
        Assert.Single(other.Updates);
    }

    [Fact]
    public void Flush_counts_the_reset_based_values_it_sends()
    {
        var start = new DateTimeOffset(2026, 11, 26, 23, 59, 0, TimeSpan.Zero);
        var (s, sink) = New(start);
        s.Open(C.Entered, ObjectType.Queue, "q1", NotificationMode.ResetBased);
        s.Open(C.Waiting, ObjectType.Queue, "q2");
        s.Engine.Flush();
        sink.Clear();
        s.At(61);
        var n = s.Engine.Flush();
        Assert.Single(sink.Updates);
        Assert.Equal(sink.Updates.Count, n);    // "returns how many were sent"
    }
}
