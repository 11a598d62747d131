using Pulse.Sdk.Statistics;
using Pulse.Sdk.Storage;
using Pulse.Sdk.Tests.Support;
using C = Pulse.Sdk.Statistics.StandardCatalogue;

namespace Pulse.Sdk.Tests.Storage;

public class InMemoryStatisticStoreTests
{
    [Fact]
    public void Keeps_the_latest_value_of_each_notified_statistic()
    {
        var s = new Scenario();
        var store = new InMemoryStatisticStore();
        s.Engine.AddSink(store);
        var entered = s.Open(C.Entered, ObjectType.Queue, "q1");
        var waiting = s.Open(C.Waiting, ObjectType.Queue, "q1");
        s.Engine.Flush();
        Assert.Equal(2, store.Count);
        Assert.True(store.TryGet(entered, out var first));
        Assert.Equal(0, first.Value.Number);

        var v0 = store.Version;
        s.Queue(10, "c1", "8001");
        s.Queue(20, "c2", "8001");
        s.Engine.Flush();
        Assert.True(store.Version > v0);
        Assert.True(store.TryGet(entered, out var latest));
        Assert.Equal(2, latest.Value.Number);
        Assert.Equal(s.Start.AddSeconds(20), latest.Time);
        Assert.True(store.TryGet(waiting, out var w));
        Assert.Equal(2, w.Value.Number);
        Assert.Equal(2, store.Snapshot(x => x.Object.Id == "q1").Count);
    }

    [Fact]
    public void Closed_statistics_are_forgotten()
    {
        var s = new Scenario();
        var store = new InMemoryStatisticStore();
        s.Engine.AddSink(store);
        var entered = s.Open(C.Entered, ObjectType.Queue, "q1");
        var waiting = s.Open(C.Waiting, ObjectType.Queue, "q1");
        s.Engine.Flush();
        Assert.Equal(2, store.Count);

        s.Engine.Close(entered);
        Assert.True(store.TryGet(entered, out _)); // told at the next flush
        s.Engine.Flush();
        Assert.False(store.TryGet(entered, out _));
        Assert.True(store.TryGet(waiting, out _));
        Assert.Equal(1, store.Count);
    }
}
