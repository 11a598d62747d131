using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Events;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Tests.Support;
using C = Pulse.Sdk.Statistics.StandardCatalogue;

namespace Pulse.Sdk.Tests.Engine;

/// <summary>Bad, late and repeated events (docs/statistics.md §7): never thrown, never stopping, counted.</summary>
public class EventHandlingTests
{
    private static PulseEvent Ev(long seq, PulseEventType type, string? conn = null, string? dn = null, string? agent = null,
        EventSourceKind source = EventSourceKind.Voice, string tenant = "t1", CallType callType = CallType.Unknown) =>
        new() { Seq = seq, Tenant = tenant, Source = source, Type = type, ConnId = conn, Dn = dn, Agent = agent, CallType = callType };

    private static EventOutcome Apply(Scenario s, double at, PulseEvent e)
    {
        s.At(at);
        return s.Engine.Apply(e);
    }

    [Fact]
    public void Duplicates_and_out_of_order_events_are_dropped_and_counted()
    {
        var s = new Scenario();
        var entered = s.Open(C.Entered, ObjectType.Queue, "q1");
        Assert.Equal(EventOutcome.Applied, Apply(s, 1, Ev(1, PulseEventType.Queued, "c1", "8001")));
        Assert.Equal(EventOutcome.Applied, Apply(s, 2, Ev(2, PulseEventType.Queued, "c2", "8001")));
        Assert.Equal(EventOutcome.Duplicate, Apply(s, 3, Ev(2, PulseEventType.Queued, "c3", "8001")));
        Assert.Equal(EventOutcome.OutOfOrder, Apply(s, 4, Ev(1, PulseEventType.Queued, "c4", "8001")));
        Assert.Equal(EventOutcome.Applied, Apply(s, 5, Ev(3, PulseEventType.Queued, "c5", "8001")));
        Assert.Equal(3, s.Value(entered));
        var c = s.Engine.Counters;
        Assert.Equal(3, c.Applied);
        Assert.Equal(1, c.Duplicates);
        Assert.Equal(1, c.OutOfOrder);
        Assert.Equal(5, c.Total);
        Assert.Equal(3, s.Engine.LastSequence("t1", EventSourceKind.Voice));
    }

    [Fact]
    public void Sequence_numbers_are_per_source_and_zero_means_none()
    {
        var s = new Scenario();
        var entered = s.Open(C.Entered, ObjectType.Queue, "q1");
        var ixn = s.Open(C.IxnEntered, ObjectType.StagingArea, "iq1");
        Assert.Equal(EventOutcome.Applied, Apply(s, 1, Ev(5, PulseEventType.Queued, "c1", "8001")));
        Assert.Equal(EventOutcome.Applied, Apply(s, 2, new PulseEvent { Seq = 1, Tenant = "t1", Source = EventSourceKind.Ixn, Type = PulseEventType.PlacedInQueue, InteractionId = "i1", Queue = "iq1" }));
        Assert.Equal(EventOutcome.Applied, Apply(s, 3, Ev(0, PulseEventType.Queued, "c2", "8001")));
        Assert.Equal(EventOutcome.Applied, Apply(s, 4, Ev(0, PulseEventType.Queued, "c3", "8001")));   // seq 0 twice: no duplicate check
        Assert.Equal(3, s.Value(entered));
        Assert.Equal(1, s.Value(ixn));
        Assert.Equal(5, s.Engine.LastSequence("t1", EventSourceKind.Voice));
        Assert.Equal(1, s.Engine.LastSequence("t1", EventSourceKind.Ixn));
        Assert.Equal(EventOutcome.Duplicate, Apply(s, 5, Ev(5, PulseEventType.Queued, "c4", "8001")));
    }

    [Fact]
    public void Sequence_gaps_are_applied_and_counted()
    {
        var s = new Scenario();
        Apply(s, 1, Ev(1, PulseEventType.Queued, "c1", "8001"));
        Assert.Equal(EventOutcome.Applied, Apply(s, 2, Ev(5, PulseEventType.Queued, "c2", "8001")));
        Apply(s, 3, Ev(6, PulseEventType.Queued, "c3", "8001"));
        Assert.Equal(3, s.Engine.Counters.SequenceGaps);
        Assert.Equal(3, s.Engine.Counters.Applied);
    }

    [Fact]
    public void Unknown_tenant_is_dropped()
    {
        var s = new Scenario();
        var entered = s.Open(C.Entered, ObjectType.Tenant, "t1");
        Assert.Equal(EventOutcome.UnknownTenant, Apply(s, 1, Ev(1, PulseEventType.Queued, "c1", "8001", tenant: "t9")));
        Assert.Equal(EventOutcome.Applied, Apply(s, 2, Ev(2, PulseEventType.Queued, "c1", "8001")));
        Assert.Equal(1, s.Value(entered));
        Assert.Equal(1, s.Engine.Counters.UnknownTenant);
    }

    [Fact]
    public void Unknown_objects_are_reported_and_the_engine_goes_on()
    {
        var s = new Scenario();
        var entered = s.Open(C.Entered, ObjectType.Queue, "q1");
        var state = s.Open(C.CurrentState, ObjectType.Agent, "a1");
        Assert.Equal(EventOutcome.UnknownObject, s.Send(1, PulseEventType.Queued, connId: "c1", dn: "9999"));              // unknown DN
        Assert.Equal(EventOutcome.UnknownObject, s.Send(2, PulseEventType.AgentLogin, agent: "ghost", dn: "5999"));        // unknown agent
        Assert.Equal(EventOutcome.UnknownObject, s.Send(3, PulseEventType.Diverted, connId: "nope", dn: "8001", thirdPartyDn: "5001")); // unknown call
        Assert.Equal(EventOutcome.UnknownObject, s.Send(4, PulseEventType.Released, connId: "nope", dn: "5001", agent: "a1"));
        Assert.Equal(EventOutcome.UnknownObject, s.Send(5, PulseEventType.PlacedInQueue, EventSourceKind.Ixn, interactionId: "i1", queue: "iq9"));
        Assert.Equal(EventOutcome.UnknownObject, s.Send(6, PulseEventType.TakenFromQueue, EventSourceKind.Ixn, interactionId: "i9", queue: "iq1"));
        s.Login(7, "a1", "5001");
        s.Queue(8, "c2", "8001");
        Assert.Equal(1, s.Value(entered));
        Assert.Equal(AgentStatus.WaitForNextCall, s.Engine.Read(state).State);
        Assert.Equal(6, s.Engine.Counters.UnknownObject);
    }

    [Fact]
    public void An_answer_at_an_unknown_DN_still_counts_for_the_known_queue()
    {
        // A call from q1 is diverted to 5999, a DN no agent is configured on. The queue is known: its answer counts.
        var s = new Scenario();
        var answered = s.Open(C.Answered, ObjectType.Queue, "q1");
        var asa = s.Open(C.Asa, ObjectType.Queue, "q1");
        s.Queue(0, "c1", "8001");
        s.Send(10, PulseEventType.Diverted, connId: "c1", dn: "8001", thirdPartyDn: "5999");
        s.Send(10, PulseEventType.Ringing, connId: "c1", dn: "5999");
        var outcome = s.Send(14, PulseEventType.Established, connId: "c1", dn: "5999", callType: CallType.Inbound);
        Assert.Equal(EventOutcome.UnknownObject, outcome);
        Assert.Equal(1, s.Value(answered));              // docs §7: what is known is applied
        Assert.Equal(14, s.Value(asa));
    }

    [Fact]
    public void An_abandon_while_ringing_at_an_unknown_DN_still_counts_for_the_known_queue()
    {
        var s = new Scenario();
        var abandoned = s.Open(C.Abandoned, ObjectType.Queue, "q1");
        s.Queue(0, "c1", "8001");
        s.Send(10, PulseEventType.Diverted, connId: "c1", dn: "8001", thirdPartyDn: "5999");
        s.Send(10, PulseEventType.Ringing, connId: "c1", dn: "5999");
        var outcome = s.Send(14, PulseEventType.Abandoned, connId: "c1", dn: "5999");
        Assert.Equal(EventOutcome.UnknownObject, outcome);
        Assert.Equal(1, s.Value(abandoned));
    }

    [Fact]
    public void Invalid_events_are_dropped_and_counted()
    {
        var s = new Scenario();
        var entered = s.Open(C.Entered, ObjectType.Queue, "q1");
        var invalid = new[]
        {
            new PulseEvent { Seq = 1, Tenant = "t1", Type = PulseEventType.Queued, Dn = "8001" },                   // no connId
            new PulseEvent { Seq = 2, Tenant = "t1", Type = PulseEventType.Queued, ConnId = "c1" },                  // no dn
            new PulseEvent { Seq = 3, Tenant = "t1", Type = PulseEventType.AgentLogin, Dn = "5001" },                // no agent
            new PulseEvent { Seq = 4, Tenant = "", Type = PulseEventType.Queued, ConnId = "c1", Dn = "8001" },       // no tenant
            new PulseEvent { Seq = 5, Tenant = "t1", Type = PulseEventType.None },                                   // no type
            new PulseEvent { Seq = -1, Tenant = "t1", Type = PulseEventType.Queued, ConnId = "c1", Dn = "8001" },    // negative seq
            new PulseEvent { Seq = 6, Tenant = "t1", Type = (PulseEventType)999, ConnId = "c1", Dn = "8001" },       // unknown type
            new PulseEvent { Seq = 7, Tenant = "t1", Source = (EventSourceKind)9, Type = PulseEventType.Queued, ConnId = "c1", Dn = "8001" },
            new PulseEvent { Seq = 8, Tenant = "t1", Source = EventSourceKind.Ixn, Type = PulseEventType.PlacedInQueue, InteractionId = "i1" }, // no queue
        };
        foreach (var e in invalid) Assert.Equal(EventOutcome.Invalid, Apply(s, 1, e));
        Assert.Equal(EventOutcome.Applied, Apply(s, 2, Ev(1, PulseEventType.Queued, "c1", "8001")));  // seq 1: invalid events did not consume it
        Assert.Equal(1, s.Value(entered));
        Assert.Equal(invalid.Length, s.Engine.Counters.Invalid);
    }

    [Fact]
    public void Bad_events_mixed_into_a_stream_do_not_change_the_values()
    {
        // The same valid stream with and without interleaved bad events gives bit-identical values.
        var clean = new Scenario();
        var dirty = new Scenario();
        var cleanStats = clean.Engine.OpenStandardCatalogue();
        var dirtyStats = dirty.Engine.OpenStandardCatalogue();
        long seq = 0;
        var random = new Random(7);
        var valid = ValidStream();
        foreach (var (t, e) in valid)
        {
            clean.At(t);
            clean.Engine.Apply(e with { Seq = e.Seq });
            dirty.At(t);
            var mine = e with { Seq = ++seq };
            // before each valid event, some noise
            switch (random.Next(6))
            {
                case 0: dirty.Engine.Apply(e with { Seq = seq - 1 > 0 ? seq - 1 : 0, Tenant = "zz" }); break;
                case 1: dirty.Engine.Apply(mine with { ConnId = null, Agent = null, InteractionId = null }); break;
                case 2: dirty.Engine.Apply(new PulseEvent { Tenant = "t1", Type = PulseEventType.Queued, ConnId = "x" + seq, Dn = "0000" }); break;
                case 3: dirty.Engine.Apply(new PulseEvent { Tenant = "t1", Type = PulseEventType.Released, ConnId = "ghost", Dn = "5001", Agent = "a1" }); break;
                default: break;
            }
            Assert.Equal(EventOutcome.Applied, dirty.Engine.Apply(mine));
            if (random.Next(3) == 0) Assert.Equal(EventOutcome.Duplicate, dirty.Engine.Apply(mine));
            if (random.Next(4) == 0 && seq > 1) Assert.Equal(EventOutcome.OutOfOrder, dirty.Engine.Apply(mine with { Seq = seq - 1 }));
        }
        clean.At(valid[^1].T + 10);
        dirty.At(valid[^1].T + 10);
        var a = clean.Engine.Snapshot().Select(u => u.Value).ToList();
        var b = dirty.Engine.Snapshot().Select(u => u.Value).ToList();
        Assert.Equal(cleanStats.Count, a.Count);
        Assert.Equal(a, b);
        Assert.Equal(valid.Count, dirty.Engine.Counters.Applied);
    }

    private static List<(double T, PulseEvent E)> ValidStream()
    {
        var list = new List<(double, PulseEvent)>();
        void Add(double t, PulseEvent e) => list.Add((t, e));
        Add(1, new PulseEvent { Tenant = "t1", Type = PulseEventType.AgentLogin, Agent = "a1", Dn = "5001" });
        Add(1, new PulseEvent { Tenant = "t1", Type = PulseEventType.AgentReady, Agent = "a1", Dn = "5001" });
        Add(2, new PulseEvent { Tenant = "t1", Type = PulseEventType.AgentLogin, Agent = "a2", Dn = "5002" });
        Add(2, new PulseEvent { Tenant = "t1", Type = PulseEventType.AgentReady, Agent = "a2", Dn = "5002" });
        for (var i = 0; i < 10; i++)
        {
            var t = 10 + i * 30;
            var agent = i % 2 == 0 ? "a1" : "a2";
            var dn = i % 2 == 0 ? "5001" : "5002";
            var conn = "k" + i;
            Add(t, new PulseEvent { Tenant = "t1", Type = PulseEventType.Queued, ConnId = conn, Dn = i % 3 == 0 ? "8002" : "8001", CallType = CallType.Inbound });
            if (i % 4 == 3)
            {
                Add(t + 7, new PulseEvent { Tenant = "t1", Type = PulseEventType.Abandoned, ConnId = conn, Dn = i % 3 == 0 ? "8002" : "8001" });
                continue;
            }
            Add(t + 3 + i, new PulseEvent { Tenant = "t1", Type = PulseEventType.Diverted, ConnId = conn, Dn = i % 3 == 0 ? "8002" : "8001", ThirdPartyDn = dn });
            Add(t + 3 + i, new PulseEvent { Tenant = "t1", Type = PulseEventType.Ringing, ConnId = conn, Dn = dn, Agent = agent });
            Add(t + 5 + i, new PulseEvent { Tenant = "t1", Type = PulseEventType.Established, ConnId = conn, Dn = dn, Agent = agent, CallType = CallType.Inbound });
            Add(t + 20, new PulseEvent { Tenant = "t1", Type = PulseEventType.Released, ConnId = conn, Dn = dn, Agent = agent });
            Add(t + 20, new PulseEvent { Tenant = "t1", Type = PulseEventType.AgentNotReady, Agent = agent, Dn = dn, WorkMode = WorkMode.AfterCallWork });
            Add(t + 25, new PulseEvent { Tenant = "t1", Type = PulseEventType.AgentReady, Agent = agent, Dn = dn });
        }
        return list.OrderBy(x => x.Item1).ToList();
    }

    [Fact]
    public void Events_for_a_removed_tenant_are_unknown_tenant()
    {
        var s = new Scenario();
        s.Login(1, "a1", "5001");                         // the engine has now seen tenant t1
        var other = new TenantConfig { Id = "t2", Agents = [new AgentConfig { Id = "b1", Dns = ["6001"] }] };
        s.At(2);
        s.Engine.ApplyConfiguration(new PulseConfiguration { Tenants = [other] });
        Assert.Equal(EventOutcome.UnknownTenant, s.Send(3, PulseEventType.AgentNotReady, agent: "a1", dn: "5001", reason: "x"));
        Assert.Equal(1, s.Engine.Counters.UnknownTenant);
    }

    [Fact]
    public void A_tenant_removed_and_added_again_receives_its_events()
    {
        var s = new Scenario();
        s.Login(1, "a1", "5001");
        var other = new TenantConfig { Id = "t2" };
        s.At(2);
        s.Engine.ApplyConfiguration(new PulseConfiguration { Tenants = [other] });
        s.At(3);
        s.Engine.ApplyConfiguration(s.Config);
        var entered = s.Open(C.Entered, ObjectType.Queue, "q1");
        var state = s.Open(C.CurrentState, ObjectType.Agent, "a1");
        Assert.Equal(EventOutcome.Applied, s.Send(4, PulseEventType.Queued, connId: "c1", dn: "8001"));
        s.Login(5, "a1", "5001");
        Assert.Equal(1, s.Value(entered));
        Assert.Equal(AgentStatus.WaitForNextCall, s.Engine.Read(state).State);
    }

    // ------------------------------------------------------------ fuzz

    public sealed record Fuzz(PulseEvent[] Events)
    {
        public override string ToString() => string.Join(Environment.NewLine, Events.Select(e =>
            $"{e.Seq} {e.Source} {e.Type} t={e.Tenant} conn={e.ConnId} prev={e.PreviousConnId} ixn={e.InteractionId} dn={e.Dn} agent={e.Agent} q={e.Queue} media={e.Media} wm={e.WorkMode} ct={e.CallType} r={e.Reason}"));
    }

    private static Arbitrary<Fuzz> FuzzArb()
    {
        static Gen<string?> Pick(params string?[] xs) => Gen.Elements(xs);
        var types = Enum.GetValues<PulseEventType>().Append((PulseEventType)77).ToArray();
        var ev =
            from seq in Gen.Choose(-1, 40)
            from src in Gen.Elements(EventSourceKind.Voice, EventSourceKind.VoiceVq, EventSourceKind.Ixn, EventSourceKind.IxnVq, (EventSourceKind)6)
            from type in Gen.Elements(types)
            from tenant in Gen.Elements("t1", "t1", "t1", "t2", "")
            from conn in Pick("c1", "c2", "c3", null)
            from prev in Pick("c1", "c2", "c3", null)
            from ixn in Pick("i1", "i2", null)
            from dn in Pick("5001", "5002", "5003", "8001", "8002", "9001", "7000", "0000", null)
            from agent in Pick("a1", "a2", "a3", "zz", null)
            from queue in Pick("iq1", "iq9", null)
            from media in Gen.Elements(Enum.GetValues<MediaType>().Append((MediaType)40).ToArray())
            from wm in Gen.Elements(Enum.GetValues<WorkMode>())
            from ct in Gen.Elements(Enum.GetValues<CallType>())
            from reason in Pick("Lunch", null)
            select new PulseEvent
            {
                Seq = seq, Source = src, Type = type, Tenant = tenant, ConnId = conn, PreviousConnId = prev, InteractionId = ixn, Dn = dn,
                Agent = agent, Queue = queue, Media = media, WorkMode = wm, CallType = ct, Reason = reason,
                Data = reason is null ? null : new Dictionary<string, string> { ["Language"] = "Spanish" },
            };
        return Gen.ArrayOf(ev).Select(a => new Fuzz(a)).ToArbitrary();
    }

    [Property(MaxTest = 150, Replay = "(1234567,7654321)")]
    public Property Random_events_never_throw_and_are_all_counted() =>
        Prop.ForAll(FuzzArb(), fuzz =>
        {
            var s = new Scenario();
            var stats = s.Engine.OpenStandardCatalogue();
            var i = 0;
            foreach (var e in fuzz.Events)
            {
                s.At(i++);
                s.Engine.Apply(e);
                if (i % 5 == 0) s.Engine.Flush();
            }
            s.At(i + 100);
            foreach (var st in stats)
            {
                var v = s.Engine.Read(st);
                Assert.False(double.IsNaN(v.Number) || double.IsInfinity(v.Number), $"{st}: {v.Number}");
                if (st.Type.Category != StatisticCategory.Formula) Assert.True(v.Number >= 0, $"{st}: negative value {v.Number}");
            }
            Assert.Equal(fuzz.Events.Length, s.Engine.Counters.Total);
        });
}
