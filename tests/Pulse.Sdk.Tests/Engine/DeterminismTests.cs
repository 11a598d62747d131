using Pulse.Sdk.Events;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Tests.Support;

namespace Pulse.Sdk.Tests.Engine;

/// <summary>
/// docs/statistics.md §9: the same events with the same clock readings give the same values bit for bit.
/// Two engines with two replay clocks are fed the same generated day and every value of the whole standard
/// catalogue is compared with <see cref="BitConverter.DoubleToInt64Bits"/>, at checkpoints and in the flushed updates.
/// </summary>
public class DeterminismTests
{
    /// <summary>An event and the second (after the scenario start) at which it is applied.</summary>
    private sealed record Timed(double At, PulseEvent Event);

    /// <summary>
    /// A small seeded contact center following the canonical flow of <see cref="Scenario"/>: agents log in and are
    /// ready; calls queue (sometimes through the virtual queue), are diverted to a ready agent, ring, are answered,
    /// sometimes held and retrieved, released with or without after-call work; some are abandoned; agents take
    /// not-ready breaks with reasons; chats go through the interaction queue. Crosses midnight UTC (a reset).
    /// </summary>
    private static List<Timed> Generate(int seed)
    {
        var r = new Random(seed);
        var events = new List<Timed>();
        var agents = new[] { ("a1", "5001"), ("a2", "5002"), ("a3", "5003") };
        var free = new HashSet<string>();                      // ready and idle
        var busyUntil = new Dictionary<string, double>();
        var reasons = new[] { "Lunch", "Break", "Training" };
        void Add(double t, PulseEvent e) => events.Add(new Timed(t, e with { Tenant = "t1" }));
        var waiting = new List<(string Conn, string QueueDn, double Since, bool Vq)>();
        var t = 0.0;
        foreach (var (id, dn) in agents)
        {
            t += r.Next(1, 20);
            Add(t, new PulseEvent { Type = PulseEventType.AgentLogin, Agent = id, Dn = dn, WorkMode = WorkMode.ManualIn });
            Add(t, new PulseEvent { Type = PulseEventType.AgentReady, Agent = id, Dn = dn });
            free.Add(id);
        }
        var call = 0;
        var chat = 0;
        while (t < 2 * 3600)
        {
            t += r.Next(1, 40) + r.NextDouble();
            // agents whose work ended become free again
            foreach (var (id, dn) in agents)
                if (busyUntil.TryGetValue(id, out var until) && until <= t)
                {
                    busyUntil.Remove(id);
                    free.Add(id);
                }
            switch (r.Next(10))
            {
                case <= 3:
                {
                    var conn = "c" + ++call;
                    var queueDn = r.Next(3) == 0 ? "8002" : "8001";
                    var vq = r.Next(4) == 0;
                    IReadOnlyDictionary<string, string>? data = r.Next(2) == 0 ? new Dictionary<string, string> { ["Language"] = "Spanish" } : null;
                    if (vq) Add(t, new PulseEvent { Source = EventSourceKind.VoiceVq, Type = PulseEventType.Queued, ConnId = conn, Dn = "9001", Data = data });
                    Add(t, new PulseEvent { Type = PulseEventType.Queued, ConnId = conn, Dn = queueDn, CallType = CallType.Inbound, Data = data });
                    waiting.Add((conn, queueDn, t, vq));
                    break;
                }
                case <= 6 when waiting.Count > 0 && free.Count > 0:
                {
                    var w = waiting[0];
                    waiting.RemoveAt(0);
                    var agent = free.Order(StringComparer.Ordinal).ElementAt(r.Next(free.Count));
                    free.Remove(agent);
                    var dn = agents.First(a => a.Item1 == agent).Item2;
                    if (w.Vq) Add(t, new PulseEvent { Source = EventSourceKind.VoiceVq, Type = PulseEventType.Diverted, ConnId = w.Conn, Dn = "9001", ThirdPartyDn = dn });
                    Add(t, new PulseEvent { Type = PulseEventType.Diverted, ConnId = w.Conn, Dn = w.QueueDn, ThirdPartyDn = dn });
                    Add(t, new PulseEvent { Type = PulseEventType.Ringing, ConnId = w.Conn, Dn = dn, Agent = agent });
                    var at = t + r.Next(1, 8);
                    if (r.Next(12) == 0)
                    {
                        Add(at, new PulseEvent { Type = PulseEventType.Abandoned, ConnId = w.Conn, Dn = dn, Agent = agent });
                        busyUntil[agent] = at;
                        break;
                    }
                    Add(at, new PulseEvent { Type = PulseEventType.Established, ConnId = w.Conn, Dn = dn, Agent = agent, CallType = CallType.Inbound });
                    if (r.Next(3) == 0)
                    {
                        var h = at + r.Next(5, 60);
                        Add(h, new PulseEvent { Type = PulseEventType.Held, ConnId = w.Conn, Dn = dn, Agent = agent });
                        at = h + r.Next(5, 40);
                        Add(at, new PulseEvent { Type = PulseEventType.Retrieved, ConnId = w.Conn, Dn = dn, Agent = agent });
                    }
                    var end = at + r.Next(20, 300) + r.NextDouble();
                    Add(end, new PulseEvent { Type = PulseEventType.Released, ConnId = w.Conn, Dn = dn, Agent = agent });
                    if (r.Next(2) == 0)
                    {
                        Add(end, new PulseEvent { Type = PulseEventType.AgentNotReady, Agent = agent, Dn = dn, WorkMode = WorkMode.AfterCallWork });
                        end += r.Next(5, 60);
                        Add(end, new PulseEvent { Type = PulseEventType.AgentReady, Agent = agent, Dn = dn });
                    }
                    busyUntil[agent] = end;
                    break;
                }
                case 7 when waiting.Count > 0:
                {
                    var w = waiting[r.Next(waiting.Count)];
                    waiting.Remove(w);
                    if (w.Vq) Add(t, new PulseEvent { Source = EventSourceKind.VoiceVq, Type = PulseEventType.Abandoned, ConnId = w.Conn, Dn = "9001" });
                    Add(t, new PulseEvent { Type = PulseEventType.Abandoned, ConnId = w.Conn, Dn = w.QueueDn });
                    break;
                }
                case 8 when free.Count > 0:
                {
                    var agent = free.Order(StringComparer.Ordinal).First();
                    free.Remove(agent);
                    var dn = agents.First(a => a.Item1 == agent).Item2;
                    Add(t, new PulseEvent { Type = PulseEventType.AgentNotReady, Agent = agent, Dn = dn, WorkMode = WorkMode.AuxWork, Reason = reasons[r.Next(reasons.Length)] });
                    var back = t + r.Next(30, 600);
                    if (r.Next(3) == 0) Add(t + 10, new PulseEvent { Type = PulseEventType.AgentStateReasonChanged, Agent = agent, Dn = dn, Reason = "Meeting" });
                    Add(back, new PulseEvent { Type = PulseEventType.AgentReady, Agent = agent, Dn = dn });
                    busyUntil[agent] = back;
                    break;
                }
                default:
                {
                    var id = "i" + ++chat;
                    Add(t, new PulseEvent { Source = EventSourceKind.Ixn, Type = PulseEventType.PlacedInQueue, InteractionId = id, Queue = "iq1", Media = r.Next(2) == 0 ? MediaType.Chat : MediaType.EMail });
                    Add(t + r.Next(1, 120), new PulseEvent { Source = EventSourceKind.Ixn, Type = PulseEventType.TakenFromQueue, InteractionId = id, Queue = "iq1", Agent = "a3" });
                    break;
                }
            }
        }
        // Applied in time order; same-time events keep their generation order (stable sort). Sequence numbers
        // per source follow the order of application, as a source delivers them.
        var seq = new long[4];
        return events.OrderBy(e => e.At).Select(e => e with { Event = e.Event with { Seq = ++seq[(int)e.Event.Source] } }).ToList();
    }

    private sealed class Run
    {
        public readonly Scenario S;
        public readonly RecordingSink Sink = new();
        public readonly IReadOnlyList<OpenedStatistic> Stats;
        public readonly List<List<StatisticUpdate>> Checkpoints = [];

        public Run()
        {
            S = new Scenario(start: new DateTimeOffset(2026, 11, 26, 23, 0, 0, TimeSpan.Zero));
            S.Engine.AddSink(Sink);
            Stats = S.Engine.OpenStandardCatalogue();
        }

        public void Play(List<Timed> events)
        {
            var next = 600.0;
            foreach (var e in events)
            {
                while (e.At > next)
                {
                    Checkpoint(next);
                    next += 600;
                }
                S.Clock.AdvanceTo(S.Start + TimeSpan.FromSeconds(e.At));
                S.Engine.Apply(e.Event with { Time = S.Clock.GetUtcNow() });
                if (e.Event.Seq % 17 == 0) S.Engine.Flush();
            }
            Checkpoint(next);
        }

        private void Checkpoint(double at)
        {
            S.At(at);
            S.Engine.Flush();
            Checkpoints.Add(S.Engine.Snapshot().ToList());
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(42)]
    [InlineData(20261126)]
    public void Same_events_and_clock_give_bit_identical_values(int seed)
    {
        var events = Generate(seed);
        Assert.Equal(events.Select(e => (e.At, e.Event)), Generate(seed).Select(e => (e.At, e.Event)), new TimedComparer());
        var a = new Run();
        var b = new Run();
        a.Play(events);
        b.Play(events);

        Assert.Equal(a.Stats.Count, b.Stats.Count);
        Assert.True(a.Stats.Count > 100, "the whole standard catalogue is open");
        Assert.Equal(a.Checkpoints.Count, b.Checkpoints.Count);
        for (var c = 0; c < a.Checkpoints.Count; c++)
        {
            var x = a.Checkpoints[c];
            var y = b.Checkpoints[c];
            Assert.Equal(x.Count, y.Count);
            for (var i = 0; i < x.Count; i++)
            {
                Assert.Equal(x[i].Statistic.ToString(), y[i].Statistic.ToString());
                Assert.True(BitConverter.DoubleToInt64Bits(x[i].Value.Number) == BitConverter.DoubleToInt64Bits(y[i].Value.Number),
                    $"checkpoint {c}: {x[i].Statistic} {x[i].Value.Number:R} vs {y[i].Value.Number:R}");
                Assert.Equal(x[i].Value.State, y[i].Value.State);
                Assert.Equal(x[i].Value.Reason, y[i].Value.Reason);
                Assert.Equal(x[i].Time, y[i].Time);
            }
        }
        Assert.Equal(a.Sink.Updates.Count, b.Sink.Updates.Count);
        for (var i = 0; i < a.Sink.Updates.Count; i++)
        {
            var (u, v) = (a.Sink.Updates[i], b.Sink.Updates[i]);
            Assert.Equal(u.Statistic.ToString(), v.Statistic.ToString());
            Assert.Equal(BitConverter.DoubleToInt64Bits(u.Value.Number), BitConverter.DoubleToInt64Bits(v.Value.Number));
            Assert.Equal(u.Value.State, v.Value.State);
            Assert.Equal(u.Time, v.Time);
        }
        Assert.Equal(a.S.Engine.Counters, b.S.Engine.Counters);

        // The generated day exercised the engine: calls entered, answered, abandoned, handled; agents changed state.
        var last = a.Checkpoints[^1].ToDictionary(u => u.Statistic.ToString(), u => u.Value);
        var beforeMidnight = a.Checkpoints[4].ToDictionary(u => u.Statistic.ToString(), u => u.Value);  // 23:50
        Assert.True(beforeMidnight["t1/Tenant/t1/Entered"].Number > 10);
        Assert.True(beforeMidnight["t1/Tenant/t1/Answered"].Number > 5);
        Assert.True(last["t1/Tenant/t1/Entered"].Number > 10);
        Assert.True(last["t1/Queue/q1/Abandoned"].Number + last["t1/Queue/q2/Abandoned"].Number > 0);
        Assert.True(last["t1/Tenant/t1/Handled"].Number > 0, $"tenant handled {last["t1/Tenant/t1/Handled"].Number}, a1 {last["t1/Agent/a1/Handled"].Number}, a2 {last["t1/Agent/a2/Handled"].Number}, a1 login {last["t1/Agent/a1/LoginTime"].Number}, a1 state {last["t1/Agent/a1/CurrentState"]}");
        Assert.True(last["t1/VirtualQueue/vq1/Entered"].Number > 0);
        Assert.True(last["t1/StagingArea/iq1/InteractionsEntered"].Number > 0);
        Assert.Equal(0, a.S.Engine.Counters.UnknownObject + a.S.Engine.Counters.Invalid + a.S.Engine.Counters.OutOfOrder + a.S.Engine.Counters.Duplicates);
    }

    private sealed class TimedComparer : IEqualityComparer<(double, PulseEvent)>
    {
        public bool Equals((double, PulseEvent) x, (double, PulseEvent) y) =>
            x.Item1.Equals(y.Item1) && x.Item2.Seq == y.Item2.Seq && x.Item2.Type == y.Item2.Type && x.Item2.ConnId == y.Item2.ConnId
            && x.Item2.InteractionId == y.Item2.InteractionId && x.Item2.Agent == y.Item2.Agent && x.Item2.Dn == y.Item2.Dn;

        public int GetHashCode((double, PulseEvent) obj) => obj.Item1.GetHashCode();
    }
}
