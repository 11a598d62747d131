using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Pulse.Sdk.Redis.Tests.Support;
using Pulse.Sdk.Statistics;
using StackExchange.Redis;

namespace Pulse.Sdk.Redis.Tests;

public sealed class RedisStatisticStoreTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static async Task AssertRedisHoldsAsync(RedisStatisticStore store, LastValueSink expected)
    {
        Assert.NotEmpty(expected.Last);
        foreach (var (s, u) in expected.Last)
        {
            var v = await store.GetValueAsync(s.Object, s.Type.Name);
            Assert.True(v == u.Value, $"{s}: Redis has {v}, the engine sent {u.Value}");
        }
    }

    /// <summary>A store under <paramref name="prefix"/> fed by a simulated engine, next to a sink that keeps what the engine sent.</summary>
    private static (RedisStatisticStore Store, SimulatedEngine Sim, LastValueSink Expected) Feed(IConnectionMultiplexer redis, string prefix)
    {
        var store = new RedisStatisticStore(redis, new RedisStatisticStoreOptions { KeyPrefix = prefix });
        var sim = new SimulatedEngine();
        var expected = new LastValueSink();
        sim.Engine.AddSink(store);
        sim.Engine.AddSink(expected);
        return (store, sim, expected);
    }

    [Fact]
    public async Task Every_value_the_engine_sends_is_in_the_objects_hash_under_a_tenant_hash_tag()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        var prefix = RedisTestEnvironment.UniquePrefix();
        var (store, sim, expected) = Feed(redis, prefix);
        await using var _ = store;
        sim.Run(TimeSpan.FromMinutes(5));
        await store.FlushAsync().WaitAsync(Wait);

        await AssertRedisHoldsAsync(store, expected);
        var sales = sim.Opened.First(s => s.Object.Type == ObjectType.Queue);
        var raw = await redis.GetDatabase().HashGetAsync($"{prefix}:{{demo}}:Queue:{sales.Object.Id}", sales.Type.Name);
        Assert.Equal(RedisValueEncoding.Encode(expected.Last[sales].Value), (string?)raw);
        var all = await store.GetValuesAsync(sales.Object);
        Assert.Equal(expected.Last.Keys.Count(s => s.Object == sales.Object), all.Count);
        var status = store.Status;
        Assert.Equal(RedisStoreHealth.Healthy, status.Health);
        Assert.Equal(0, status.BufferedValues);
        Assert.True(status.WrittenValues >= expected.Last.Count);
    }

    [Fact]
    public async Task History_keeps_the_last_value_of_each_bucket_per_tier_and_trims_past_the_retention()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        var prefix = RedisTestEnvironment.UniquePrefix();
        var sim = new SimulatedEngine();
        var start = sim.Now;
        var options = new RedisStatisticStoreOptions
        {
            KeyPrefix = prefix,
            HistoryTiers = [new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)), new(TimeSpan.FromMinutes(1), TimeSpan.FromHours(1))],
        };
        var store = new RedisStatisticStore(redis, options);
        var all = new ConcurrentQueue<StatisticUpdate>();
        sim.Engine.AddSink(store);
        sim.Engine.AddSink(new DelegateSink(u => all.Enqueue(u)));
        sim.Run(TimeSpan.FromMinutes(4));
        await store.DisposeAsync(); // writes the open buckets too

        var updates = all.ToArray();
        var busiest = updates.GroupBy(u => u.Statistic).OrderByDescending(g => g.Count()).First();
        var s = busiest.Key;
        var verify = new RedisStatisticStore(redis, options);
        await using var _ = verify;
        var minutes = await verify.GetHistoryAsync(s.Object, s.Type.Name, TimeSpan.FromMinutes(1), start.AddHours(-1), sim.Now.AddHours(1));
        var expectedMinutes = busiest.GroupBy(u => u.Time.ToUnixTimeMilliseconds() / 60_000)
            .Select(g => new RedisHistoryPoint(DateTimeOffset.FromUnixTimeMilliseconds(g.Key * 60_000), g.Last().Value)).ToList();
        Assert.Equal(expectedMinutes, minutes);

        var seconds = await verify.GetHistoryAsync(s.Object, s.Type.Name, TimeSpan.FromSeconds(1), start.AddHours(-1), sim.Now.AddHours(1));
        var expectedSeconds = busiest.GroupBy(u => u.Time.ToUnixTimeMilliseconds() / 1000)
            .Select(g => new RedisHistoryPoint(DateTimeOffset.FromUnixTimeMilliseconds(g.Key * 1000), g.Last().Value)).ToList();
        // Trimmed to the retention (30 s), trimming at most every resolution: what is left is the newest points.
        Assert.NotEmpty(seconds);
        Assert.True(seconds[0].Time >= sim.Now.AddSeconds(-32), $"oldest 1 s point {seconds[0].Time} is past the retention (now {sim.Now})");
        Assert.Equal(expectedSeconds.Where(p => p.Time >= seconds[0].Time), seconds);
        var ttl = await redis.GetDatabase().KeyTimeToLiveAsync(RedisKeys.History(prefix, s.Object.Tenant, TimeSpan.FromSeconds(1)));
        Assert.NotNull(ttl);
        Assert.True(ttl <= TimeSpan.FromSeconds(31));
        // Layout: one hash per tenant, tier and bucket, field Type:Id:statistic, expiring with the retention.
        var bucketKey = RedisKeys.HistoryBucket(prefix, s.Object.Tenant, TimeSpan.FromSeconds(1), seconds[^1].Time.ToUnixTimeMilliseconds());
        var raw = await redis.GetDatabase().HashGetAsync(bucketKey, RedisKeys.HistoryField(s.Object, s.Type.Name));
        Assert.Equal(RedisValueEncoding.Encode(seconds[^1].Value), (string?)raw);
        var bucketTtl = await redis.GetDatabase().KeyTimeToLiveAsync(bucketKey);
        Assert.NotNull(bucketTtl);
        Assert.True(bucketTtl <= TimeSpan.FromSeconds(31));
    }

    [Fact]
    public async Task Replicas_see_every_written_change_on_the_tenants_channel()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        await using var replica = await RedisTestEnvironment.ConnectAsync();
        var prefix = RedisTestEnvironment.UniquePrefix();
        var seen = new ConcurrentDictionary<(ObjectRef, string), RedisStatisticChange>();
        var count = 0;
        await using var subscription = await RedisStatisticSubscriber.SubscribeAsync(replica, "demo", c =>
        {
            seen[(c.Object, c.Statistic)] = c;
            Interlocked.Increment(ref count);
        }, prefix);
        var (store, sim, expected) = Feed(redis, prefix);
        await using var _ = store;
        sim.Run(TimeSpan.FromMinutes(2));
        await store.FlushAsync().WaitAsync(Wait);
        // Every statistic's last value, not only its first change, has come through the channel.
        await Eventually.HoldsAsync(() => expected.Last.All(kv => seen.TryGetValue((kv.Key.Object, kv.Key.Type.Name), out var c)
            && c.Value.Equals(kv.Value.Value) && c.Time.ToUnixTimeMilliseconds() == kv.Value.Time.ToUnixTimeMilliseconds()), Wait);
        Assert.Equal(expected.Last.Count, seen.Count);
        foreach (var (s, u) in expected.Last)
        {
            var c = seen[(s.Object, s.Type.Name)];
            Assert.Equal(u.Value, c.Value);
            Assert.Equal(u.Time.ToUnixTimeMilliseconds(), c.Time.ToUnixTimeMilliseconds());
        }
    }

    [Fact]
    public async Task Two_engines_feeding_one_store_keep_their_statistics_apart()
    {
        // Statistic ids are per engine, so the two engines' ids collide: the store must still tell them apart.
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        var prefix = RedisTestEnvironment.UniquePrefix();
        await using var store = new RedisStatisticStore(redis, new RedisStatisticStoreOptions { KeyPrefix = prefix });
        var a = new SimulatedEngine("ta");
        var b = new SimulatedEngine("tb");
        var expected = new LastValueSink();
        foreach (var sim in new[] { a, b })
        {
            sim.Engine.AddSink(store);
            sim.Engine.AddSink(expected);
        }
        for (var round = 0; round < 3; round++)
        {
            a.Run(TimeSpan.FromSeconds(20));
            b.Run(TimeSpan.FromSeconds(20));
        }
        await store.FlushAsync().WaitAsync(Wait);

        Assert.Contains(expected.Last.Keys, s => s.Object.Tenant == "ta");
        Assert.Contains(expected.Last.Keys, s => s.Object.Tenant == "tb");
        await AssertRedisHoldsAsync(store, expected);
    }

    [Fact]
    public async Task A_closed_statistic_is_deleted_from_the_hash_and_published_as_removed()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        await using var replica = await RedisTestEnvironment.ConnectAsync();
        var prefix = RedisTestEnvironment.UniquePrefix();
        var removed = new ConcurrentQueue<RedisStatisticChange>();
        await using var subscription = await RedisStatisticSubscriber.SubscribeAsync(replica, "demo", c =>
        {
            if (c.Removed) removed.Enqueue(c);
        }, prefix);
        var (store, sim, expected) = Feed(redis, prefix);
        await using var _ = store;
        sim.Run(TimeSpan.FromSeconds(30));
        await store.FlushAsync().WaitAsync(Wait);
        var s = expected.Last.Keys.First();
        var sibling = expected.Last.Keys.First(x => x.Object == s.Object && x != s);
        Assert.NotNull(await store.GetValueAsync(s.Object, s.Type.Name));

        // The engine tells the store of the close at its next flush (IStatisticSink.OnClosed).
        sim.Engine.Close(s);
        sim.Engine.Flush();
        await store.FlushAsync().WaitAsync(Wait);

        Assert.Null(await store.GetValueAsync(s.Object, s.Type.Name));
        Assert.Equal(expected.Last[sibling].Value, await store.GetValueAsync(sibling.Object, sibling.Type.Name));
        await Eventually.HoldsAsync(() => !removed.IsEmpty, Wait);
        var change = Assert.Single(removed);
        Assert.Equal((s.Object, s.Type.Name), (change.Object, change.Statistic));
    }

    [Fact]
    public async Task A_statistic_closed_and_opened_again_before_a_write_keeps_its_new_value()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        var (store, sim, expected) = Feed(redis, RedisTestEnvironment.UniquePrefix());
        await using var _ = store;
        sim.Run(TimeSpan.FromSeconds(30));
        var s = expected.Last.Keys.First();

        // Both usually reach the store in one write: the old statistic's delete must not remove the new one's value.
        sim.Engine.Close(s);
        var again = sim.Engine.Open(new StatisticRequest(s.Type, s.Object, s.Notification));
        sim.Engine.Flush();
        await store.FlushAsync().WaitAsync(Wait);

        Assert.Equal(expected.Last[again].Value, await store.GetValueAsync(s.Object, s.Type.Name));
    }

    [Fact]
    public async Task Redis_restarted_under_load_loses_nothing_within_the_bound()
    {
        using var server = new RedisTestServer();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(new RedisStatisticStoreOptions().CreateConfiguration(server.Endpoint + ",connectTimeout=1000"));
        var options = new RedisStatisticStoreOptions { KeyPrefix = "pulse", FlushInterval = TimeSpan.FromMilliseconds(20), WriteTimeout = TimeSpan.FromSeconds(1) };
        await using var store = new RedisStatisticStore(redis, options);
        var sim = new SimulatedEngine();
        var expected = new LastValueSink();
        sim.Engine.AddSink(store);
        sim.Engine.AddSink(expected);

        for (var round = 0; round < 3; round++)
        {
            sim.Run(TimeSpan.FromSeconds(30));
            server.Stop();
            await Eventually.HoldsAsync(() => !store.Status.IsConnected, Wait);
            // Down: the engine keeps computing and the sink returns at once.
            var run = Stopwatch.StartNew();
            sim.Run(TimeSpan.FromMinutes(1));
            Assert.True(run.Elapsed < TimeSpan.FromSeconds(10), $"the engine waited for Redis: {run.Elapsed}");
            // The store's flush loop finds Redis down and keeps what it could not write.
            var down = await Eventually.WaitAsync(() => Task.FromResult(store.Status),
                s => s.Health == RedisStoreHealth.Degraded && s.BufferedValues > 0 && s.BufferedHistoryPoints > 0, Wait.TotalSeconds);
            Assert.False(down.IsConnected);
            Assert.Equal(RedisStoreHealth.Degraded, down.Health);
            Assert.True(down.BufferedValues > 0);
            Assert.True(down.BufferedHistoryPoints > 0);

            server.Start();
            await store.FlushAsync().WaitAsync(Wait);
            await AssertRedisHoldsAsync(store, expected);
            Assert.Equal(RedisStoreHealth.Healthy, store.Status.Health);
            Assert.Equal(0, store.Status.DroppedValues);
            Assert.Equal(0, store.Status.DroppedHistoryPoints);
        }
    }

    [Fact]
    public async Task What_exceeds_the_bound_is_dropped_counted_and_reported()
    {
        using var server = new RedisTestServer();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(new RedisStatisticStoreOptions().CreateConfiguration(server.Endpoint + ",connectTimeout=1000"));
        var name = "bound-" + Guid.NewGuid().ToString("N");
        var options = new RedisStatisticStoreOptions { Name = name, FlushInterval = TimeSpan.FromMilliseconds(20), MaxBufferedValues = 10, MaxBufferedHistoryPoints = 5 };
        long droppedValues = 0, droppedHistory = 0;
        var gauges = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (i, l) => { if (i.Meter.Name == RedisMeter.Name) l.EnableMeasurementEvents(i); };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) =>
        {
            var t = tags.ToArray();
            if (!t.Any(x => x.Key == "store" && (string?)x.Value == name)) return;
            if (i.Name == "pulse.redis.dropped_writes")
            {
                if (t.Any(x => (string?)x.Value == "value")) Interlocked.Add(ref droppedValues, v);
                else Interlocked.Add(ref droppedHistory, v);
            }
            else gauges[i.Name] = v;
        });
        listener.SetMeasurementEventCallback<int>((i, v, tags, _) => { });
        listener.Start();

        await using var store = new RedisStatisticStore(redis, options);
        var sim = new SimulatedEngine();
        sim.Engine.AddSink(store);
        server.Stop();
        await Eventually.HoldsAsync(() => !store.Status.IsConnected, Wait);
        sim.Run(TimeSpan.FromMinutes(1));
        var status = await Eventually.WaitAsync(() => Task.FromResult(store.Status),
            s => s.Health == RedisStoreHealth.Unhealthy && s.BufferedValues == 10 && s.DroppedValues > 0 && s.DroppedHistoryPoints > 0, Wait.TotalSeconds);
        Assert.Equal(RedisStoreHealth.Unhealthy, status.Health);
        Assert.Equal(10, status.BufferedValues);
        Assert.True(status.DroppedValues > 0);
        Assert.True(status.DroppedHistoryPoints > 0);
        Assert.Equal(status.DroppedValues, Interlocked.Read(ref droppedValues));
        Assert.Equal(status.DroppedHistoryPoints, Interlocked.Read(ref droppedHistory));
        listener.RecordObservableInstruments();
        Assert.Equal(0, gauges["pulse.redis.connected"]);
        Assert.Equal(10, gauges["pulse.redis.buffered.writes"]);

        server.Start();
        await store.FlushAsync().WaitAsync(Wait);
        Assert.Equal(RedisStoreHealth.Healthy, store.Status.Health);
        listener.RecordObservableInstruments();
        Assert.Equal(1, gauges["pulse.redis.connected"]);
    }

    private sealed class DelegateSink(Action<StatisticUpdate> onUpdate) : IStatisticSink
    {
        public void OnUpdates(ReadOnlySpan<StatisticUpdate> updates)
        {
            foreach (var u in updates) onUpdate(u);
        }
    }
}
