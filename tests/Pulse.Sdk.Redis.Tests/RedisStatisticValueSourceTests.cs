using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Pulse.Sdk.Redis;
using Pulse.Sdk.Redis.Tests.Support;
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
        listener.InstrumentPublished = (i, l) => { if (i.Name == "pulse_redis_rejected_messages_total") l.EnableMeasurementEvents(i); };
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
}
