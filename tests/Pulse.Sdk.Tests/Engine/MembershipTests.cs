using Pulse.Sdk.Configuration;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Events;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Tests.Support;
using C = Pulse.Sdk.Statistics.StandardCatalogue;

namespace Pulse.Sdk.Tests.Engine;

/// <summary>
/// Runtime configuration changes (docs/statistics.md §8): a joining member brings its occurrences in progress and
/// its state into the group from that moment, a leaving member takes them away uncompleted, a completed occurrence
/// counts in the groups its object belongs to when it completes, and nothing is counted twice.
/// </summary>
public class MembershipTests
{
    private static readonly string[] Additive = ["LoginTime", "ReadyTime", "NotReadyTime", "AfterCallWorkTime", "HoldTime", "TalkTime", "Handled"];
    private static readonly string[] Counts = ["AgentsLoggedIn", "AgentsReady", "AgentsNotReady", "AgentsTalking", "AgentsInAfterCallWork"];

    private sealed class World
    {
        public required Scenario S { get; init; }
        public Dictionary<string, Dictionary<string, OpenedStatistic>> Groups { get; } = [];
        public Dictionary<string, OpenedStatistic> Tenant { get; } = [];
        public Dictionary<string, Dictionary<string, OpenedStatistic>> Agents { get; } = [];

        public double G(string group, string stat) => S.Value(Groups[group][stat]);
        public double T(string stat) => S.Value(Tenant[stat]);
        public double A(string agent, string stat) => S.Value(Agents[agent][stat]);

        public void Apply(double at, TenantConfig tenant)
        {
            S.At(at);
            S.Engine.ApplyConfiguration(new PulseConfiguration { Tenants = [tenant] });
        }
    }

    private static World NewWorld(params string[] groups)
    {
        var s = new Scenario();
        var w = new World { S = s };
        foreach (var g in groups) w.Groups[g] = C.AgentGroup.ToDictionary(t => t.Name, t => s.Open(t, ObjectType.GroupAgents, g));
        foreach (var t in C.AgentGroup) w.Tenant[t.Name] = s.Open(t, ObjectType.Tenant, "t1");
        foreach (var a in new[] { "a1", "a2", "a3" })
            w.Agents[a] = C.Agent.Where(t => t.Category != StatisticCategory.CurrentState).ToDictionary(t => t.Name, t => s.Open(t, ObjectType.Agent, a));
        return w;
    }

    private static TenantConfig WithGroups(Scenario s, params (string Id, string[] Agents)[] groups) =>
        s.Tenant with { AgentGroups = groups.Select(g => new AgentGroupConfig { Id = g.Id, Agents = g.Agents }).ToList() };

    /// <summary>g1 and g2 partition the agents: for every additive statistic g1 + g2 = tenant = Σ agents.</summary>
    private static void AssertNoDoubleCounting(World w, SoftAssert soft, string when)
    {
        foreach (var stat in Additive)
        {
            var sumAgents = new[] { "a1", "a2", "a3" }.Sum(a => w.A(a, stat));
            soft.Equal(sumAgents, w.T(stat), $"{when}: tenant {stat} = Σ agents", 1e-6);
            soft.Equal(w.T(stat), w.G("g1", stat) + w.G("g2", stat), $"{when}: g1 + g2 {stat} = tenant", 1e-6);
        }
        foreach (var stat in Counts)
            soft.Equal(w.T(stat), w.G("g1", stat) + w.G("g2", stat), $"{when}: g1 + g2 {stat} = tenant");
    }

    [Fact]
    public void Agent_moved_between_groups_in_the_middle_of_a_call()
    {
        var w = NewWorld("g1", "g2");
        var s = w.S;
        var soft = new SoftAssert();
        s.Login(0, "a1", "5001");
        s.Login(0, "a2", "5002");
        // An outbound call, so that no queue is credited with the after-call work (see AgentStatisticsTests for that).
        s.Send(20, PulseEventType.Dialing, connId: "c1", dn: "5001", agent: "a1");
        s.Send(25, PulseEventType.Established, connId: "c1", dn: "5001", agent: "a1", callType: CallType.Outbound);
        s.At(50);
        soft.Equal(1, w.G("g1", "AgentsTalking"), "t=50 g1 talking");
        soft.Equal(0, w.G("g2", "AgentsTalking"), "t=50 g2 talking");
        soft.Equal(25, w.G("g1", "TalkTime"), "t=50 g1 talk (in progress since 25)");
        AssertNoDoubleCounting(w, soft, "t=50");

        w.Apply(100, WithGroups(s, ("g1", ["a2"]), ("g2", ["a3", "a1"])));
        soft.Equal(0, w.G("g1", "AgentsTalking"), "t=100 g1 talking after a1 left");
        soft.Equal(1, w.G("g2", "AgentsTalking"), "t=100 g2 talking after a1 joined");
        soft.Equal(1, w.G("g1", "AgentsLoggedIn"), "t=100 g1 logged in");
        soft.Equal(1, w.G("g2", "AgentsLoggedIn"), "t=100 g2 logged in");
        soft.Equal(0, w.G("g1", "TalkTime"), "t=100 g1 talk: a1's call in progress left with a1");
        soft.Equal(75, w.G("g2", "TalkTime"), "t=100 g2 talk: a1's call in progress came with a1");
        soft.Equal(100, w.G("g1", "LoginTime"), "t=100 g1 login: a2 only");
        soft.Equal(100, w.G("g2", "LoginTime"), "t=100 g2 login: a1's session moved");
        AssertNoDoubleCounting(w, soft, "t=100");

        s.Send(120, PulseEventType.Held, connId: "c1", dn: "5001", agent: "a1");
        s.At(125);
        soft.Equal(1, w.G("g2", "AgentsTalking"), "t=125 g2 talking (on hold)");
        soft.Equal(5, w.G("g2", "HoldTime"), "t=125 g2 hold in progress");
        s.Send(130, PulseEventType.Retrieved, connId: "c1", dn: "5001", agent: "a1");
        s.Release(200, "c1", "a1", "5001", acwUntil: 230);
        s.At(300);
        soft.Equal(0, w.G("g1", "Handled"), "g1 handled: the call completed in g2");
        soft.Equal(1, w.G("g2", "Handled"), "g2 handled");
        soft.Equal(1, w.T("Handled"), "tenant handled");
        soft.Equal(175 - 10, w.G("g2", "TalkTime"), "g2 talk (25-200 minus hold)");
        soft.Equal(10, w.G("g2", "HoldTime"), "g2 hold");
        soft.Equal(30, w.G("g2", "AfterCallWorkTime"), "g2 ACW");
        soft.Equal(0, w.G("g1", "AfterCallWorkTime"), "g1 ACW");
        soft.Equal(175 + 30, w.G("g2", "AHT"), "g2 AHT");
        soft.Equal(0, w.G("g1", "AHT"), "g1 AHT");
        AssertNoDoubleCounting(w, soft, "t=300");
        soft.Verify();
    }

    [Fact]
    public void Agent_moved_between_groups_in_the_middle_of_a_status()
    {
        var w = NewWorld("g1", "g2");
        var s = w.S;
        var soft = new SoftAssert();
        s.Login(0, "a1", "5001");
        s.Login(0, "a2", "5002");
        s.Send(50, PulseEventType.AgentNotReady, agent: "a1", dn: "5001", reason: "Break");
        w.Apply(100, WithGroups(s, ("g1", ["a2"]), ("g2", ["a3", "a1"])));
        soft.Equal(0, w.G("g1", "AgentsNotReady"), "t=100 g1 not ready");
        soft.Equal(1, w.G("g2", "AgentsNotReady"), "t=100 g2 not ready");
        soft.Equal(50 + 100, w.G("g1", "ReadyTime"), "t=100 g1 ready: a1's ready 0-50 completed in g1 stays, plus a2's in progress");
        soft.Equal(0, w.G("g2", "ReadyTime"), "t=100 g2 ready");
        soft.Equal(50, w.G("g2", "NotReadyTime"), "t=100 g2 not ready: a1's status in progress came with it");
        s.Send(200, PulseEventType.AgentReady, agent: "a1", dn: "5001");
        s.At(250);
        // g1: a1's ready 0-50 completed while in g1 (50) + a2 ready since 0 (250).
        soft.Equal(50 + 250, w.G("g1", "ReadyTime"), "t=250 g1 ready");
        // g2: a1's not-ready 50-200 completed in g2 (150); a1's new ready since 200 (50).
        soft.Equal(150, w.G("g2", "NotReadyTime"), "t=250 g2 not ready time");
        soft.Equal(0, w.G("g1", "NotReadyTime"), "t=250 g1 not ready time: a1 left while not ready");
        soft.Equal(50, w.G("g2", "ReadyTime"), "t=250 g2 ready");
        soft.Equal(1, w.G("g1", "AgentsReady"), "t=250 g1 ready count");
        soft.Equal(1, w.G("g2", "AgentsReady"), "t=250 g2 ready count");
        AssertNoDoubleCounting(w, soft, "t=250");
        soft.Verify();
    }

    [Fact]
    public void Moving_back_and_forth_never_counts_twice()
    {
        var w = NewWorld("g1", "g2");
        var s = w.S;
        var soft = new SoftAssert();
        s.Login(0, "a1", "5001");
        s.Login(0, "a2", "5002");
        s.Login(0, "a3", "5003");
        s.Send(5, PulseEventType.Dialing, connId: "c1", dn: "5001", agent: "a1");
        s.Send(5, PulseEventType.Established, connId: "c1", dn: "5001", agent: "a1", callType: CallType.Outbound);
        var layouts = new[]
        {
            WithGroups(s, ("g1", ["a2"]), ("g2", ["a1", "a3"])),
            WithGroups(s, ("g1", ["a1", "a2"]), ("g2", ["a3"])),
            WithGroups(s, ("g1", ["a1", "a2", "a3"]), ("g2", [])),
            WithGroups(s, ("g1", []), ("g2", ["a3", "a2", "a1"])),
        };
        var t = 10.0;
        for (var i = 0; i < 12; i++)
        {
            t += 7;
            w.Apply(t, layouts[i % layouts.Length]);
            if (i == 3) s.Send(t + 1, PulseEventType.Held, connId: "c1", dn: "5001", agent: "a1");
            if (i == 5) s.Send(t + 1, PulseEventType.Retrieved, connId: "c1", dn: "5001", agent: "a1");
            if (i == 7) s.Release(t + 1, "c1", "a1", "5001", acwUntil: t + 2);
            if (i == 9) s.Send(t + 1, PulseEventType.AgentNotReady, agent: "a2", dn: "5002", reason: "x");
            s.At(t + 3);
            AssertNoDoubleCounting(w, soft, $"after layout change {i} at {t}");
        }
        soft.Verify();
    }

    [Fact]
    public void Agent_in_two_groups_counts_in_each_and_once_in_the_tenant()
    {
        var s = new Scenario(Scenario.DefaultTenant() with
        {
            AgentGroups = [new AgentGroupConfig { Id = "g1", Agents = ["a1", "a2"] }, new AgentGroupConfig { Id = "g2", Agents = ["a1", "a3"] }],
        });
        var g1 = s.Open(C.AgentsReady, ObjectType.GroupAgents, "g1");
        var g2 = s.Open(C.AgentsReady, ObjectType.GroupAgents, "g2");
        var t = s.Open(C.AgentsReady, ObjectType.Tenant, "t1");
        var tLogin = s.Open(C.LoginTime, ObjectType.Tenant, "t1");
        s.Login(0, "a1", "5001");
        s.At(10);
        Assert.Equal(1, s.Value(g1));
        Assert.Equal(1, s.Value(g2));
        Assert.Equal(1, s.Value(t));
        Assert.Equal(10, s.Value(tLogin));
    }

    [Fact]
    public void Agent_and_queue_added_at_runtime()
    {
        var s = new Scenario();
        var g1Ready = s.Open(C.AgentsReady, ObjectType.GroupAgents, "g1");
        var tenantReady = s.Open(C.AgentsReady, ObjectType.Tenant, "t1");
        var qgEntered = s.Open(C.Entered, ObjectType.GroupQueues, "qg1");
        var qgWaiting = s.Open(C.Waiting, ObjectType.GroupQueues, "qg1");
        var tenantEntered = s.Open(C.Entered, ObjectType.Tenant, "t1");
        s.Login(0, "a1", "5001");
        Assert.Equal(EventOutcome.UnknownObject, s.Send(5, PulseEventType.AgentLogin, agent: "a4", dn: "5004"));
        var t = s.Tenant;
        var updated = t with
        {
            Agents = [.. t.Agents, new AgentConfig { Id = "a4", Dns = ["5004"] }],
            AgentGroups = [new AgentGroupConfig { Id = "g1", Agents = ["a1", "a2", "a4"] }, t.AgentGroups[1]],
            Queues = [.. t.Queues, new QueueConfig { Id = "q3", Dn = "8003" }],
            QueueGroups = [new QueueGroupConfig { Id = "qg1", Queues = ["q1", "q2", "q3"] }],
        };
        s.At(10);
        s.Engine.ApplyConfiguration(new PulseConfiguration { Tenants = [updated] });
        var a4State = s.Open(C.CurrentState, ObjectType.Agent, "a4");
        var q3Entered = s.Open(C.Entered, ObjectType.Queue, "q3");
        Assert.Equal(AgentStatus.LoggedOut, s.Engine.Read(a4State).State);
        Assert.Equal(1, s.Value(g1Ready));
        s.Login(20, "a4", "5004");
        s.Queue(30, "c1", "8003");
        s.Queue(31, "c2", "8001");
        Assert.Equal(2, s.Value(g1Ready));
        Assert.Equal(2, s.Value(tenantReady));
        Assert.Equal(1, s.Value(q3Entered));
        Assert.Equal(2, s.Value(qgEntered));
        Assert.Equal(2, s.Value(qgWaiting));
        Assert.Equal(2, s.Value(tenantEntered));
        Assert.Equal(AgentStatus.WaitForNextCall, s.Engine.Read(a4State).State);
    }

    [Fact]
    public void Agent_removed_at_runtime_leaves_its_groups_and_closes_its_statistics()
    {
        var s = new Scenario();
        var g1LoggedIn = s.Open(C.AgentsLoggedIn, ObjectType.GroupAgents, "g1");
        var tenantLoggedIn = s.Open(C.AgentsLoggedIn, ObjectType.Tenant, "t1");
        var g1Login = s.Open(C.LoginTime, ObjectType.GroupAgents, "g1");
        var a2State = s.Open(C.CurrentState, ObjectType.Agent, "a2");
        s.Login(0, "a1", "5001");
        s.Login(0, "a2", "5002");
        s.At(50);
        Assert.Equal(2, s.Value(g1LoggedIn));
        var t = s.Tenant;
        var updated = t with
        {
            Agents = t.Agents.Where(a => a.Id != "a2").ToList(),
            AgentGroups = [new AgentGroupConfig { Id = "g1", Agents = ["a1"] }, t.AgentGroups[1]],
        };
        s.At(60);
        s.Engine.ApplyConfiguration(new PulseConfiguration { Tenants = [updated] });
        Assert.False(s.Engine.IsOpen(a2State));
        Assert.Throws<InvalidOperationException>(() => s.Engine.Read(a2State));
        Assert.Equal(1, s.Value(g1LoggedIn));
        Assert.Equal(1, s.Value(tenantLoggedIn));
        Assert.Equal(60, s.Value(g1Login));                 // a2's session in progress left, uncompleted
        Assert.Equal(EventOutcome.UnknownObject, s.Send(70, PulseEventType.AgentLogout, agent: "a2", dn: "5002"));
        s.At(100);
        Assert.Equal(100, s.Value(g1Login));
        Assert.DoesNotContain(s.Engine.Objects, o => o.Id == "a2");
    }

    [Fact]
    public void Queue_removed_at_runtime_takes_its_waiting_calls_away()
    {
        var s = new Scenario();
        var qgWaiting = s.Open(C.Waiting, ObjectType.GroupQueues, "qg1");
        var qgLongest = s.Open(C.LongestWait, ObjectType.GroupQueues, "qg1");
        var tenantWaiting = s.Open(C.Waiting, ObjectType.Tenant, "t1");
        var tenantEntered = s.Open(C.Entered, ObjectType.Tenant, "t1");
        s.Queue(0, "c1", "8002");
        s.Queue(10, "c2", "8001");
        s.At(20);
        Assert.Equal(2, s.Value(qgWaiting));
        Assert.Equal(20, s.Value(qgLongest));
        var t = s.Tenant;
        s.Engine.ApplyConfiguration(new PulseConfiguration
        {
            Tenants = [t with { Queues = [t.Queues[0]], QueueGroups = [new QueueGroupConfig { Id = "qg1", Queues = ["q1"] }] }],
        });
        Assert.Equal(1, s.Value(qgWaiting));
        Assert.Equal(10, s.Value(qgLongest));
        Assert.Equal(1, s.Value(tenantWaiting));
        Assert.Equal(2, s.Value(tenantEntered));           // completed occurrences stay counted
        Assert.Equal(EventOutcome.UnknownObject, s.Send(25, PulseEventType.Abandoned, connId: "c1", dn: "8002"));
        Assert.Equal(1, s.Value(tenantWaiting));
    }

    [Fact]
    public void Queue_moved_between_queue_groups_while_calls_wait()
    {
        var s = new Scenario(Scenario.DefaultTenant() with
        {
            QueueGroups = [new QueueGroupConfig { Id = "qg1", Queues = ["q1", "q2"] }, new QueueGroupConfig { Id = "qg2", Queues = [] }],
        });
        var w1 = s.Open(C.Waiting, ObjectType.GroupQueues, "qg1");
        var w2 = s.Open(C.Waiting, ObjectType.GroupQueues, "qg2");
        var l2 = s.Open(C.LongestWait, ObjectType.GroupQueues, "qg2");
        var ab1 = s.Open(C.Abandoned, ObjectType.GroupQueues, "qg1");
        var ab2 = s.Open(C.Abandoned, ObjectType.GroupQueues, "qg2");
        s.Queue(0, "c1", "8002");
        s.Queue(5, "c2", "8002");
        s.At(10);
        s.Engine.ApplyConfiguration(new PulseConfiguration
        {
            Tenants = [s.Tenant with { QueueGroups = [new QueueGroupConfig { Id = "qg1", Queues = ["q1"] }, new QueueGroupConfig { Id = "qg2", Queues = ["q2"] }] }],
        });
        Assert.Equal(0, s.Value(w1));
        Assert.Equal(2, s.Value(w2));
        Assert.Equal(10, s.Value(l2));
        s.Send(20, PulseEventType.Abandoned, connId: "c1", dn: "8002");
        Assert.Equal(0, s.Value(ab1));
        Assert.Equal(1, s.Value(ab2));
        Assert.Equal(1, s.Value(w2));
    }

    [Fact]
    public void Group_removed_at_runtime_closes_its_statistics_and_a_new_one_starts_from_current_states()
    {
        var s = new Scenario();
        var g1Ready = s.Open(C.AgentsReady, ObjectType.GroupAgents, "g1");
        var tenantReady = s.Open(C.AgentsReady, ObjectType.Tenant, "t1");
        s.Login(0, "a1", "5001");
        s.Login(0, "a2", "5002");
        s.At(10);
        var t = s.Tenant;
        s.Engine.ApplyConfiguration(new PulseConfiguration { Tenants = [t with { AgentGroups = [t.AgentGroups[1]] }] });
        Assert.False(s.Engine.IsOpen(g1Ready));
        Assert.Throws<InvalidOperationException>(() => s.Engine.Read(g1Ready));
        Assert.Throws<ArgumentException>(() => s.Open(C.AgentsReady, ObjectType.GroupAgents, "g1"));
        Assert.Equal(EventOutcome.Applied, s.Send(20, PulseEventType.AgentNotReady, agent: "a1", dn: "5001", reason: "x"));
        Assert.Equal(1, s.Value(tenantReady));
        s.At(30);
        s.Engine.ApplyConfiguration(new PulseConfiguration { Tenants = [t with { AgentGroups = [new AgentGroupConfig { Id = "g1", Agents = ["a1", "a2", "a3"] }, t.AgentGroups[1]] }] });
        var ready = s.Open(C.AgentsReady, ObjectType.GroupAgents, "g1");
        var notReady = s.Open(C.AgentsNotReady, ObjectType.GroupAgents, "g1");
        var loggedIn = s.Open(C.AgentsLoggedIn, ObjectType.GroupAgents, "g1");
        Assert.Equal(1, s.Value(ready));
        Assert.Equal(1, s.Value(notReady));
        Assert.Equal(2, s.Value(loggedIn));
    }

    [Fact]
    public void Queue_threshold_changed_at_runtime_applies_to_calls_ending_after_the_change()
    {
        var s = new Scenario();
        var ansW = s.Open(C.AnsweredWithinThreshold, ObjectType.Queue, "q1");
        var shortAb = s.Open(C.ShortAbandoned, ObjectType.Queue, "q1");
        s.Login(0, "a1", "5001");
        s.Queue(0, "c1", "8001");
        s.Queue(0, "c2", "8001");
        s.Queue(0, "c3", "8001");
        s.Answer(25, 25, "c1", "8001", "a1", "5001");    // 25 s > 20 s
        Assert.Equal(0, s.Value(ansW));
        var t = s.Tenant;
        s.At(26);
        s.Engine.ApplyConfiguration(new PulseConfiguration
        {
            Tenants = [t with { Queues = [t.Queues[0] with { ServiceLevelThresholdSeconds = 30, ShortAbandonThresholdSeconds = 40 }, t.Queues[1]] }],
        });
        s.Answer(28, 28, "c2", "8001", "a1", "5001");    // 28 s <= 30 s
        s.Send(35, PulseEventType.Abandoned, connId: "c3", dn: "8001");   // 35 s <= 40 s
        Assert.Equal(1, s.Value(ansW));
        Assert.Equal(1, s.Value(shortAb));
    }

    [Fact]
    public void Agent_DN_changed_at_runtime()
    {
        var s = new Scenario();
        var state = s.Open(C.CurrentState, ObjectType.Agent, "a1");
        s.Login(0, "a1", "5001");
        var t = s.Tenant;
        s.At(10);
        s.Engine.ApplyConfiguration(new PulseConfiguration
        {
            Tenants = [t with { Agents = [t.Agents[0] with { Dns = ["5101"] }, t.Agents[1], t.Agents[2]] }],
        });
        s.Queue(20, "c1", "8001");
        s.Send(21, PulseEventType.Diverted, connId: "c1", dn: "8001", thirdPartyDn: "5101");
        Assert.Equal(EventOutcome.Applied, s.Send(21, PulseEventType.Ringing, connId: "c1", dn: "5101"));   // no agent id: found by DN
        Assert.Equal(AgentStatus.CallRinging, s.Engine.Read(state).State);
        Assert.Equal(EventOutcome.UnknownObject, s.Send(22, PulseEventType.Ringing, connId: "c2", dn: "5001"));
    }
}
