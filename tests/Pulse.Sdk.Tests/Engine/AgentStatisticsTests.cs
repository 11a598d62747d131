using Pulse.Sdk.Events;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Tests.Support;
using C = Pulse.Sdk.Statistics.StandardCatalogue;

namespace Pulse.Sdk.Tests.Engine;

/// <summary>
/// A hand-computed agent day (seconds after 09:00 UTC, Growing from midnight UTC).
/// <code>
/// a1 (5001, group g1):
///   100 login + ready
///   200 call c1 queued on q1 (8001); 210 diverted, ringing at 5001; 215 established (inbound)
///   300 held; 330 retrieved; 400 released, after-call work until 460, then ready
///   500 not ready "Lunch" (AuxWork); 650 reason changed to "Training"; 800 logout
/// a2 (5002, group g1):
///   120 login + ready; 250 dialling c2; 260 established (outbound); 320 released (no ACW, stays ready)
///   600 not ready "Break"; 700 logout
/// </code>
/// a1 state timeline: 100 Ready, 210 Ringing, 215 Inbound, 300 OnHold, 330 Inbound, 400 ACW, 460 Ready,
/// 500 NotReady(Lunch), 650 NotReady(Training), 800 LoggedOut.
/// a2 state timeline: 120 Ready, 250 Dialing, 260 Outbound, 320 Ready, 600 NotReady(Break), 700 LoggedOut.
/// </summary>
public class AgentStatisticsTests
{
    private sealed class Day
    {
        public required Scenario S { get; init; }
        public required Dictionary<string, OpenedStatistic> A1 { get; init; }
        public required Dictionary<string, OpenedStatistic> G1 { get; init; }
        public required Dictionary<string, OpenedStatistic> Tenant { get; init; }
        public required Dictionary<string, OpenedStatistic> Q1 { get; init; }
        public OpenedStatistic A1Reasons { get; init; } = null!;
    }

    private static Day NewDay()
    {
        var s = new Scenario();
        var day = new Day
        {
            S = s,
            A1 = C.Agent.ToDictionary(t => t.Name, t => s.Open(t, ObjectType.Agent, "a1")),
            G1 = C.AgentGroup.ToDictionary(t => t.Name, t => s.Open(t, ObjectType.GroupAgents, "g1")),
            Tenant = C.Tenant.Concat([C.AcwTime, C.HandledConnectedTime]).ToDictionary(t => t.Name + (t == C.AcwTime ? "(agent)" : ""), t => s.Open(t, ObjectType.Tenant, "t1")),
            Q1 = C.Queue.ToDictionary(t => t.Name, t => s.Open(t, ObjectType.Queue, "q1")),
            A1Reasons = s.Open(new StatisticType { Name = "Reasons", Category = StatisticCategory.CurrentStateReasons }, ObjectType.Agent, "a1"),
        };
        return day;
    }

    /// <summary>Plays the day up to (and including) events at <paramref name="until"/> seconds, then moves the clock there.</summary>
    private static void PlayUntil(Scenario s, double from, double until)
    {
        var steps = new (double T, Action Do)[]
        {
            (100, () => s.Login(100, "a1", "5001")),
            (120, () => s.Login(120, "a2", "5002")),
            (200, () => s.Queue(200, "c1", "8001")),
            (210, () =>
            {
                s.Send(210, PulseEventType.Diverted, connId: "c1", dn: "8001", thirdPartyDn: "5001");
                s.Send(210, PulseEventType.Ringing, connId: "c1", dn: "5001", agent: "a1");
            }),
            (215, () => s.Send(215, PulseEventType.Established, connId: "c1", dn: "5001", agent: "a1", callType: CallType.Inbound)),
            (250, () => s.Send(250, PulseEventType.Dialing, connId: "c2", dn: "5002", agent: "a2")),
            (260, () => s.Send(260, PulseEventType.Established, connId: "c2", dn: "5002", agent: "a2", callType: CallType.Outbound)),
            (300, () => s.Send(300, PulseEventType.Held, connId: "c1", dn: "5001", agent: "a1")),
            (320, () => s.Send(320, PulseEventType.Released, connId: "c2", dn: "5002", agent: "a2")),
            (330, () => s.Send(330, PulseEventType.Retrieved, connId: "c1", dn: "5001", agent: "a1")),
            (400, () =>
            {
                s.Send(400, PulseEventType.Released, connId: "c1", dn: "5001", agent: "a1");
                s.Send(400, PulseEventType.AgentNotReady, agent: "a1", dn: "5001", workMode: WorkMode.AfterCallWork);
            }),
            (460, () => s.Send(460, PulseEventType.AgentReady, agent: "a1", dn: "5001")),
            (500, () => s.Send(500, PulseEventType.AgentNotReady, agent: "a1", dn: "5001", workMode: WorkMode.AuxWork, reason: "Lunch")),
            (600, () => s.Send(600, PulseEventType.AgentNotReady, agent: "a2", dn: "5002", workMode: WorkMode.AuxWork, reason: "Break")),
            (650, () => s.Send(650, PulseEventType.AgentStateReasonChanged, agent: "a1", dn: "5001", reason: "Training")),
            (700, () => s.Send(700, PulseEventType.AgentLogout, agent: "a2", dn: "5002")),
            (800, () => s.Send(800, PulseEventType.AgentLogout, agent: "a1", dn: "5001")),
        };
        foreach (var (t, act) in steps)
            if (t > from && t <= until) act();
        s.At(until);
    }

    private static (AgentStatus? State, string? Reason, double Seconds) State(Day d)
    {
        var v = d.S.Engine.Read(d.A1["CurrentState"]);
        return (v.State, v.Reason, v.Number);
    }

    [Fact]
    public void Current_state_reason_and_duration_follow_the_status_priority()
    {
        var d = NewDay();
        var soft = new SoftAssert();
        var expectations = new (double At, AgentStatus State, string? Reason, double Seconds)[]
        {
            (50, AgentStatus.LoggedOut, null, 50),              // configured at 0, never logged in
            (150, AgentStatus.WaitForNextCall, null, 50),
            (212, AgentStatus.CallRinging, null, 2),
            (250, AgentStatus.CallInbound, null, 35),
            (310, AgentStatus.CallOnHold, null, 10),            // a held connected call shows CallOnHold
            (350, AgentStatus.CallInbound, null, 20),
            (420, AgentStatus.AfterCallWork, null, 20),
            (480, AgentStatus.WaitForNextCall, null, 20),
            (600, AgentStatus.NotReadyForNextCall, "Lunch", 100),
            (700, AgentStatus.NotReadyForNextCall, "Training", 50), // the duration restarts when the reason changes
            (900, AgentStatus.LoggedOut, null, 100),
        };
        var last = 0.0;
        foreach (var (at, state, reason, seconds) in expectations)
        {
            PlayUntil(d.S, last, at);
            last = at;
            var (st, r, sec) = State(d);
            soft.Equal(state, st, $"t={at} state");
            soft.Equal(reason, r, $"t={at} reason");
            soft.Equal(seconds, sec, $"t={at} seconds in state");
            var reasons = d.S.Engine.Read(d.A1Reasons);
            soft.Equal(reason ?? "", reasons.Reason, $"t={at} CurrentStateReasons");
        }
        soft.Verify();
    }

    [Fact]
    public void Current_state_has_the_media_of_the_occurrence_that_gives_it_and_none_when_logged_out()
    {
        var d = NewDay();
        var soft = new SoftAssert();
        var expectations = new (double At, AgentStatus State, MediaType? Media)[]
        {
            (50, AgentStatus.LoggedOut, null),
            (150, AgentStatus.WaitForNextCall, MediaType.Voice), // the voice readiness
            (250, AgentStatus.CallInbound, MediaType.Voice),      // the voice call
            (600, AgentStatus.NotReadyForNextCall, MediaType.Voice),
            (900, AgentStatus.LoggedOut, null),
        };
        var last = 0.0;
        foreach (var (at, state, media) in expectations)
        {
            PlayUntil(d.S, last, at);
            last = at;
            var v = d.S.Engine.Read(d.A1["CurrentState"]);
            soft.Equal(state, v.State, $"t={at} state");
            soft.Equal(media, v.Media, $"t={at} media");
            soft.Equal<MediaType?>(null, d.S.Engine.Read(d.A1Reasons).Media, $"t={at} CurrentStateReasons has no media");
        }
        soft.Verify();
    }

    [Fact]
    public void Every_agent_catalogue_entry_matches_the_hand_computed_day()
    {
        var d = NewDay();
        var soft = new SoftAssert();
        // The expected values must cover the whole agent catalogue.
        var expectedAt350 = new Dictionary<string, double>
        {
            // at 350: logged in since 100; ReadyTime counts the state WaitForNextCall (100-210: the call's
            // states outrank the readiness); connected since 215 (in progress), one hold 300-330 completed.
            ["LoginTime"] = 250,
            ["ReadyTime"] = 110,
            ["NotReadyTime"] = 0,
            ["AfterCallWorkTime"] = 0,
            ["TalkTime"] = 135 - 30,
            ["HoldTime"] = 30,
            ["Handled"] = 0,
            ["AHT"] = 0,
            // docs/statistics.md, "Standard catalogue": occupancy = contact time incl. ACW / (that + ready IDLE time);
            // ready idle = time in state WaitForNextCall = 100-210 = 110.
            ["Occupancy"] = 100.0 * 135 / (135 + 110),
        };
        var expectedAt1000 = new Dictionary<string, double>
        {
            ["LoginTime"] = 700,                 // 100-800
            ["ReadyTime"] = 110 + 40,            // state WaitForNextCall: 100-210, 460-500
            ["NotReadyTime"] = 300,              // 500-800 (the reason change does not split it)
            ["AfterCallWorkTime"] = 60,          // 400-460
            ["TalkTime"] = 185 - 30,             // connected 215-400 minus hold 300-330
            ["HoldTime"] = 30,
            ["Handled"] = 1,
            ["AHT"] = (185 + 60) / 1.0,
            ["Occupancy"] = 100.0 * (185 + 60) / (185 + 60 + 150), // ready idle: 100-210 and 460-500
        };
        Assert.Equal(C.Agent.Select(t => t.Name).Where(n => n != "CurrentState").Order(), expectedAt1000.Keys.Order());

        PlayUntil(d.S, 0, 350);
        foreach (var (name, v) in expectedAt350) soft.Equal(v, d.S.Value(d.A1[name]), $"t=350 a1 {name}");
        PlayUntil(d.S, 350, 1000);
        foreach (var (name, v) in expectedAt1000) soft.Equal(v, d.S.Value(d.A1[name]), $"t=1000 a1 {name}");
        soft.Equal(AgentStatus.LoggedOut, d.S.Engine.Read(d.A1["CurrentState"]).State, "t=1000 a1 CurrentState");
        soft.Verify();
    }

    [Fact]
    public void Occupancy_counts_only_idle_ready_time()
    {
        // Ready 0-100 idle, then a 100 s call while the readiness status is still Ready, then idle to 300.
        var s = new Scenario();
        var occupancy = s.Open(C.Occupancy, ObjectType.Agent, "a1");
        s.Login(0, "a1", "5001");
        s.Queue(100, "c1", "8001");
        s.Answer(100, 100, "c1", "8001", "a1", "5001");
        s.Release(200, "c1", "a1", "5001");
        s.At(300);
        // docs/statistics.md, "Standard catalogue": time on contacts / (time on contacts + ready idle time) = 100 / (100 + 200).
        Assert.Equal(100.0 * 100 / (100 + 200), s.Value(occupancy), 9);
    }

    [Fact]
    public void Agent_group_counts_follow_members_states()
    {
        var d = NewDay();
        var soft = new SoftAssert();
        var checks = new (double At, int LoggedIn, int Ready, int NotReady, int Talking, int InAcw)[]
        {
            (50, 0, 0, 0, 0, 0),
            (150, 2, 2, 0, 0, 0),
            (212, 2, 1, 0, 0, 0),   // a1 ringing
            (255, 2, 0, 0, 1, 0),   // a1 inbound, a2 dialling
            (270, 2, 0, 0, 2, 0),   // a2 outbound
            (310, 2, 0, 0, 2, 0),   // a1 on hold counts as talking
            (350, 2, 1, 0, 1, 0),
            (420, 2, 1, 0, 0, 1),
            (480, 2, 2, 0, 0, 0),
            (620, 2, 0, 2, 0, 0),
            (750, 1, 0, 1, 0, 0),
            (900, 0, 0, 0, 0, 0),
        };
        var last = 0.0;
        foreach (var c in checks)
        {
            PlayUntil(d.S, last, c.At);
            last = c.At;
            foreach (var (obj, name) in new[] { (d.G1, "g1"), (d.Tenant, "tenant") })
            {
                soft.Equal(c.LoggedIn, d.S.Value(obj["AgentsLoggedIn"]), $"t={c.At} {name} AgentsLoggedIn");
                soft.Equal(c.Ready, d.S.Value(obj["AgentsReady"]), $"t={c.At} {name} AgentsReady");
                soft.Equal(c.NotReady, d.S.Value(obj["AgentsNotReady"]), $"t={c.At} {name} AgentsNotReady");
                soft.Equal(c.Talking, d.S.Value(obj["AgentsTalking"]), $"t={c.At} {name} AgentsTalking");
                soft.Equal(c.InAcw, d.S.Value(obj["AgentsInAfterCallWork"]), $"t={c.At} {name} AgentsInAfterCallWork");
            }
        }
        soft.Verify();
    }

    [Fact]
    public void Agent_group_totals_are_the_sums_over_members()
    {
        var d = NewDay();
        var soft = new SoftAssert();
        PlayUntil(d.S, 0, 350);
        // a1 as at 350 above; a2: login 120 (230 s), ready idle 120-250 and 320-350 (160 s), outbound 260-320 completed.
        soft.Equal(250 + 230, d.S.Value(d.G1["LoginTime"]), "t=350 g1 LoginTime");
        soft.Equal(110 + 160, d.S.Value(d.G1["ReadyTime"]), "t=350 g1 ReadyTime");
        soft.Equal(30, d.S.Value(d.G1["HoldTime"]), "t=350 g1 HoldTime");
        soft.Equal(135 - 30 + 60, d.S.Value(d.G1["TalkTime"]), "t=350 g1 TalkTime");
        soft.Equal(1, d.S.Value(d.G1["Handled"]), "t=350 g1 Handled");
        soft.Equal(60, d.S.Value(d.G1["AHT"]), "t=350 g1 AHT");

        PlayUntil(d.S, 350, 1000);
        soft.Equal(700 + 580, d.S.Value(d.G1["LoginTime"]), "g1 LoginTime");
        soft.Equal(150 + 410, d.S.Value(d.G1["ReadyTime"]), "g1 ReadyTime"); // a2 ready idle 120-250, 320-600
        soft.Equal(300 + 100, d.S.Value(d.G1["NotReadyTime"]), "g1 NotReadyTime");
        soft.Equal(60, d.S.Value(d.G1["AfterCallWorkTime"]), "g1 AfterCallWorkTime");
        soft.Equal(30, d.S.Value(d.G1["HoldTime"]), "g1 HoldTime");
        soft.Equal(155 + 60, d.S.Value(d.G1["TalkTime"]), "g1 TalkTime");
        soft.Equal(2, d.S.Value(d.G1["Handled"]), "g1 Handled");
        soft.Equal((185 + 60 + 60) / 2.0, d.S.Value(d.G1["AHT"]), "g1 AHT");
        // ready idle: a1 110 + 40, a2 120-250 (130) + 320-600 (280)
        soft.Equal(100.0 * (245 + 60) / (245 + 60 + 150 + 410), d.S.Value(d.G1["Occupancy"]), "g1 Occupancy");
        soft.Verify();
    }

    [Fact]
    public void Queue_side_of_the_agent_day()
    {
        var d = NewDay();
        PlayUntil(d.S, 0, 1000);
        Assert.Equal(1, d.S.Value(d.Q1["Entered"]));
        Assert.Equal(1, d.S.Value(d.Q1["Answered"]));
        Assert.Equal(15, d.S.Value(d.Q1["ASA"]));          // entered 200, answered 215
        Assert.Equal(1, d.S.Value(d.Q1["Handled"]));
        Assert.Equal(185 + 60, d.S.Value(d.Q1["AHT"]));   // connected 215-400 + ACW 400-460
        Assert.Equal(100, d.S.Value(d.Q1["ServiceLevel2"]));
    }

    [Fact]
    public void Tenant_totals_count_each_after_call_work_once()
    {
        var d = NewDay();
        PlayUntil(d.S, 0, 1000);
        var soft = new SoftAssert();
        soft.Equal(2, d.S.Value(d.Tenant["Handled"]), "tenant Handled");
        soft.Equal(185 + 60, d.S.Value(d.Tenant["HandledConnectedTime"]), "tenant HandledConnectedTime");
        // a1's after-call work 400-460 is one occurrence: the tenant must not add the copy credited to q1.
        soft.Equal(60, d.S.Value(d.Tenant["AfterCallWorkTime(agent)"]), "tenant AfterCallWorkTime (agent status)");
        soft.Equal((185 + 60 + 60) / 2.0, d.S.Value(d.Tenant["AHT"]), "tenant AHT");
        soft.Equal(1, d.S.Value(d.Tenant["Entered"]), "tenant Entered");
        soft.Equal(1, d.S.Value(d.Tenant["Answered"]), "tenant Answered");
        soft.Verify();
    }

    [Fact]
    public void The_state_takes_the_highest_status_across_media_and_ready_time_follows_the_state()
    {
        var s = new Scenario();
        var ready = s.Open(C.ReadyTime, ObjectType.Agent, "a3");
        var chatReady = s.Open(Types.Make(StatisticCategory.TotalTime, Types.Of(StatAction.WaitForNextCall), StatisticSubject.AgentStatus,
            filter: StatisticFilter.ForMedia(MediaType.Chat)), ObjectType.Agent, "a3");
        var state = s.Open(C.CurrentState, ObjectType.Agent, "a3");
        s.Login(0, "a3", "5003");
        s.Send(10, PulseEventType.AgentLogin, EventSourceKind.Ixn, agent: "a3", media: MediaType.Chat);
        s.Send(10, PulseEventType.ReadyForMedia, EventSourceKind.Ixn, agent: "a3", media: MediaType.Chat);
        s.Send(50, PulseEventType.NotReadyForMedia, EventSourceKind.Ixn, agent: "a3", media: MediaType.Chat, reason: "Email backlog");
        s.At(100);
        // The state is WaitForNextCall 0-50 (given by the voice readiness, the first at that priority), then
        // NotReady (chat) outranks Ready (voice): ReadyTime counts the state, 50 s, and no state came from chat readiness.
        Assert.Equal(50, s.Value(ready));
        Assert.Equal(0, s.Value(chatReady));
        var v = s.Engine.Read(state);
        Assert.Equal(AgentStatus.NotReadyForNextCall, v.State); // NotReady (chat) outranks Ready (voice)
        Assert.Equal("Email backlog", v.Reason);
        Assert.Equal(50, v.Number);
    }

    [Fact]
    public void Digital_interaction_handling_counts_as_connected_time()
    {
        var s = new Scenario();
        var handled = s.Open(C.Handled, ObjectType.Agent, "a3");
        var talk = s.Open(C.TalkTime, ObjectType.Agent, "a3");
        var hold = s.Open(C.HoldTime, ObjectType.Agent, "a3");
        var state = s.Open(C.CurrentState, ObjectType.Agent, "a3");
        s.Send(0, PulseEventType.AgentLogin, EventSourceKind.Ixn, agent: "a3", media: MediaType.Chat);
        s.Send(0, PulseEventType.ReadyForMedia, EventSourceKind.Ixn, agent: "a3", media: MediaType.Chat);
        s.Send(10, PulseEventType.AgentInvited, EventSourceKind.Ixn, interactionId: "i1", agent: "a3", media: MediaType.Chat);
        Assert.Equal(AgentStatus.CallRinging, s.Engine.Read(state).State);
        s.Send(12, PulseEventType.PartyAdded, EventSourceKind.Ixn, interactionId: "i1", agent: "a3", media: MediaType.Chat);
        s.Send(20, PulseEventType.Held, EventSourceKind.Ixn, interactionId: "i1", agent: "a3");
        Assert.Equal(AgentStatus.CallOnHold, s.Engine.Read(state).State);
        s.Send(30, PulseEventType.Resumed, EventSourceKind.Ixn, interactionId: "i1", agent: "a3");
        s.Send(72, PulseEventType.PartyRemoved, EventSourceKind.Ixn, interactionId: "i1", agent: "a3");
        s.At(100);
        Assert.Equal(1, s.Value(handled));
        Assert.Equal(60 - 10, s.Value(talk));
        Assert.Equal(10, s.Value(hold));
        Assert.Equal(AgentStatus.WaitForNextCall, s.Engine.Read(state).State);
    }

    [Fact]
    public void A_readiness_event_without_login_logs_the_agent_in()
    {
        var s = new Scenario();
        var login = s.Open(C.LoginTime, ObjectType.Agent, "a1");
        var state = s.Open(C.CurrentState, ObjectType.Agent, "a1");
        var loggedIn = s.Open(C.AgentsLoggedIn, ObjectType.GroupAgents, "g1");
        s.Send(10, PulseEventType.AgentNotReady, agent: "a1", dn: "5001", reason: "Start");
        s.At(40);
        Assert.Equal(30, s.Value(login));
        Assert.Equal(AgentStatus.NotReadyForNextCall, s.Engine.Read(state).State);
        Assert.Equal(1, s.Value(loggedIn));
    }

    [Fact]
    public void Logout_of_one_media_keeps_the_agent_logged_in_on_the_other()
    {
        var s = new Scenario();
        var login = s.Open(C.LoginTime, ObjectType.Agent, "a3");
        var state = s.Open(C.CurrentState, ObjectType.Agent, "a3");
        s.Login(0, "a3", "5003");
        s.Send(0, PulseEventType.AgentLogin, EventSourceKind.Ixn, agent: "a3", media: MediaType.Chat);
        s.Send(0, PulseEventType.ReadyForMedia, EventSourceKind.Ixn, agent: "a3", media: MediaType.Chat);
        s.Send(50, PulseEventType.AgentLogout, agent: "a3", dn: "5003");
        s.At(60);
        Assert.Equal(AgentStatus.WaitForNextCall, s.Engine.Read(state).State);   // still ready for chat
        Assert.Equal(60, s.Value(login));
        s.Send(70, PulseEventType.AgentLogout, EventSourceKind.Ixn, agent: "a3", media: MediaType.Chat);
        s.At(100);
        Assert.Equal(AgentStatus.LoggedOut, s.Engine.Read(state).State);
        Assert.Equal(70, s.Value(login));
    }

    [Fact]
    public void Transfer_follows_the_call_under_its_new_connection_id()
    {
        var s = new Scenario();
        var transfers = s.Open(Types.Make(StatisticCategory.TotalNumber, Types.Of(StatAction.CallTransferMade)), ObjectType.Agent, "a1");
        var handled = s.Open(C.QueueHandled, ObjectType.Queue, "q1");
        var handleTime = s.Open(C.QueueHandleTime, ObjectType.Queue, "q1");
        var state = s.Open(C.CurrentState, ObjectType.Agent, "a1");
        s.Login(0, "a1", "5001");
        s.Queue(10, "c1", "8001");
        s.Answer(10, 12, "c1", "8001", "a1", "5001");
        s.At(50);
        Assert.Equal(Pulse.Sdk.Engine.EventOutcome.Applied, s.Engine.Apply(new PulseEvent
        {
            Tenant = "t1", Type = PulseEventType.PartyChanged, ConnId = "c1b", PreviousConnId = "c1", Agent = "a1", Dn = "5001",
        }));
        Assert.Equal(1, s.Value(transfers));
        Assert.Equal(AgentStatus.CallInbound, s.Engine.Read(state).State);
        Assert.Equal(Pulse.Sdk.Engine.EventOutcome.Applied, s.Send(72, PulseEventType.Released, connId: "c1b", dn: "5001", agent: "a1"));
        Assert.Equal(1, s.Value(handled));
        Assert.Equal(60, s.Value(handleTime));
        Assert.Equal(AgentStatus.WaitForNextCall, s.Engine.Read(state).State);
    }

    [Fact]
    public void Released_on_the_queue_DN_while_waiting_is_an_abandon()
    {
        var s = new Scenario();
        var abandoned = s.Open(C.Abandoned, ObjectType.Queue, "q1");
        var waiting = s.Open(C.Waiting, ObjectType.Queue, "q1");
        s.Queue(0, "c1", "8001");
        s.Send(8, PulseEventType.Released, connId: "c1", dn: "8001");
        Assert.Equal(1, s.Value(abandoned));
        Assert.Equal(0, s.Value(waiting));
    }
}
