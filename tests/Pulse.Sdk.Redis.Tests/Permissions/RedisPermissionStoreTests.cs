using Pulse.Sdk.Permissions;
using Pulse.Sdk.Redis.Permissions;
using Pulse.Sdk.Redis.Tests.Support;
using Pulse.Sdk.Statistics;
using StackExchange.Redis;

namespace Pulse.Sdk.Redis.Tests.Permissions;

public sealed class RedisPermissionStoreTests
{
    [Fact]
    public async Task Writes_a_tenant_whole_reads_users_back_and_raises_the_generation_only_on_change()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        var prefix = RedisTestEnvironment.UniquePrefix();
        var store = new RedisPermissionStore(redis, prefix);
        Assert.Equal(new RedisPermissionEntry(null, 0), await store.GetAsync("t1", "alice"));

        var alice = UserPermissionsJsonTests.Sample("t1", "alice");
        var bob = UserPermissionsJsonTests.Sample("t1", "bob", (ObjectType.Agent, "a1"));
        Assert.Equal((1L, true), await store.WriteTenantAsync("t1", [alice, bob]));
        var read = await store.GetAsync("t1", "alice");
        Assert.Equal(1, read.Generation);
        Assert.True(read.Permissions!.Objects.SetEquals(alice.Objects));
        Assert.True((await store.GetAsync("t1", "bob")).Permissions!.CanSee(new ObjectRef("t1", ObjectType.Agent, "a1")));
        Assert.Null((await store.GetAsync("t2", "alice")).Permissions);

        // The same permissions again: nothing written, same generation.
        Assert.Equal((1L, false), await store.WriteTenantAsync("t1", [bob, alice with { }]));

        // Bob leaves: the tenant is replaced whole.
        Assert.Equal((2L, true), await store.WriteTenantAsync("t1", [alice with { MaxTabs = 3 }]));
        Assert.Equal(new RedisPermissionEntry(null, 2), await store.GetAsync("t1", "bob"));
        Assert.Equal(3, (await store.GetAsync("t1", "alice")).Permissions!.MaxTabs);
        Assert.Equal(new HashSet<string> { "t1" }, await store.GetTenantsAsync());

        Assert.Equal(3, await store.DeleteTenantAsync("t1"));
        Assert.Equal(new RedisPermissionEntry(null, 3), await store.GetAsync("t1", "alice"));
        Assert.Empty(await store.GetTenantsAsync());
        // Written again after a removal: a new generation, not the old digest.
        Assert.Equal((4L, true), await store.WriteTenantAsync("t1", [alice]));
    }

    [Fact]
    public async Task Keys_carry_the_tenant_hash_tag()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        var prefix = RedisTestEnvironment.UniquePrefix();
        var store = new RedisPermissionStore(redis, prefix);
        await store.WriteTenantAsync("acme", [UserPermissionsJsonTests.Sample("acme", "alice")]);
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var keys = server.Keys(pattern: prefix + ":*").Select(k => (string)k!).Order().ToList();
        Assert.Equal([$"{prefix}:permissions:tenants", $"{prefix}:{{acme}}:permissions", $"{prefix}:{{acme}}:permissions:meta"], keys);
        Assert.Equal(RedisPermissionKeys.Users(prefix, "acme"), $"{prefix}:{{acme}}:permissions");
    }

    [Fact]
    public async Task Every_change_is_announced_with_its_tenant_and_generation()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        var store = new RedisPermissionStore(redis, RedisTestEnvironment.UniquePrefix());
        var seen = new List<(string, long)>();
        var third = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (await store.SubscribeAsync((t, g) =>
        {
            lock (seen)
            {
                seen.Add((t, g));
                if (seen.Count == 3) third.TrySetResult();
            }
        }))
        {
            await store.WriteTenantAsync("t1", [UserPermissionsJsonTests.Sample("t1")]);
            await store.WriteTenantAsync("t1", [UserPermissionsJsonTests.Sample("t1")]); // unchanged: not announced
            await store.WriteTenantAsync("t2", [UserPermissionsJsonTests.Sample("t2")]);
            await store.DeleteTenantAsync("t1");
            await third.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        lock (seen) Assert.Equal([("t1", 1L), ("t2", 1L), ("t1", 2L)], seen);
    }

    [Fact]
    public async Task Refuses_users_of_another_tenant_and_never_hands_out_a_misfiled_user()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        var prefix = RedisTestEnvironment.UniquePrefix();
        var store = new RedisPermissionStore(redis, prefix);
        var e = await Assert.ThrowsAsync<ArgumentException>(() => store.WriteTenantAsync("t1", [UserPermissionsJsonTests.Sample("t2", "eve")]));
        Assert.Contains("user 'eve' belongs to tenant 't2', not 't1'", e.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => store.WriteTenantAsync("t{1}", []));

        // Something else wrote t2's eve under t1's key: the store does not answer with it.
        await redis.GetDatabase().HashSetAsync(RedisPermissionKeys.Users(prefix, "t1"), "eve", UserPermissionsJson.Encode(UserPermissionsJsonTests.Sample("t2", "eve")));
        Assert.Null((await store.GetAsync("t1", "eve")).Permissions);
    }
}
