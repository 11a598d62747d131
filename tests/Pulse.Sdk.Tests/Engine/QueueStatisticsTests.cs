using Pulse.Sdk.Events;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Tests.Support;
using C = Pulse.Sdk.Statistics.StandardCatalogue;

namespace Pulse.Sdk.Tests.Engine;

public class QueueStatisticsTests
{
    /// <summary>
    /// Five calls on q1 (SL threshold 20 s, short abandon 5 s):
    /// c1 waits 10 s, answered; c2 waits 30 s, answered; c3 abandons after 3 s (short);
    /// c4 abandons after 15 s (within SL, not short); c5 abandons after 40 s.
    /// </summary>
    private static (Scenario s, Func<StatisticType, double> v) FiveCalls()
    {
        var s = new Scenario();
        var opened = C.Queue.ToDictionary(t => t, t => s.Open(t, ObjectType.Queue, "q1"));
        s.Login(0, "a1", "5001");
        s.Login(0, "a2", "5002");
        s.Queue(100, "c1", "8001");
        s.Queue(100, "c2", "8001");
        s.Answer(105, 110, "c1", "8001", "a1", "5001");
        s.Answer(125, 130, "c2", "8001", "a2", "5002");
        s.Queue(200, "c3", "8001");
        s.Send(203, PulseEventType.Abandoned, connId: "c3", dn: "8001");
        s.Queue(200, "c4", "8001");
        s.Send(215, PulseEventType.Abandoned, connId: "c4", dn: "8001");
        s.Queue(200, "c5", "8001");
        s.Send(240, PulseEventType.Abandoned, connId: "c5", dn: "8001");
        s.Release(250, "c2", "a2", "5002", acwUntil: 260);   // connected 120 s, ACW 10 s
        s.Release(300, "c1", "a1", "5001", acwUntil: 330);   // connected 190 s, ACW 30 s
        s.At(400);
        return (s, t => s.Value(opened[t]));
    }

    [Fact]
    public void Counts_and_times_match_hand_computed_values()
    {
        var (_, v) = FiveCalls();
        Assert.Equal(5, v(C.Entered));
        Assert.Equal(2, v(C.Answered));
        Assert.Equal(3, v(C.Abandoned));
        Assert.Equal(1, v(C.AnsweredWithinThreshold));
        Assert.Equal(2, v(C.AbandonedWithinThreshold));
        Assert.Equal(1, v(C.ShortAbandoned));
        Assert.Equal(2, v(C.Distributed));
        Assert.Equal(20, v(C.Asa));                 // (10 + 30) / 2
        Assert.Equal(2, v(C.QueueHandled));
        Assert.Equal((190 + 30 + 120 + 10) / 2.0, v(C.QueueAht));
        Assert.Equal(0, v(C.Waiting));
        Assert.Equal(0, v(C.LongestWait));
    }

    [Fact]
    public void Service_level_variants_follow_their_definitions()
    {
        var (_, v) = FiveCalls();
        // ansW=1, abW=2, ans=2, ab=3, abShort=1, abAfter=1
        Assert.Equal(100.0 * (1 + 2) / (2 + 3), v(C.ServiceLevel1), 10);
        Assert.Equal(100.0 * 1 / 2, v(C.ServiceLevel2), 10);
        Assert.Equal(100.0 * 1 / (2 + 3), v(C.ServiceLevel3), 10);
        Assert.Equal(100.0 * 1 / (2 + 1), v(C.ServiceLevel4), 10);
        Assert.Equal(100.0 * (1 + 1) / (2 + 3), v(C.ServiceLevel5), 10);
        Assert.Equal(100.0 * (3 - 1) / (5 - 1), v(C.AbandonRate), 10);
    }

    [Fact]
    public void Percentiles_of_wait_and_handle_time()
    {
        var (_, v) = FiveCalls();
        Assert.Equal(10, v(C.WaitP50));             // waits 10, 30: nearest rank ⌈0.5 · 2⌉ = 1
        Assert.Equal(30, v(C.WaitP90));             // rank ⌈0.9 · 2⌉ = 2
        Assert.Equal(120, v(C.HandleP50));          // connected 120 (c2), 190 (c1): rank 1
        Assert.Equal(190, v(C.HandleP90));          // rank 2
    }

    [Fact]
    public void Waiting_and_longest_wait_follow_the_queue()
    {
        var s = new Scenario();
        var waiting = s.Open(C.Waiting, ObjectType.Queue, "q1");
        var longest = s.Open(C.LongestWait, ObjectType.Queue, "q1");
        var tenantWaiting = s.Open(C.Waiting, ObjectType.Tenant, "t1");
        var groupLongest = s.Open(C.LongestWait, ObjectType.GroupQueues, "qg1");
        var tenantLongest = s.Open(C.LongestWait, ObjectType.Tenant, "t1");
        s.Login(0, "a1", "5001"); // an agent in progress must not confuse the tenant's scan of waiting calls
        s.Queue(10, "c1", "8001");
        s.Queue(20, "c2", "8001");
        s.Queue(25, "c3", "8002");
        s.At(30);
        Assert.Equal(2, s.Value(waiting));
        Assert.Equal(20, s.Value(longest));
        Assert.Equal(3, s.Value(tenantWaiting));
        Assert.Equal(20, s.Value(groupLongest));
        Assert.Equal(20, s.Value(tenantLongest));
        s.Send(31, PulseEventType.Abandoned, connId: "c1", dn: "8001");
        s.At(40);
        Assert.Equal(1, s.Value(waiting));
        Assert.Equal(20, s.Value(longest));
        Assert.Equal(2, s.Value(tenantWaiting));
    }

    [Fact]
    public void Virtual_queue_and_acd_queue_count_the_same_call_separately()
    {
        var s = new Scenario();
        var vqEntered = s.Open(C.Entered, ObjectType.VirtualQueue, "vq1");
        var vqAnswered = s.Open(C.Answered, ObjectType.VirtualQueue, "vq1");
        var vqAsa = s.Open(C.Asa, ObjectType.VirtualQueue, "vq1");
        var tenantEntered = s.Open(C.Entered, ObjectType.Tenant, "t1");
        s.Login(0, "a1", "5001");
        s.Send(10, PulseEventType.Queued, EventSourceKind.VoiceVq, connId: "c1", dn: "9001");
        s.Queue(10, "c1", "8001");
        s.Send(14, PulseEventType.Diverted, EventSourceKind.VoiceVq, connId: "c1", dn: "9001", thirdPartyDn: "5001");
        s.Answer(14, 18, "c1", "8001", "a1", "5001");
        s.At(20);
        Assert.Equal(1, s.Value(vqEntered));
        Assert.Equal(1, s.Value(vqAnswered));
        Assert.Equal(8, s.Value(vqAsa));
        Assert.Equal(1, s.Value(tenantEntered)); // the VQ does not add to tenant totals
    }

    [Fact]
    public void Abandon_while_ringing_counts_for_the_queue_and_the_agent()
    {
        var s = new Scenario();
        var abandoned = s.Open(C.Abandoned, ObjectType.Queue, "q1");
        var fromRinging = s.Open(new StatisticType { Name = "AbRing", Category = StatisticCategory.TotalNumber, MainMask = ActionMask.Of(StatAction.CallAbandonedFromRinging) }, ObjectType.Agent, "a1");
        var state = s.Open(C.CurrentState, ObjectType.Agent, "a1");
        s.Login(0, "a1", "5001");
        s.Queue(10, "c1", "8001");
        s.Send(12, PulseEventType.Diverted, connId: "c1", dn: "8001", thirdPartyDn: "5001");
        s.Send(12, PulseEventType.Ringing, connId: "c1", dn: "5001", agent: "a1");
        Assert.Equal(AgentStatus.CallRinging, s.Engine.Read(state).State);
        s.Send(16, PulseEventType.Abandoned, connId: "c1", dn: "5001", agent: "a1");
        Assert.Equal(1, s.Value(abandoned));
        Assert.Equal(1, s.Value(fromRinging));
        Assert.Equal(AgentStatus.WaitForNextCall, s.Engine.Read(state).State);
    }
}
