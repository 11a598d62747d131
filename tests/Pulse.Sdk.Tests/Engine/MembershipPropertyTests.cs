using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Events;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Tests.Support;
using C = Pulse.Sdk.Statistics.StandardCatalogue;

namespace Pulse.Sdk.Tests.Engine;

/// <summary>
/// Random agent activity (login, readiness, calls, holds, transfers of group membership at runtime) against a
/// brute-force expectation: every group count equals the number of its current members whose own current state is
/// in the mask, and for additive totals g1 + g2 (a partition of the agents) = tenant = Σ agents.
/// </summary>
public class MembershipPropertyTests
{
    public enum Op { Login, Logout, NotReady, Ready, AfterCallWork, Offer, Answer, Hold, Retrieve, Release, AbandonRinging, Dial, Regroup }

    public sealed record Step(Op Op, int Agent, int Arg, int Seconds)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"+{Seconds}s {Op} a{Agent + 1} {Arg}");
    }

    public sealed record Steps(Step[] Items)
    {
        public override string ToString() => string.Join(Environment.NewLine, Items.Select(i => "  " + i));
    }

    private static Arbitrary<Steps> Arb() =>
        (from items in Gen.ArrayOf(
             from op in Gen.Frequency(
                 (3, Gen.Constant(Op.Login)), (1, Gen.Constant(Op.Logout)), (2, Gen.Constant(Op.NotReady)), (2, Gen.Constant(Op.Ready)),
                 (1, Gen.Constant(Op.AfterCallWork)), (4, Gen.Constant(Op.Offer)), (4, Gen.Constant(Op.Answer)), (2, Gen.Constant(Op.Hold)),
                 (2, Gen.Constant(Op.Retrieve)), (3, Gen.Constant(Op.Release)), (1, Gen.Constant(Op.AbandonRinging)), (1, Gen.Constant(Op.Dial)),
                 (2, Gen.Constant(Op.Regroup)))
             from agent in Gen.Choose(0, 2)
             from arg in Gen.Choose(0, 7)
             from dt in Gen.Frequency((3, Gen.Choose(0, 30)), (1, Gen.Constant(0)))
             select new Step(op, agent, arg, dt))
         select new Steps(items)).ToArbitrary();

    private static readonly string[] Ids = ["a1", "a2", "a3"];
    private static readonly string[] Dns = ["5001", "5002", "5003"];
    private static readonly string[] CountNames = ["AgentsLoggedIn", "AgentsReady", "AgentsNotReady", "AgentsTalking", "AgentsInAfterCallWork"];
    private static readonly string[] Additive = ["LoginTime", "ReadyTime", "NotReadyTime", "HoldTime", "TalkTime", "Handled"];

    [Property(MaxTest = 300, Replay = "(99999999,12345677)")]
    public Property Group_counts_and_totals_match_the_members() =>
        Prop.ForAll(Arb(), steps =>
        {
            var s = new Scenario();
            var groups = new[] { "g1", "g2" };
            var g = groups.ToDictionary(x => x, x => C.AgentGroup.ToDictionary(t => t.Name, t => s.Open(t, ObjectType.GroupAgents, x)));
            var tenant = C.AgentGroup.ToDictionary(t => t.Name, t => s.Open(t, ObjectType.Tenant, "t1"));
            var agents = Ids.Select(a => C.Agent.ToDictionary(t => t.Name, t => s.Open(t, ObjectType.Agent, a))).ToArray();
            var countTypes = C.AgentGroup.Where(t => CountNames.Contains(t.Name)).ToDictionary(t => t.Name);
            var member = new[] { 0, 0, 1 };                 // agent -> group index (g1 = a1, a2; g2 = a3)
            var t = 0.0;
            var call = 0;
            var ringing = new List<string>[] { [], [], [] };  // per agent
            var connected = new List<string>[] { [], [], [] };
            var held = new HashSet<string>();
            var log = new List<string>();

            foreach (var step in steps.Items)
            {
                t += step.Seconds;
                var a = step.Agent;
                var (id, dn) = (Ids[a], Dns[a]);
                log.Add($"t={t} {step}");
                switch (step.Op)
                {
                    case Op.Login: s.Login(t, id, dn); break;
                    case Op.Logout: s.Send(t, PulseEventType.AgentLogout, agent: id, dn: dn); break;
                    case Op.NotReady: s.Send(t, PulseEventType.AgentNotReady, agent: id, dn: dn, workMode: WorkMode.AuxWork, reason: "r" + step.Arg % 3); break;
                    case Op.Ready: s.Send(t, PulseEventType.AgentReady, agent: id, dn: dn); break;
                    case Op.AfterCallWork: s.Send(t, PulseEventType.AgentNotReady, agent: id, dn: dn, workMode: WorkMode.AfterCallWork); break;
                    case Op.Offer:
                    {
                        var conn = "c" + ++call;
                        var q = step.Arg % 2 == 0 ? "8001" : "8002";
                        s.Send(t, PulseEventType.Queued, connId: conn, dn: q, callType: CallType.Inbound);
                        s.Send(t, PulseEventType.Diverted, connId: conn, dn: q, thirdPartyDn: dn);
                        s.Send(t, PulseEventType.Ringing, connId: conn, dn: dn, agent: id);
                        ringing[a].Add(conn);
                        break;
                    }
                    case Op.Dial:
                    {
                        var conn = "c" + ++call;
                        s.Send(t, PulseEventType.Dialing, connId: conn, dn: dn, agent: id);
                        s.Send(t, PulseEventType.Established, connId: conn, dn: dn, agent: id, callType: CallType.Outbound);
                        connected[a].Add(conn);
                        break;
                    }
                    case Op.Answer when ringing[a].Count > 0:
                    {
                        var conn = ringing[a][0];
                        ringing[a].RemoveAt(0);
                        s.Send(t, PulseEventType.Established, connId: conn, dn: dn, agent: id, callType: CallType.Inbound);
                        connected[a].Add(conn);
                        break;
                    }
                    case Op.AbandonRinging when ringing[a].Count > 0:
                    {
                        var conn = ringing[a][0];
                        ringing[a].RemoveAt(0);
                        s.Send(t, PulseEventType.Abandoned, connId: conn, dn: dn, agent: id);
                        break;
                    }
                    case Op.Hold when connected[a].Count > 0:
                    {
                        var conn = connected[a][step.Arg % connected[a].Count];
                        s.Send(t, PulseEventType.Held, connId: conn, dn: dn, agent: id);
                        held.Add(conn);
                        break;
                    }
                    case Op.Retrieve when connected[a].Any(held.Contains):
                    {
                        var conn = connected[a].First(held.Contains);
                        s.Send(t, PulseEventType.Retrieved, connId: conn, dn: dn, agent: id);
                        held.Remove(conn);
                        break;
                    }
                    case Op.Release when connected[a].Count > 0:
                    {
                        var conn = connected[a][step.Arg % connected[a].Count];
                        connected[a].Remove(conn);
                        held.Remove(conn);
                        s.Send(t, PulseEventType.Released, connId: conn, dn: dn, agent: id);
                        break;
                    }
                    case Op.Regroup:
                    {
                        for (var k = 0; k < 3; k++) member[k] = (step.Arg >> k) & 1;
                        s.At(t);
                        s.Engine.ApplyConfiguration(new PulseConfiguration
                        {
                            Tenants = [s.Tenant with
                            {
                                AgentGroups = groups.Select((name, gi) => new AgentGroupConfig { Id = name, Agents = Ids.Where((_, k) => member[k] == gi).ToList() }).ToList(),
                            }],
                        });
                        break;
                    }
                    default: break;
                }
                s.At(t);

                var states = Ids.Select((_, k) => s.Engine.Read(agents[k]["CurrentState"]).State!.Value).ToArray();
                var soft = new SoftAssert();
                foreach (var name in CountNames)
                {
                    var mask = countTypes[name].MainMask;
                    for (var gi = 0; gi < 2; gi++)
                    {
                        var expected = Enumerable.Range(0, 3).Count(k => member[k] == gi && mask.Contains((StatAction)(int)states[k]));
                        soft.Equal(expected, s.Value(g[groups[gi]][name]), $"{groups[gi]} {name}");
                    }
                    soft.Equal(states.Count(st => mask.Contains((StatAction)(int)st)), s.Value(tenant[name]), $"tenant {name}");
                }
                foreach (var name in Additive)
                {
                    var sum = Enumerable.Range(0, 3).Sum(k => s.Value(agents[k][name]));
                    soft.Equal(sum, s.Value(tenant[name]), $"tenant {name} = Σ agents", 1e-6);
                    soft.Equal(s.Value(tenant[name]), s.Value(g["g1"][name]) + s.Value(g["g2"][name]), $"g1 + g2 {name} = tenant", 1e-6);
                }
                try { soft.Verify(); }
                catch (Exception e) { throw new InvalidOperationException(string.Join(Environment.NewLine, log) + Environment.NewLine + e.Message, e); }
            }
            Assert.Equal(0, s.Engine.Counters.Invalid);
        });
}
