using Pulse.Sdk.Statistics;
using Pulse.Sdk.Storage;
using C = Pulse.Sdk.Statistics.StandardCatalogue;

namespace Pulse.Sdk.Dashboards.Tests.Storage;

public class InProcessStatisticValueSourceTests
{
    private sealed class Recorder : IStatisticChangeObserver
    {
        public List<StatisticChange> Changes { get; } = [];

        public void OnChanges(IReadOnlyList<StatisticChange> changes) => Changes.AddRange(changes);

        public void OnGap() { }
    }

    [Fact]
    public async Task Keeps_the_latest_values_by_object_and_hands_each_flush_to_the_tenants_observers_until_they_unsubscribe()
    {
        var s = new Scenario();
        var source = new InProcessStatisticValueSource();
        s.Engine.AddSink(source);
        var entered = s.Open(C.Entered, ObjectType.Queue, "q1");
        s.Open(C.Waiting, ObjectType.Queue, "q1");
        var tenant = entered.Object.Tenant;
        var mine = new Recorder();
        var other = new Recorder();
        var subscription = await source.SubscribeAsync(tenant, mine);
        await using var _ = await source.SubscribeAsync("another-tenant", other);

        s.Engine.Flush();
        s.Queue(10, "c1", "8001");
        s.Engine.Flush();

        var values = await source.GetValuesAsync(entered.Object);
        Assert.Equal(2, values.Count);
        var latest = Assert.Single(values, v => v.Statistic == "Entered");
        Assert.Equal(1, latest.Value.Number);
        Assert.Equal(s.Start.AddSeconds(10), latest.Time);
        Assert.Equal([0, 0, 1, 1], mine.Changes.Select(c => c.Value.Number));
        Assert.Empty(other.Changes);
        Assert.Empty(source.HistoryResolutions);

        s.At(15);
        s.Engine.Close(entered);
        s.Engine.Flush();
        Assert.Equal("Waiting", Assert.Single(await source.GetValuesAsync(entered.Object)).Statistic);
        var removed = mine.Changes[^1];
        Assert.True(removed.Removed);
        Assert.Equal(("Entered", entered.Object, s.Start.AddSeconds(15)), (removed.Statistic, removed.Object, removed.Time));

        await subscription.DisposeAsync();
        var seen = mine.Changes.Count;
        s.Queue(20, "c2", "8001");
        s.Engine.Flush();
        Assert.Equal(seen, mine.Changes.Count);
        Assert.Equal(2, Assert.Single(await source.GetValuesAsync(entered.Object)).Value.Number);
        await Assert.ThrowsAsync<ArgumentException>(async () => await source.GetHistoryAsync(entered.Object, "Waiting", TimeSpan.FromSeconds(1), s.Start, s.Start));
    }

    [Fact]
    public async Task With_a_history_window_it_keeps_the_last_value_of_each_second_for_that_window()
    {
        var s = new Scenario();
        var source = new InProcessStatisticValueSource(TimeSpan.FromSeconds(30));
        s.Engine.AddSink(source);
        var entered = s.Open(C.Entered, ObjectType.Queue, "q1");
        s.Engine.Flush();                       // 0 at +0 s
        s.Queue(10, "c1", "8001");
        s.Queue(10.5, "c2", "8001");
        s.Engine.Flush();                       // 2 at +10 s (the later value of that second wins)
        s.Queue(40, "c3", "8001");
        s.Engine.Flush();                       // 3 at +40 s: +0 s falls out of the 30-point window only when 30 points are held

        var all = await source.GetHistoryAsync(entered.Object, "Entered", TimeSpan.FromSeconds(1), s.Start, s.Start.AddHours(1));
        var middle = await source.GetHistoryAsync(entered.Object, "Entered", TimeSpan.FromSeconds(1), s.Start.AddSeconds(5), s.Start.AddSeconds(39));

        Assert.Equal([TimeSpan.FromSeconds(1)], source.HistoryResolutions);
        Assert.Equal([(0, 0.0), (10, 2.0), (40, 3.0)], all.Select(p => ((int)(p.Time - s.Start).TotalSeconds, p.Value.Number)));
        Assert.Equal([10], middle.Select(p => (int)(p.Time - s.Start).TotalSeconds));
        await Assert.ThrowsAsync<ArgumentException>(async () => await source.GetHistoryAsync(entered.Object, "Entered", TimeSpan.FromMinutes(1), s.Start, s.Start));
        Assert.Throws<ArgumentOutOfRangeException>(() => new InProcessStatisticValueSource(TimeSpan.FromDays(2)));
    }

    [Fact]
    public void The_history_ring_overwrites_its_oldest_second_when_full()
    {
        var ring = new StatisticHistoryRing(3);
        var t0 = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 5; i++) ring.Add(t0.AddSeconds(i).AddMilliseconds(250), new StatisticValue(i));
        ring.Add(t0.AddSeconds(1), new StatisticValue(99)); // older than the newest point: ignored

        Assert.Equal([(2, 2.0), (3, 3.0), (4, 4.0)], ring.Range(t0, t0.AddMinutes(1)).Select(p => ((int)(p.Time - t0).TotalSeconds, p.Value.Number)));
    }
}
