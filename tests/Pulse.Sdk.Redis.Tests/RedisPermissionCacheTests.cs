using Pulse.Sdk.Redis.Tests.Support;

namespace Pulse.Sdk.Redis.Tests;

public sealed class RedisPermissionCacheTests
{
    [Fact]
    public async Task Stores_reads_replaces_and_expires_a_users_object_ids()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        var cache = new RedisPermissionCache(redis, keyPrefix: RedisTestEnvironment.UniquePrefix());
        Assert.Null(await cache.GetAsync("t1", "alice"));
        Assert.Null(await cache.ContainsAsync("t1", "alice", "Sales"));

        await cache.SetAsync("t1", "alice", ["Sales", "Support"]);
        Assert.Equal(new HashSet<string> { "Sales", "Support" }, await cache.GetAsync("t1", "alice"));
        Assert.True(await cache.ContainsAsync("t1", "alice", "Sales"));
        Assert.False(await cache.ContainsAsync("t1", "alice", "Billing"));
        Assert.Null(await cache.GetAsync("t2", "alice"));

        await cache.SetAsync("t1", "alice", ["Billing"]);
        Assert.Equal(new HashSet<string> { "Billing" }, await cache.GetAsync("t1", "alice"));

        await cache.SetAsync("t1", "bob", []);
        Assert.Empty((await cache.GetAsync("t1", "bob"))!);
        Assert.False(await cache.ContainsAsync("t1", "bob", "Sales"));

        await cache.InvalidateAsync("t1", "bob");
        Assert.Null(await cache.GetAsync("t1", "bob"));

        await cache.SetAsync("t1", "carol", ["Sales"], TimeSpan.FromMilliseconds(200));
        Assert.NotNull(await cache.GetAsync("t1", "carol"));
        await Task.Delay(400);
        Assert.Null(await cache.GetAsync("t1", "carol"));
    }
}

public sealed class RedisCheckpointStoreTests
{
    [Fact]
    public async Task Saves_loads_replaces_and_deletes_a_partitions_blob()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        var store = new RedisCheckpointStore(redis, RedisTestEnvironment.UniquePrefix());
        Assert.Null(await store.LoadCheckpointAsync("p0"));
        var blob = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7)).ToArray();
        await store.SaveCheckpointAsync("p0", blob);
        Assert.Equal(blob, await store.LoadCheckpointAsync("p0"));
        Assert.Null(await store.LoadCheckpointAsync("p1"));
        await store.SaveCheckpointAsync("p0", new byte[] { 1, 2, 3 });
        Assert.Equal(new byte[] { 1, 2, 3 }, await store.LoadCheckpointAsync("p0"));
        Assert.True(await store.DeleteCheckpointAsync("p0"));
        Assert.Null(await store.LoadCheckpointAsync("p0"));
    }
}
