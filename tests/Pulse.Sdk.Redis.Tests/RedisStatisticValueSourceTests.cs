using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Pulse.Sdk.Redis;
using Pulse.Sdk.Redis.Tests.Support;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Storage;

namespace Pulse.Sdk.Redis.Tests;

public sealed class RedisStatisticValueSourceTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private sealed class Batches : IStatisticChangeObserver
    {
        public Channel<IReadOnlyList<StatisticChange>> Received { get; } = Channel.CreateUnbounded<IReadOnlyList<StatisticChange>>();

        public void OnChanges(IReadOnlyList<StatisticChange> changes) => Received.Writer.TryWrite([.. changes]);

        public void OnGap() { }
    }

    private static string Message(params (string Id, string Value)[] updates) =>
        "{\"tenant\":\"demo\",\"updates\":[" +
        string.Join(",", updates.Select(u => $"{{\"type\":\"Queue\",\"id\":\"{u.Id}\",\"statistic\":\"Waiting\",\"time\":1795600000000,\"value\":\"{u.Value}\"}}")) + "]}";

    [Fact]
    public async Task A_message_reaches_the_observer_as_one_batch_and_a_malformed_one_is_skipped_and_counted()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        var prefix = RedisTestEnvironment.UniquePrefix();
        await using var store = new RedisStatisticStore(redis, new RedisStatisticStoreOptions { KeyPrefix = prefix });
        var source = new RedisStatisticValueSource(redis, store, prefix);
        var observer = new Batches();
        long rejected = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (i, l) => { if (i.Name == "pulse.redis.rejected_messages") l.EnableMeasurementEvents(i); };
        listener.SetMeasurementEventCallback<long>((_, v, _, _) => Interlocked.Add(ref rejected, v));
        listener.Start();
        await using var subscription = await source.SubscribeAsync("demo", observer);
        var publisher = redis.GetSubscriber();

        await publisher.PublishAsync(RedisKeys.Updates(prefix, "demo"), Message(("q1", "1"), ("q2", "2"), ("q3", "3")));
        await publisher.PublishAsync(RedisKeys.Updates(prefix, "demo"), "{\"tenant\":\"demo\",\"updates\":[{\"type\":\"NoSuchType\"}]}");
        await publisher.PublishAsync(RedisKeys.Updates(prefix, "demo"), Message(("q1", "4")));

        var first = await observer.Received.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        var second = await observer.Received.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        Assert.Equal(["q1", "q2", "q3"], first.Select(c => c.Object.Id));
        Assert.Equal([1.0, 2.0, 3.0], first.Select(c => c.Value.Number));
        Assert.Equal(4.0, Assert.Single(second).Value.Number);
        Assert.True(Interlocked.Read(ref rejected) >= 1, "the malformed message was not counted");
    }

    [Fact]
    public async Task A_stale_value_the_store_writes_reaches_the_observer_the_snapshot_and_the_history_stale_and_a_later_current_one_clears_it()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        var prefix = RedisTestEnvironment.UniquePrefix();
        await using var store = new RedisStatisticStore(redis, new RedisStatisticStoreOptions { KeyPrefix = prefix });
        var source = new RedisStatisticValueSource(redis, store, prefix);
        var observer = new Batches();
        await using var subscription = await source.SubscribeAsync("demo", observer);
        var sim = new SimulatedEngine();
        var statistic = sim.Opened.First(s => s.Object.Type == ObjectType.Queue);
        var stale = new StatisticValue(42.5) { Stale = true };
        var start = sim.Now;

        store.OnUpdates([new StatisticUpdate(statistic, stale, start)]);
        await store.FlushAsync().WaitAsync(Wait);
        var pushed = Assert.Single(await observer.Received.Reader.ReadAsync().AsTask().WaitAsync(Wait));
        var read = Assert.Single(await source.GetValuesAsync(statistic.Object), c => c.Statistic == statistic.Type.Name);
        // A later value of another second ends the first one-second history bucket, which is then written.
        store.OnUpdates([new StatisticUpdate(statistic, new StatisticValue(43), start.AddSeconds(2))]);
        await store.FlushAsync().WaitAsync(Wait);
        var pushedAgain = Assert.Single(await observer.Received.Reader.ReadAsync().AsTask().WaitAsync(Wait));
        var readAgain = Assert.Single(await source.GetValuesAsync(statistic.Object), c => c.Statistic == statistic.Type.Name);
        var history = await source.GetHistoryAsync(statistic.Object, statistic.Type.Name, TimeSpan.FromSeconds(1), start.AddSeconds(-1), start.AddSeconds(1));

        Assert.Equal(stale, pushed.Value);
        Assert.Equal(stale, read.Value);
        Assert.Equal(stale, Assert.Single(history).Value);
        Assert.Equal(new StatisticValue(43), pushedAgain.Value);
        Assert.False(readAgain.Value.Stale);
        Assert.Equal(43, readAgain.Value.Number);
    }
}
