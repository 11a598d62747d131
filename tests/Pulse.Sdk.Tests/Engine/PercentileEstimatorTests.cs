using System.Globalization;
using System.Runtime.CompilerServices;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Events;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Tests.Support;
using static Pulse.Sdk.Tests.Support.Types;
using C = Pulse.Sdk.Statistics.StandardCatalogue;

namespace Pulse.Sdk.Tests.Engine;

/// <summary>
/// Growing percentiles: exact nearest rank up to 10,000 durations in the interval, within 0.1 % beyond
/// (docs/statistics.md, <c>Percentile</c>).
/// </summary>
public class PercentileEstimatorTests
{
    private const long Ms = TimeSpan.TicksPerMillisecond;

    /// <summary>Calls handled one after another by a1 on q1: each waits, then talks.</summary>
    private static (Scenario S, OpenedStatistic[] Stats) HandledCalls(params (double Wait, double Talk)[] calls)
    {
        var s = new Scenario();
        OpenedStatistic[] stats = [.. new[] { C.WaitP50, C.WaitP90, C.HandleP50, C.HandleP90 }.Select(t => s.Open(t, ObjectType.Queue, "q1"))];
        s.Login(0, "a1", "5001");
        double t = 10;
        for (var k = 0; k < calls.Length; k++)
        {
            var (wait, talk) = calls[k];
            s.Queue(t, $"c{k}", "8001");
            s.Answer(t + wait, t + wait, $"c{k}", "8001", "a1", "5001");
            s.Release(t + wait + talk, $"c{k}", "a1", "5001");
            t += wait + talk + 5;
        }
        s.At(t);
        return (s, stats);
    }

    [Fact]
    public void One_call_reports_its_own_wait_and_handle_time()
    {
        var (s, stats) = HandledCalls((15, 120));
        Assert.Equal(new double[] { 15, 15, 120, 120 }, stats.Select(s.Value));
    }

    [Fact]
    public void Two_calls_report_the_first_and_second_by_rank()
    {
        var (s, stats) = HandledCalls((40, 60), (15, 120));
        // waits 15, 40 and handle times 60, 120: p50 rank ⌈0.5 · 2⌉ = 1, p90 rank ⌈0.9 · 2⌉ = 2
        Assert.Equal(new double[] { 15, 40, 60, 120 }, stats.Select(s.Value));
    }

    [Fact]
    public void Ten_calls_report_the_fifth_and_ninth_by_rank()
    {
        var (s, stats) = HandledCalls((12, 100), (5, 250), (30, 40), (8, 180), (45, 75), (20, 300), (3, 90), (60, 130), (15, 60), (25, 210));
        // waits 3 5 8 12 15 20 25 30 45 60, handle times 40 60 75 90 100 130 180 210 250 300:
        // p50 rank ⌈0.5 · 10⌉ = 5, p90 rank ⌈0.9 · 10⌉ = 9
        Assert.Equal(new double[] { 15, 45, 100, 250 }, stats.Select(s.Value));
    }

    /// <summary>Calls c1..c10,001 queued at once on q1.</summary>
    private static void Queue10001(Scenario s)
    {
        for (var k = 1; k <= 10_001; k++) s.Queue(0, $"c{k}", "8001");
    }

    /// <summary>The k-th call is abandoned after k seconds.</summary>
    private static void Abandon(Scenario s, int from, int to)
    {
        for (var k = from; k <= to; k++) s.Send(k, PulseEventType.Abandoned, connId: $"c{k}", dn: "8001");
    }

    private static readonly StatisticType AbandonP50 = Make(StatisticCategory.Percentile, Of(StatAction.CallAbandoned), percentile: 50);
    private static readonly StatisticType AbandonP90 = Make(StatisticCategory.Percentile, Of(StatAction.CallAbandoned), percentile: 90);

    [Fact]
    public void Exact_at_10000_durations_and_within_a_thousandth_at_10001()
    {
        var s = new Scenario();
        var p50 = s.Open(AbandonP50, ObjectType.Queue, "q1");
        var p90 = s.Open(AbandonP90, ObjectType.Queue, "q1");
        Queue10001(s);
        Abandon(s, 1, 10_000);
        Assert.Equal(5000, s.Value(p50));   // durations 1..10,000 s: rank 5,000
        Assert.Equal(9000, s.Value(p90));   // rank 9,000
        Abandon(s, 10_001, 10_001);
        // durations 1..10,001 s: rank ⌈5,000.5⌉ = 5,001 and ⌈9,000.9⌉ = 9,001, now from the sketch
        Assert.InRange(s.Value(p50), 5001 * 0.999, 5001 * 1.001);
        Assert.InRange(s.Value(p90), 9001 * 0.999, 9001 * 1.001);
    }

    [Fact]
    public void Engine_checkpoint_keeps_the_sketch()
    {
        var s = new Scenario();
        var p50 = s.Open(AbandonP50, ObjectType.Queue, "q1");
        Queue10001(s);
        Abandon(s, 1, 10_001);
        var before = s.Value(p50);
        using var stream = new MemoryStream();
        s.Engine.WriteCheckpoint(stream);

        var restored = new StatisticsEngine(s.Config, new StatisticsEngineOptions { TimeProvider = s.Clock });
        var again = restored.Open(new StatisticRequest(AbandonP50, s.Obj(ObjectType.Queue, "q1")));
        stream.Position = 0;
        restored.RestoreCheckpoint(stream);
        Assert.Equal(before, restored.Read(again).Number);
    }

    /// <summary>n durations up to an hour, the same for the same n.</summary>
    private static long[] UpToAnHour(int n)
    {
        var random = new Random(n);
        return [.. Enumerable.Range(0, n).Select(_ => random.NextInt64(0, 3_600 * TimeSpan.TicksPerSecond))];
    }

    private static PercentileEstimator Filled(IEnumerable<long> values)
    {
        var e = new PercentileEstimator();
        foreach (var v in values) e.Add(v);
        return e;
    }

    private static byte[] Bytes(PercentileEstimator e)
    {
        using var stream = new MemoryStream();
        using (var w = new CheckpointWriter(stream)) e.Write(w);
        return stream.ToArray();
    }

    private static PercentileEstimator Read(byte[] bytes)
    {
        var e = new PercentileEstimator();
        using var r = new CheckpointReader(new MemoryStream(bytes));
        e.Read(r);
        return e;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(10_000)]
    [InlineData(25_000)]
    public void Checkpoint_round_trip_gives_the_same_percentiles_and_bytes(int n)
    {
        var original = Filled(UpToAnHour(n));
        var bytes = Bytes(original);
        var copy = Read(bytes);
        Assert.Equal(original.IsSketch, copy.IsSketch);
        Assert.Equal(bytes, Bytes(copy));
        for (var p = 1; p <= 100; p++) Assert.Equal(original.Percentile(p), copy.Percentile(p));
        // Both go on alike.
        foreach (var v in new[] { 0L, 5 * Ms, 90 * TimeSpan.TicksPerSecond, 7_200 * TimeSpan.TicksPerSecond })
        {
            original.Add(v);
            copy.Add(v);
        }
        for (var p = 1; p <= 100; p++) Assert.Equal(original.Percentile(p), copy.Percentile(p));
    }

    [Theory]
    [InlineData(5_000)]
    [InlineData(30_000)]
    public void An_interval_like_the_last_allocates_nothing(int n)
    {
        var values = UpToAnHour(n);
        var e = Filled(values);
        _ = e.Percentile(50);
        var bytes = e.Bytes;
        // A first interval the same way grows the buffers and compiles every path the measured one takes (the JIT
        // allocates on the thread it compiles for, which is not the estimator's doing).
        e.Clear();
        Interval(e, values);
        e.Clear();
        var before = GC.GetAllocatedBytesForCurrentThread();
        Interval(e, values);
        Assert.Equal(0L, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(bytes, e.Bytes);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        static void Interval(PercentileEstimator e, long[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                e.Add(values[i]);
                if (i % 100 == 0) _ = e.Percentile(90);
            }
            _ = e.Percentile(50);
        }
    }

    /// <summary>Durations of one interval added in batches, with the percentiles asked after each batch.</summary>
    public sealed record Case(int Seed, int Shape, int[] Batches, int[] Percentiles)
    {
        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"seed {Seed}, shape {Shape}, batches [{string.Join(",", Batches)}], p [{string.Join(",", Percentiles)}]");
    }

    private static Arbitrary<Case> Cases()
    {
        var batch = Gen.Frequency((3, Gen.Choose(0, 50)), (2, Gen.Choose(0, 400)), (3, Gen.Choose(1_000, 6_000)));
        return (
            from seed in Gen.Choose(0, int.MaxValue)
            from shape in Gen.Choose(0, 3)
            from count in Gen.Choose(0, 12)
            from batches in batch.ArrayOf(count)
            from percentiles in Gen.ArrayOf(Gen.Choose(1, 100))
            select new Case(seed, shape, batches, [.. percentiles, 1, 50, 100])).ToArbitrary();
    }

    /// <summary>A duration in ticks: call-like ms, log-uniform up to a day, many equal and sub-ms ones, or a narrow band.</summary>
    private static long Draw(Random r, int shape) => shape switch
    {
        0 => r.Next(0, 600_000) * Ms,
        1 => (long)Math.Exp(r.NextDouble() * Math.Log(86_400.0 * TimeSpan.TicksPerSecond)),
        2 => r.Next(4) switch { 0 => 0, 1 => r.Next(0, 10_000), 2 => 30 * TimeSpan.TicksPerSecond, _ => r.Next(0, 1_000) * Ms },
        _ => 120 * TimeSpan.TicksPerSecond + r.Next(-5_000, 5_000) * Ms,
    };

    [Property(MaxTest = 200, Replay = "(31415926,27182819)")]
    public Property Exact_up_to_10000_then_within_a_thousandth_of_brute_force() =>
        Prop.ForAll(Cases(), c =>
        {
            var r = new Random(c.Seed);
            var e = new PercentileEstimator();
            // Two intervals, so the second runs on arrays kept by Clear.
            for (var interval = 0; interval < 2; interval++)
            {
                var all = new List<long>();
                e.Clear();
                foreach (var n in c.Batches)
                {
                    for (var i = 0; i < n; i++)
                    {
                        var v = Draw(r, (c.Shape + interval) % 4);
                        all.Add(v);
                        e.Add(v);
                    }
                    var sorted = all.Order().ToArray();
                    foreach (var p in c.Percentiles)
                    {
                        var actual = e.Percentile(p);
                        if (sorted.Length == 0) { Assert.Equal(0, actual); continue; }
                        var exact = sorted[Math.Max(1, (p * sorted.Length + 99) / 100) - 1];
                        var what = $"interval {interval}, n {sorted.Length}, p{p}: exact {exact}, actual {actual}";
                        if (sorted.Length <= PercentileEstimator.ExactLimit) Assert.True(exact == actual, what);
                        else if (exact < PercentileEstimator.SketchMinTicks) Assert.True(actual == 0, what);
                        else Assert.True(Math.Abs(actual - exact) <= 0.001 * exact, what);
                    }
                }
            }
        });
}
