using Pulse.Sdk.Events;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Tests.Support;
using C = Pulse.Sdk.Statistics.StandardCatalogue;

namespace Pulse.Sdk.Tests.Engine;

/// <summary>
/// Hand-computed joins of one call or interaction seen on two streams, in both relative orders (docs/statistics.md,
/// "Joining the streams"). A later event applied after an earlier one is what a stream lagging beyond the reorder
/// window looks like to the engine: the clock does not go back, so it is applied at the latest time seen.
/// </summary>
public class StreamJoinTests
{
    /// <summary>c1 enters vq1 and q1 at 10 s, is diverted from both at 14 s, rings a1, answered at 18 s.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_virtual_queue_diverted_after_the_answer_still_counts_the_answer_with_its_wait(bool vqAfterAnswer)
    {
        var s = new Scenario();
        var answered = s.Open(C.Answered, ObjectType.VirtualQueue, "vq1");
        var asa = s.Open(C.Asa, ObjectType.VirtualQueue, "vq1");
        var distributed = s.Open(C.Distributed, ObjectType.VirtualQueue, "vq1");
        var waiting = s.Open(C.Waiting, ObjectType.VirtualQueue, "vq1");
        var queueAnswered = s.Open(C.Answered, ObjectType.Queue, "q1");
        s.Login(0, "a1", "5001");
        s.Send(10, PulseEventType.Queued, EventSourceKind.VoiceVq, connId: "c1", dn: "9001");
        s.Queue(10, "c1", "8001");
        if (!vqAfterAnswer) s.Send(14, PulseEventType.Diverted, EventSourceKind.VoiceVq, connId: "c1", dn: "9001", thirdPartyDn: "5001");
        s.Answer(14, 18, "c1", "8001", "a1", "5001");
        if (vqAfterAnswer) s.Send(14, PulseEventType.Diverted, EventSourceKind.VoiceVq, connId: "c1", dn: "9001", thirdPartyDn: "5001");
        s.At(20);

        Assert.Equal(1, s.Value(answered));
        Assert.Equal(8, s.Value(asa));      // 18 - 10: the wait until the answer, not until the late event
        Assert.Equal(1, s.Value(distributed));
        Assert.Equal(0, s.Value(waiting));
        Assert.Equal(1, s.Value(queueAnswered));
    }

    /// <summary>c1 waits in vq1 and q1 from 10 s; the caller hangs up at 13 s; each stream reports its abandon.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Abandons_on_both_streams_count_once_each_in_either_order(bool vqFirst)
    {
        var s = new Scenario();
        var vqAbandoned = s.Open(C.Abandoned, ObjectType.VirtualQueue, "vq1");
        var vqWaiting = s.Open(C.Waiting, ObjectType.VirtualQueue, "vq1");
        var qAbandoned = s.Open(C.Abandoned, ObjectType.Queue, "q1");
        var qShort = s.Open(C.ShortAbandoned, ObjectType.Queue, "q1");
        s.Send(10, PulseEventType.Queued, EventSourceKind.VoiceVq, connId: "c1", dn: "9001");
        s.Queue(10, "c1", "8001");
        void Vq() => s.Send(13, PulseEventType.Abandoned, EventSourceKind.VoiceVq, connId: "c1", dn: "9001");
        if (vqFirst) Vq();
        s.Send(13, PulseEventType.Abandoned, connId: "c1", dn: "8001");
        if (!vqFirst) Vq();
        s.At(20);

        Assert.Equal(1, s.Value(vqAbandoned));
        Assert.Equal(0, s.Value(vqWaiting));
        Assert.Equal(1, s.Value(qAbandoned));
        Assert.Equal(1, s.Value(qShort)); // 3 s, under q1's 5 s short-abandon threshold
    }

    /// <summary>
    /// i1 waits in iq1 from 0 s and is taken at 30 s; the Interaction Server names the agent on the taking event or only
    /// on the invitation that follows at 31 s. Distributed once, with its 30 s wait, either way.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_interaction_taken_from_a_queue_and_offered_to_an_agent_is_distributed_once(bool agentOnTaken)
    {
        var s = new Scenario();
        var distributed = s.Open(C.IxnDistributed, ObjectType.StagingArea, "iq1");
        var waiting = s.Open(C.IxnWaiting, ObjectType.StagingArea, "iq1");
        s.Send(0, PulseEventType.ReadyForMedia, EventSourceKind.Ixn, agent: "a3", dn: "5003", media: MediaType.Chat);
        s.Send(0, PulseEventType.InteractionSubmitted, EventSourceKind.Ixn, interactionId: "i1", media: MediaType.Chat);
        s.Send(0, PulseEventType.PlacedInQueue, EventSourceKind.Ixn, interactionId: "i1", queue: "iq1", media: MediaType.Chat);
        s.Send(30, PulseEventType.TakenFromQueue, EventSourceKind.Ixn, interactionId: "i1", queue: "iq1", agent: agentOnTaken ? "a3" : null, media: MediaType.Chat);
        Assert.Equal(agentOnTaken ? 1 : 0, s.Value(distributed));
        s.Send(31, PulseEventType.AgentInvited, EventSourceKind.Ixn, interactionId: "i1", agent: "a3", dn: "5003", media: MediaType.Chat);
        s.Send(33, PulseEventType.PartyAdded, EventSourceKind.Ixn, interactionId: "i1", agent: "a3", dn: "5003", media: MediaType.Chat);
        s.At(40);

        Assert.Equal(1, s.Value(distributed));
        Assert.Equal(0, s.Value(waiting));
    }

    [Fact]
    public void An_interaction_taken_without_an_agent_and_placed_in_another_queue_is_not_distributed_from_the_first()
    {
        var s = new Scenario(Scenario.DefaultTenant() with { InteractionQueues = [new() { Id = "iq1" }, new() { Id = "iq2" }] });
        var first = s.Open(C.IxnDistributed, ObjectType.StagingArea, "iq1");
        var second = s.Open(C.IxnDistributed, ObjectType.StagingArea, "iq2");
        s.Send(0, PulseEventType.InteractionSubmitted, EventSourceKind.Ixn, interactionId: "i1", media: MediaType.Chat);
        s.Send(0, PulseEventType.PlacedInQueue, EventSourceKind.Ixn, interactionId: "i1", queue: "iq1", media: MediaType.Chat);
        s.Send(10, PulseEventType.TakenFromQueue, EventSourceKind.Ixn, interactionId: "i1", queue: "iq1", media: MediaType.Chat);
        s.Send(10, PulseEventType.PlacedInQueue, EventSourceKind.Ixn, interactionId: "i1", queue: "iq2", media: MediaType.Chat);
        s.Send(25, PulseEventType.TakenFromQueue, EventSourceKind.Ixn, interactionId: "i1", queue: "iq2", media: MediaType.Chat);
        s.Send(26, PulseEventType.AgentInvited, EventSourceKind.Ixn, interactionId: "i1", agent: "a3", dn: "5003", media: MediaType.Chat);
        s.At(30);

        Assert.Equal(0, s.Value(first));
        Assert.Equal(1, s.Value(second));
    }

    /// <summary>
    /// i1 waits in iq1 (ixn stream) and in the virtual queue ivq1 (ixn-vq stream) from 0 s; at 20 s it is taken by a3 or
    /// withdrawn, each stream reporting it, in either order. Each queue counts its own; the tenant does not count the VQ.
    /// </summary>
    [Theory]
    [InlineData(true, false)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(false, true)]
    public void An_interaction_in_a_virtual_queue_is_counted_there_once_whichever_stream_reports_first(bool taken, bool vqFirst)
    {
        var s = new Scenario(Scenario.DefaultTenant() with { InteractionQueues = [new() { Id = "iq1" }, new() { Id = "ivq1", Virtual = true }] });
        var vqEntered = s.Open(C.IxnEntered, ObjectType.StagingArea, "ivq1");
        var vqWaiting = s.Open(C.IxnWaiting, ObjectType.StagingArea, "ivq1");
        var vqDistributed = s.Open(C.IxnDistributed, ObjectType.StagingArea, "ivq1");
        var vqCleared = s.Open(C.IxnCleared, ObjectType.StagingArea, "ivq1");
        var qWaiting = s.Open(C.IxnWaiting, ObjectType.StagingArea, "iq1");
        var qDistributed = s.Open(C.IxnDistributed, ObjectType.StagingArea, "iq1");
        var tenantEntered = s.Open(C.IxnEntered, ObjectType.Tenant, "t1");
        s.Send(0, PulseEventType.InteractionSubmitted, EventSourceKind.Ixn, interactionId: "i1", queue: "iq1", media: MediaType.Chat);
        s.Send(0, PulseEventType.PlacedInQueue, EventSourceKind.Ixn, interactionId: "i1", queue: "iq1", media: MediaType.Chat);
        s.Send(0, PulseEventType.PlacedInQueue, EventSourceKind.IxnVq, interactionId: "i1", queue: "ivq1", media: MediaType.Chat);
        var type = taken ? PulseEventType.TakenFromQueue : PulseEventType.ProcessingStopped;
        var agent = taken ? "a3" : null;
        void Vq() => s.Send(20, type, EventSourceKind.IxnVq, interactionId: "i1", queue: "ivq1", agent: agent, media: MediaType.Chat);
        if (vqFirst) Vq();
        s.Send(20, type, EventSourceKind.Ixn, interactionId: "i1", queue: "iq1", agent: agent, media: MediaType.Chat);
        if (!vqFirst) Vq();
        s.At(30);

        Assert.Equal(1, s.Value(vqEntered));
        Assert.Equal(0, s.Value(vqWaiting));
        Assert.Equal(0, s.Value(qWaiting));
        Assert.Equal(taken ? 1 : 0, s.Value(vqDistributed));
        Assert.Equal(taken ? 1 : 0, s.Value(qDistributed));
        Assert.Equal(taken ? 0 : 1, s.Value(vqCleared));
        Assert.Equal(1, s.Value(tenantEntered)); // the real queue's entry only
    }
}
