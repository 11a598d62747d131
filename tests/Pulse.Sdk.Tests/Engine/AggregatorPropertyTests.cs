using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Pulse.Sdk.Events;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Tests.Support;
using static Pulse.Sdk.Tests.Support.Types;
using Cat = Pulse.Sdk.Statistics.StatisticCategory;

namespace Pulse.Sdk.Tests.Engine;

/// <summary>
/// Random call streams on two queues against a brute-force recomputation over the list of occurrences the test
/// generated itself. Each property runs with a fixed FsCheck seed (Replay) so a failure reproduces; remove Replay
/// to explore new seeds (FsCheck prints the seed of a failing run).
/// </summary>
public class AggregatorPropertyTests
{
    private const long Ms = TimeSpan.TicksPerMillisecond;
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    /// <summary>One call: enters a queue, waits, then is abandoned or diverted to a1, rings, is answered and released.</summary>
    public sealed record CallSpec(int Queue, int EnterMs, int WaitMs, bool Answered, int RingMs, int TalkMs);

    public sealed record Case(CallSpec[] Calls, int[] QueriesMs, int WindowPanes, int PaneMs, int RangeFromMs, int RangeToMs, int SelectionN, int Percentile)
    {
        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture,
                $"window {WindowPanes}x{PaneMs}ms, range {RangeFromMs}-{RangeToMs}ms, Selection({SelectionN}), p{Percentile}, queries [{string.Join(",", QueriesMs)}]{Environment.NewLine}")
            + string.Join(Environment.NewLine, Calls.Select((c, i) =>
                string.Create(CultureInfo.InvariantCulture, $"  c{i}: q{c.Queue + 1} enter {c.EnterMs} wait {c.WaitMs} {(c.Answered ? $"answered ring {c.RingMs} talk {c.TalkMs}" : "abandoned")}")));
    }

    private static Arbitrary<Case> Cases()
    {
        var wait = Gen.Frequency((4, Gen.Choose(0, 30_000)), (2, Gen.Choose(0, 240_000)), (1, Gen.Choose(0, 80)), (1, Gen.Constant(0)));
        var call =
            from q in Gen.Choose(0, 1)
            from enter in Gen.Frequency((3, Gen.Choose(0, 600_000)), (1, Gen.Choose(0, 60) .Select(x => x * 10_000)))  // some on pane borders
            from w in wait
            from answered in Gen.Elements(true, false)
            from ring in Gen.Choose(0, 8_000)
            from talk in Gen.Choose(0, 300_000)
            select new CallSpec(q, enter, w, answered, ring, talk);
        var pane = Gen.Elements((6, 10_000), (4, 30_000), (10, 1_000), (1, 60_000), (5, 60_000), (12, 5_000));
        return (
            from calls in Gen.ArrayOf(call)
            from queries in Gen.ArrayOf(Gen.Choose(0, 1_000_000))
            from wp in pane
            from from_ in Gen.Choose(0, 30_000)
            from len in Gen.Choose(0, 60_000)
            from n in Gen.Choose(1, 40)
            from p in Gen.Choose(1, 100)
            select new Case(calls, queries.Append(1_000_000).ToArray(), wp.Item1, wp.Item2, from_, from_ + len, n, p)).ToArbitrary();
    }

    private enum Kind { Wait, Answered, Abandoned }

    /// <summary>An occurrence completed at <see cref="End"/> with a duration, on a queue, in the order applied.</summary>
    private sealed record Done(Kind Kind, int Queue, long End, long Duration, long Order);

    private sealed record Step(long At, int Call, int Order, Action<Driver> Do);

    /// <summary>Feeds events to an engine at exact tick offsets and records what it completed.</summary>
    private sealed class Driver
    {
        private long _seq;
        public readonly Scenario S = new(start: Start);
        public readonly List<Done> Done = [];
        public readonly Dictionary<int, (int Queue, long Begin)> Waiting = [];

        public void Apply(long atTicks, PulseEvent e)
        {
            S.Clock.AdvanceTo(Start + TimeSpan.FromTicks(atTicks));
            var outcome = S.Engine.Apply(e with { Seq = ++_seq, Tenant = "t1", Time = S.Clock.GetUtcNow() });
            Assert.Equal(Pulse.Sdk.Engine.EventOutcome.Applied, outcome);
        }
    }

    private static string QueueDn(int q) => q == 0 ? "8001" : "8002";

    private static List<Step> Steps(Case c)
    {
        var steps = new List<Step>();
        for (var i = 0; i < c.Calls.Length; i++)
        {
            var call = c.Calls[i];
            var id = "c" + i.ToString(CultureInfo.InvariantCulture);
            var dn = QueueDn(call.Queue);
            var enter = call.EnterMs * Ms;
            var end = enter + call.WaitMs * Ms;
            var ci = i;
            steps.Add(new Step(enter, i, 0, d =>
            {
                d.Apply(enter, new PulseEvent { Type = PulseEventType.Queued, ConnId = id, Dn = dn, CallType = CallType.Inbound });
                d.Waiting[ci] = (call.Queue, enter);
            }));
            if (!call.Answered)
            {
                steps.Add(new Step(end, i, 1, d =>
                {
                    d.Apply(end, new PulseEvent { Type = PulseEventType.Abandoned, ConnId = id, Dn = dn });
                    d.Waiting.Remove(ci);
                    d.Done.Add(new Done(Kind.Wait, call.Queue, end, end - enter, d.Done.Count));
                    d.Done.Add(new Done(Kind.Abandoned, call.Queue, end, end - enter, d.Done.Count));
                }));
                continue;
            }
            var answer = end + call.RingMs * Ms;
            var release = answer + call.TalkMs * Ms;
            steps.Add(new Step(end, i, 1, d =>
            {
                d.Apply(end, new PulseEvent { Type = PulseEventType.Diverted, ConnId = id, Dn = dn, ThirdPartyDn = "5001" });
                d.Apply(end, new PulseEvent { Type = PulseEventType.Ringing, ConnId = id, Dn = "5001", Agent = "a1" });
                d.Waiting.Remove(ci);
                d.Done.Add(new Done(Kind.Wait, call.Queue, end, end - enter, d.Done.Count));
            }));
            steps.Add(new Step(answer, i, 2, d =>
            {
                d.Apply(answer, new PulseEvent { Type = PulseEventType.Established, ConnId = id, Dn = "5001", Agent = "a1", CallType = CallType.Inbound });
                d.Done.Add(new Done(Kind.Answered, call.Queue, answer, answer - enter, d.Done.Count));
            }));
            steps.Add(new Step(release, i, 3, d => d.Apply(release, new PulseEvent { Type = PulseEventType.Released, ConnId = id, Dn = "5001", Agent = "a1" })));
        }
        // In time order; at the same instant, calls in generation order and each call's own events in order.
        return steps.OrderBy(s => s.At).ThenBy(s => s.Call).ThenBy(s => s.Order).ToList();
    }

    /// <summary>Runs the case, calling <paramref name="check"/> at each query instant (after the events at that instant).</summary>
    private static void Run(Case c, Action<Driver> open, Action<Driver, long> check)
    {
        var d = new Driver();
        open(d);
        var steps = Steps(c);
        var k = 0;
        foreach (var q in c.QueriesMs.Select(x => x * Ms).Order())
        {
            while (k < steps.Count && steps[k].At <= q) steps[k++].Do(d);
            d.S.Clock.AdvanceTo(Start + TimeSpan.FromTicks(q));
            check(d, q);
        }
    }

    private static double Sec(long ticks) => ticks / (double)TimeSpan.TicksPerSecond;

    private static long StartTicks => Start.UtcTicks;

    /// <summary>Nearest rank over exact integers: the smallest v with count(≤ v) ≥ ⌈p·n/100⌉.</summary>
    private static long NearestRank(IEnumerable<long> values, int p)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return 0;
        var rank = (p * (long)sorted.Length + 99) / 100;
        return sorted[Math.Max(1, rank) - 1];
    }

    private sealed class Expect(Driver d, long now)
    {
        private readonly List<string> _bad = [];

        public void Eq(string what, double expected, OpenedStatistic stat)
        {
            var actual = d.S.Engine.Read(stat).Number;
            if (!(Math.Abs(expected - actual) <= 1e-9 * Math.Max(1, Math.Abs(expected))))
                _bad.Add(string.Create(CultureInfo.InvariantCulture, $"{what}: expected {expected:R}, actual {actual:R}"));
        }

        public void Verify()
        {
            if (_bad.Count > 0)
                Assert.Fail(string.Create(CultureInfo.InvariantCulture, $"at {now / Ms} ms:{Environment.NewLine}  ") + string.Join(Environment.NewLine + "  ", _bad));
        }
    }

    private static readonly (Kind Kind, StatAction Action)[] Masks = [(Kind.Wait, StatAction.CallWait), (Kind.Answered, StatAction.CallAnswered), (Kind.Abandoned, StatAction.CallAbandoned)];

    [Property(MaxTest = 200, Replay = "(11111111,22222221)")]
    public Property Sliding_window_matches_brute_force() =>
        Prop.ForAll(Cases(), c =>
        {
            var profile = TimeProfile.Sliding(TimeSpan.FromTicks(c.WindowPanes * c.PaneMs * Ms), TimeSpan.FromTicks(c.PaneMs * Ms));
            var range = new TimeRange(TimeSpan.FromTicks(c.RangeFromMs * Ms), TimeSpan.FromTicks(c.RangeToMs * Ms));
            var stats = new List<(Kind Kind, Cat Cat, OpenedStatistic Stat, bool Group)>();
            Run(c, d =>
            {
                foreach (var (kind, action) in Masks)
                    foreach (var cat in new[] { Cat.TotalNumber, Cat.TotalTime, Cat.AverageTime, Cat.MaxTime, Cat.MinTime, Cat.TotalNumberInTimeRange, Cat.TotalTimeInTimeRange })
                    {
                        var t = Make(cat, Of(action), profile: profile, range: cat is Cat.TotalNumberInTimeRange or Cat.TotalTimeInTimeRange ? range : null);
                        stats.Add((kind, cat, d.S.Open(t, ObjectType.Queue, "q1"), false));
                        stats.Add((kind, cat, d.S.Open(t, ObjectType.GroupQueues, "qg1"), true));
                    }
            }, (d, now) =>
            {
                var pane = c.PaneMs * Ms;
                var nowPane = (StartTicks + now) / pane;
                var e = new Expect(d, now);
                foreach (var (kind, cat, stat, group) in stats)
                {
                    var xs = d.Done.Where(o => o.Kind == kind && (group || o.Queue == 0) && nowPane - (StartTicks + o.End) / pane < c.WindowPanes)
                        .Select(o => o.Duration).ToList();
                    var inRange = xs.Where(x => x >= c.RangeFromMs * Ms && x <= c.RangeToMs * Ms).ToList();
                    double expected = cat switch
                    {
                        Cat.TotalNumber => xs.Count,
                        Cat.TotalTime => Sec(xs.Sum()),
                        Cat.AverageTime => xs.Count == 0 ? 0 : Sec(xs.Sum()) / xs.Count,
                        Cat.MaxTime => xs.Count == 0 ? 0 : Sec(xs.Max()),
                        Cat.MinTime => xs.Count == 0 ? 0 : Sec(xs.Min()),
                        Cat.TotalNumberInTimeRange => inRange.Count,
                        Cat.TotalTimeInTimeRange => Sec(inRange.Sum()),
                        _ => throw new InvalidOperationException(),
                    };
                    e.Eq($"{(group ? "qg1" : "q1")} Sliding {kind} {cat}", expected, stat);
                }
                e.Verify();
            });
        });

    [Property(MaxTest = 200, Replay = "(33333333,44444441)")]
    public Property Selection_matches_brute_force() =>
        Prop.ForAll(Cases(), c =>
        {
            var profile = TimeProfile.Selection(c.SelectionN);
            var range = new TimeRange(TimeSpan.FromTicks(c.RangeFromMs * Ms), TimeSpan.FromTicks(c.RangeToMs * Ms));
            var stats = new List<(Kind Kind, Cat Cat, OpenedStatistic Stat)>();
            Run(c, d =>
            {
                foreach (var (kind, action) in Masks)
                    foreach (var cat in new[] { Cat.TotalNumber, Cat.TotalTime, Cat.AverageTime, Cat.MaxTime, Cat.MinTime, Cat.TotalNumberInTimeRange, Cat.Percentile })
                    {
                        var t = Make(cat, Of(action), profile: profile, range: cat == Cat.TotalNumberInTimeRange ? range : null,
                            percentile: cat == Cat.Percentile ? c.Percentile : 0);
                        stats.Add((kind, cat, d.S.Open(t, ObjectType.Queue, "q1")));
                    }
            }, (d, now) =>
            {
                var e = new Expect(d, now);
                foreach (var (kind, cat, stat) in stats)
                {
                    var xs = d.Done.Where(o => o.Kind == kind && o.Queue == 0).OrderBy(o => o.Order).TakeLast(c.SelectionN).Select(o => o.Duration).ToList();
                    double expected = cat switch
                    {
                        Cat.TotalNumber => xs.Count,
                        Cat.TotalTime => Sec(xs.Sum()),
                        Cat.AverageTime => xs.Count == 0 ? 0 : Sec(xs.Sum()) / xs.Count,
                        Cat.MaxTime => xs.Count == 0 ? 0 : Sec(xs.Max()),
                        Cat.MinTime => xs.Count == 0 ? 0 : Sec(xs.Min()),
                        Cat.TotalNumberInTimeRange => xs.Count(x => x >= c.RangeFromMs * Ms && x <= c.RangeToMs * Ms),
                        Cat.Percentile => Sec(NearestRank(xs, c.Percentile)),
                        _ => throw new InvalidOperationException(),
                    };
                    e.Eq($"q1 Selection({c.SelectionN}) {kind} {cat}{(cat == Cat.Percentile ? $" p{c.Percentile} n={xs.Count}" : "")}", expected, stat);
                }
                e.Verify();
            });
        });

    [Property(MaxTest = 200, Replay = "(55555555,66666661)")]
    public Property Growing_totals_and_percentile_exact() =>
        Prop.ForAll(Cases(), c =>
        {
            var stats = new List<(Kind Kind, Cat Cat, OpenedStatistic Stat)>();
            Run(c, d =>
            {
                foreach (var (kind, action) in Masks)
                    foreach (var cat in new[] { Cat.TotalNumber, Cat.TotalTime, Cat.MaxTime, Cat.MinTime, Cat.Percentile })
                        stats.Add((kind, cat, d.S.Open(Make(cat, Of(action), percentile: cat == Cat.Percentile ? c.Percentile : 0), ObjectType.Queue, "q1")));
            }, (d, now) =>
            {
                var e = new Expect(d, now);
                foreach (var (kind, cat, stat) in stats)
                {
                    var xs = d.Done.Where(o => o.Kind == kind && o.Queue == 0).Select(o => o.Duration).ToList();
                    var what = $"q1 Growing {kind} {cat}{(cat == Cat.Percentile ? $" p{c.Percentile} n={xs.Count}" : "")}";
                    double expected = cat switch
                    {
                        Cat.Percentile => Sec(NearestRank(xs, c.Percentile)),
                        Cat.TotalNumber => xs.Count,
                        Cat.TotalTime => Sec(xs.Sum()),
                        Cat.MaxTime => xs.Count == 0 ? 0 : Sec(xs.Max()),
                        Cat.MinTime => xs.Count == 0 ? 0 : Sec(xs.Min()),
                        _ => throw new InvalidOperationException(),
                    };
                    e.Eq(what, expected, stat);
                }
                e.Verify();
            });
        });

    [Property(MaxTest = 200, Replay = "(77777777,88888881)")]
    public Property Current_categories_match_the_calls_waiting() =>
        Prop.ForAll(Cases(), c =>
        {
            var range = new TimeRange(TimeSpan.FromTicks(c.RangeFromMs * Ms), TimeSpan.FromTicks(c.RangeToMs * Ms));
            var stats = new List<(Cat Cat, OpenedStatistic Stat, string Obj)>();
            Run(c, d =>
            {
                foreach (var cat in new[] { Cat.CurrentNumber, Cat.CurrentMaxTime, Cat.CurrentMinTime, Cat.CurrentTime, Cat.CurrentAverageTime, Cat.CurrentNumberInTimeRange, Cat.CurrentDistinctNumber })
                {
                    var t = Make(cat, Of(StatAction.CallWait), range: cat == Cat.CurrentNumberInTimeRange ? range : null);
                    stats.Add((cat, d.S.Open(t, ObjectType.Queue, "q1"), "q1"));
                    stats.Add((cat, d.S.Open(t, ObjectType.GroupQueues, "qg1"), "qg1"));
                    stats.Add((cat, d.S.Open(t, ObjectType.Tenant, "t1"), "t1"));
                }
            }, (d, now) =>
            {
                var e = new Expect(d, now);
                foreach (var (cat, stat, obj) in stats)
                {
                    var waits = d.Waiting.Values.Where(w => obj != "q1" || w.Queue == 0).Select(w => now - w.Begin).ToList();
                    double expected = cat switch
                    {
                        Cat.CurrentNumber => waits.Count,
                        Cat.CurrentMaxTime => waits.Count == 0 ? 0 : Sec(waits.Max()),
                        Cat.CurrentMinTime => waits.Count == 0 ? 0 : Sec(waits.Min()),
                        Cat.CurrentTime => Sec(waits.Sum()),
                        Cat.CurrentAverageTime => waits.Count == 0 ? 0 : Sec(waits.Sum()) / waits.Count,
                        Cat.CurrentNumberInTimeRange => waits.Count(x => x >= c.RangeFromMs * Ms && x <= c.RangeToMs * Ms),
                        Cat.CurrentDistinctNumber => obj == "q1" ? waits.Count : d.Waiting.Values.Select(w => w.Queue).Distinct().Count(),
                        _ => throw new InvalidOperationException(),
                    };
                    e.Eq($"{obj} {cat}", expected, stat);
                }
                e.Verify();
            });
        });
}
