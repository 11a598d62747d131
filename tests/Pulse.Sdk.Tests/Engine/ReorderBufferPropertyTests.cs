using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Events;
using Pulse.Sdk.Simulation;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Tests.Support;

namespace Pulse.Sdk.Tests.Engine;

/// <summary>
/// The four streams of a simulated day (voice, voice-vq, ixn, ixn-vq), interleaved in any order that keeps each stream's
/// own order, go through the reorder buffer the way a Data Collection Unit partition uses it, into an engine with the
/// events clock; every statistic of the standard catalogue must equal the engine fed the time-ordered merge. The
/// properties run with a fixed FsCheck seed (Replay) so a failure reproduces; FsCheck prints the case.
/// </summary>
public class ReorderBufferPropertyTests
{
    private const long Window = 250 * TimeSpan.TicksPerMillisecond;

    /// <summary>A simulated day (its seed and length) and how its streams are interleaved (a seed for the choices).</summary>
    public sealed record Case(int DaySeed, int Events, int InterleavingSeed, int MaxRun)
    {
        public override string ToString() => $"day seed {DaySeed}, {Events} events, interleaving seed {InterleavingSeed}, runs up to {MaxRun} events";
    }

    private static Arbitrary<Case> Cases() =>
        (from day in Gen.Choose(1, 100_000)
         from events in Gen.Choose(500, 3000)
         from interleaving in Gen.Choose(1, int.MaxValue - 1)
         from run in Gen.Elements(1, 5, 50, 500)
         select new Case(day, events, interleaving, run)).ToArbitrary();

    /// <summary>
    /// Any interleaving: a random stream delivers a random run of its events, then another, so a stream may be thousands
    /// of events ahead of another. The window never expires here (nothing moves the wall clock), so only the streams'
    /// frontiers release events.
    /// </summary>
    [Property(MaxTest = 40, Replay = "(20261203,1)")]
    public Property Any_interleaving_of_the_streams_gives_the_values_of_the_time_ordered_merge() =>
        Prop.ForAll(Cases(), c =>
        {
            var (config, events) = Day(c.DaySeed, c.Events);
            var arrivals = Interleave(Streams(events), new Random(c.InterleavingSeed), c.MaxRun).Select(a => (a.Stream, a.Event, At: 0L)).ToList();
            var (values, late) = ThroughBuffer(config, arrivals, window: long.MaxValue);
            Assert.Equal(0, late);
            AssertSameValues(Merged(config, events), values);
        });

    /// <summary>
    /// LDS-like delays: each event reaches the unit 0 to 250 ms (the window) after its time, each stream keeping its
    /// order, the streams merged by arrival. Silent stretches of a stream make the window release events; still exact.
    /// </summary>
    [Property(MaxTest = 40, Replay = "(20261205,3)")]
    public Property Delays_up_to_the_window_give_the_values_of_the_time_ordered_merge() =>
        Prop.ForAll(Cases(), c =>
        {
            var (config, events) = Day(c.DaySeed, c.Events);
            var random = new Random(c.InterleavingSeed);
            // One stream is the laggard (every event late by up to the window), the others jitter a little.
            var laggard = random.Next(4);
            var streams = Streams(events);
            var arrivals = new List<(int Stream, PulseEvent Event, long At, int Tie)>();
            foreach (var (stream, list) in streams.Select((l, i) => (i, l)))
            {
                var last = long.MinValue;
                foreach (var e in list)
                {
                    var delay = stream == laggard ? (long)(random.NextDouble() * Window) : random.Next(0, 20) * TimeSpan.TicksPerMillisecond;
                    last = Math.Max(last, e.Time.UtcTicks + delay);
                    arrivals.Add((stream, e, last, random.Next()));
                }
            }
            var ordered = arrivals.OrderBy(a => a.At).ThenBy(a => a.Tie).Select(a => (a.Stream, a.Event, a.At)).ToList();
            // Keep each stream's own order among equal arrival times (OrderBy is stable, but Tie shuffles them).
            ordered = KeepStreamOrder(ordered, streams);
            var (values, late) = ThroughBuffer(config, ordered, Window);
            Assert.Equal(0, late);
            AssertSameValues(Merged(config, events), values);
        });

    /// <summary>The properties are not vacuous: applied in arrival order, the same interleavings give other values.</summary>
    [Fact]
    public void Applied_in_arrival_order_the_interleaved_streams_give_other_values()
    {
        var (config, events) = Day(7, 3000);
        var arrivals = Interleave(Streams(events), new Random(3), 500).ToList();
        var clock = new ReplayClock(events[0].Time);
        var engine = new StatisticsEngine(config, new StatisticsEngineOptions { TimeProvider = clock });
        engine.OpenStandardCatalogue(NotificationMode.None);
        foreach (var (_, e) in arrivals)
        {
            clock.AdvanceTo(e.Time);
            engine.Apply(e);
        }
        clock.AdvanceTo(events.Max(e => e.Time));
        var merged = Merged(config, events);
        var actual = Values(engine.Snapshot());
        Assert.Contains(merged, kv => !actual[kv.Key].Equals(kv.Value));
    }

    /// <summary>Beyond the window the order is lost: a stream 5 windows behind the others has late events, and they are counted.</summary>
    [Fact]
    public void A_stream_that_lags_more_than_the_window_has_late_events()
    {
        var (config, events) = Day(5, 3000);
        var streams = Streams(events);
        var arrivals = streams.SelectMany((list, i) => list.Select(e => (Stream: i, Event: e, At: e.Time.UtcTicks + (i == 0 ? 5 * Window : 0))))
            .OrderBy(a => a.At).ToList();
        var (_, late) = ThroughBuffer(config, arrivals, Window);
        Assert.True(late > 0, "no late event counted");
    }

    private static (PulseConfiguration, List<PulseEvent>) Day(int seed, int count)
    {
        var sim = new ContactCenterSimulator(SimulatorOptions.Demo with { Seed = seed });
        return (sim.Configuration, sim.Generate().Take(count).ToList());
    }

    /// <summary>The four streams, each in its own order.</summary>
    private static List<PulseEvent>[] Streams(List<PulseEvent> events) =>
        [.. Enumerable.Range(0, 4).Select(k => events.Where(e => (int)e.Source == k).ToList())];

    private static IEnumerable<(int Stream, PulseEvent Event)> Interleave(List<PulseEvent>[] streams, Random random, int maxRun)
    {
        var next = new int[streams.Length];
        while (true)
        {
            var open = Enumerable.Range(0, streams.Length).Where(s => next[s] < streams[s].Count).ToList();
            if (open.Count == 0) yield break;
            var s = open[random.Next(open.Count)];
            var run = random.Next(1, maxRun + 1);
            for (var i = 0; i < run && next[s] < streams[s].Count; i++) yield return (s, streams[s][next[s]++]);
        }
    }

    private static List<(int Stream, PulseEvent Event, long At)> KeepStreamOrder(List<(int Stream, PulseEvent Event, long At)> arrivals, List<PulseEvent>[] streams)
    {
        // Within a stream the arrival times never decrease, but equal ones may have been shuffled: put the stream's events back in its order.
        var next = streams.Select(l => new Queue<PulseEvent>(l)).ToArray();
        return arrivals.Select(a => (a.Stream, next[a.Stream].Dequeue(), a.At)).ToList();
    }

    /// <summary>
    /// What a partition does: before each arrival the window's timer releases what it must; the arrival moves its stream's
    /// frontier; events before every running stream's frontier are released; a stream with nothing left stops holding back.
    /// </summary>
    private static (Dictionary<string, StatisticValue> Values, int Late) ThroughBuffer(PulseConfiguration config, List<(int Stream, PulseEvent Event, long At)> arrivals, long window)
    {
        var clock = new ReplayClock(DateTimeOffset.UnixEpoch);
        var engine = new StatisticsEngine(config, new StatisticsEngineOptions { TimeProvider = clock });
        engine.OpenStandardCatalogue(NotificationMode.None);
        var buffer = new ReorderBuffer(window);
        var frontier = new long[4];
        Array.Fill(frontier, long.MinValue);
        var remaining = new int[4];
        foreach (var a in arrivals) remaining[a.Stream]++;
        var lastApplied = long.MinValue;
        var late = 0;
        void Apply(PulseEvent e)
        {
            if (e.Time.UtcTicks < lastApplied) late++;
            else lastApplied = e.Time.UtcTicks;
            clock.AdvanceTo(e.Time);
            engine.Apply(e);
        }
        void Release(long now)
        {
            var safe = long.MaxValue;
            for (var s = 0; s < 4; s++)
                if (remaining[s] > 0) safe = Math.Min(safe, frontier[s]);
            while (buffer.TryRelease(now, safe, out var held)) Apply(held.Event);
        }
        foreach (var (stream, e, at) in arrivals)
        {
            Release(at - 1);
            frontier[stream] = Math.Max(frontier[stream], e.Time.UtcTicks);
            buffer.Add(new HeldEvent(e, stream, -1, at));
            remaining[stream]--;
            Release(at);
        }
        while (buffer.TryTake(out var held)) Apply(held.Event);
        clock.AdvanceTo(arrivals.Max(a => a.Event.Time));
        return (Values(engine.Snapshot()), late);
    }

    /// <summary>The reference: the time-ordered merge, each stream's order kept among equals.</summary>
    private static Dictionary<string, StatisticValue> Merged(PulseConfiguration config, List<PulseEvent> events) => ReplayValues.Of(config, ReplayValues.TimeOrdered(events));

    private static Dictionary<string, StatisticValue> Values(IEnumerable<StatisticUpdate> snapshot) => ReplayValues.ByKey(snapshot);

    private static void AssertSameValues(Dictionary<string, StatisticValue> expected, Dictionary<string, StatisticValue> actual) => ReplayValues.AssertSame(expected, actual);
}
