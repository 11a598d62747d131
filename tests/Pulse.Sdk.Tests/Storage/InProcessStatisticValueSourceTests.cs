using Pulse.Sdk.Statistics;
using Pulse.Sdk.Storage;
using Pulse.Sdk.Tests.Support;
using C = Pulse.Sdk.Statistics.StandardCatalogue;

namespace Pulse.Sdk.Tests.Storage;

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

        s.Engine.Close(entered);
        Assert.Equal("Waiting", Assert.Single(await source.GetValuesAsync(entered.Object)).Statistic);

        await subscription.DisposeAsync();
        var seen = mine.Changes.Count;
        s.Queue(20, "c2", "8001");
        s.Engine.Flush();
        Assert.Equal(seen, mine.Changes.Count);
        Assert.Equal(2, Assert.Single(await source.GetValuesAsync(entered.Object)).Value.Number);
        await Assert.ThrowsAsync<ArgumentException>(async () => await source.GetHistoryAsync(entered.Object, "Waiting", TimeSpan.FromSeconds(1), s.Start, s.Start));
    }
}
