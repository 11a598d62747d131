using Microsoft.Extensions.Time.Testing;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Redis.Permissions;
using Pulse.Sdk.Redis.Tests.Support;
using Pulse.Sdk.Statistics;
using StackExchange.Redis;
using static Pulse.Sdk.Redis.Tests.Permissions.PermissionTestConfig;

namespace Pulse.Sdk.Redis.Tests.Permissions;

public sealed class RedisPermissionEvaluatorTests
{
    private static readonly ObjectRef Q1 = new("t1", ObjectType.Queue, "q1");
    private static readonly ObjectRef Q2 = new("t1", ObjectType.Queue, "q2");

    private static UserPermissions Alice(params string[] queues) =>
        new PermissionCalculator().Compute(Tenant("t1"), User("alice", "ViewDashboard", queues));

    [Fact]
    public async Task Answers_are_cached_for_the_cache_duration_by_the_injected_clock()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        var prefix = RedisTestEnvironment.UniquePrefix();
        var store = new RedisPermissionStore(redis, prefix);
        await store.WriteTenantAsync("t1", [Alice("q1")]);
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-26T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var evaluator = new RedisPermissionEvaluator(store, new RedisPermissionOptions { CacheDuration = TimeSpan.FromSeconds(5) }, clock);

        Assert.True((await evaluator.GetAsync("t1", "alice"))!.CanSee(Q1));
        Assert.True(evaluator.IsSubscribed);
        Assert.Equal(1, evaluator.CachedCount);

        // Changed behind the evaluator's back (no announcement): the cached answer stands until it expires.
        await redis.GetDatabase().HashSetAsync(RedisPermissionKeys.Users(prefix, "t1"), "alice", UserPermissionsJson.Encode(Alice("q2")));
        clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.True((await evaluator.GetAsync("t1", "alice"))!.CanSee(Q1));
        clock.Advance(TimeSpan.FromSeconds(0.2));
        var after = await evaluator.GetAsync("t1", "alice");
        Assert.False(after!.CanSee(Q1));
        Assert.True(after.CanSee(Q2));
    }

    [Fact]
    public async Task An_announced_change_is_seen_at_once_without_waiting_for_the_cache_to_expire()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        var store = new RedisPermissionStore(redis, RedisTestEnvironment.UniquePrefix());
        await store.WriteTenantAsync("t1", [Alice("q1")]);
        var clock = new FakeTimeProvider();
        await using var evaluator = new RedisPermissionEvaluator(store, new RedisPermissionOptions { CacheDuration = TimeSpan.FromMinutes(10) }, clock);
        Assert.True((await evaluator.GetAsync("t1", "alice"))!.CanSee(Q1));
        Assert.Null(await evaluator.GetAsync("t1", "bob"));

        // The role writes a new generation: bob appears and alice loses q1 (the clock does not move).
        var bob = new PermissionCalculator().Compute(Tenant("t1"), User("bob", "ManageWidgets", "q1"));
        await store.WriteTenantAsync("t1", [Alice("q2"), bob]);
        await EventuallyAsync(async () => (await evaluator.GetAsync("t1", "alice"))!.CanSee(Q2), "alice sees q2");
        Assert.False((await evaluator.GetAsync("t1", "alice"))!.CanSee(Q1));
        Assert.True((await evaluator.GetAsync("t1", "bob"))!.Has(PulsePrivilege.ManageWidgets));
    }

    [Fact]
    public async Task Tenants_never_see_each_others_users()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        var store = new RedisPermissionStore(redis, RedisTestEnvironment.UniquePrefix());
        await store.WriteTenantAsync("t1", [Alice("q1")]);
        var t2Alice = new PermissionCalculator().Compute(Tenant("t2"), User("alice", "ManageTemplates", "q1", "q2"));
        await store.WriteTenantAsync("t2", [t2Alice]);
        await using var evaluator = new RedisPermissionEvaluator(store);

        var inT1 = await evaluator.GetAsync("t1", "alice");
        var inT2 = await evaluator.GetAsync("t2", "alice");
        Assert.Equal("t1", inT1!.Tenant);
        Assert.False(inT1.Has(PulsePrivilege.ManageTemplates));
        Assert.False(inT1.CanSee(new ObjectRef("t2", ObjectType.Queue, "q1")));
        Assert.Equal("t2", inT2!.Tenant);
        Assert.False(inT2.CanSee(Q1));
        Assert.Null(await evaluator.GetAsync("t3", "alice"));
    }

    [Fact]
    public async Task A_reconnection_drops_everything_cached()
    {
        using var server = new RedisTestServer();
        await using var redis = await RedisTestEnvironment.ConnectAsync(server.Endpoint);
        var prefix = RedisTestEnvironment.UniquePrefix();
        var store = new RedisPermissionStore(redis, prefix);
        await store.WriteTenantAsync("t1", [Alice("q1")]);
        await using var evaluator = new RedisPermissionEvaluator(store, new RedisPermissionOptions { CacheDuration = TimeSpan.FromMinutes(10) }, new FakeTimeProvider());
        await evaluator.GetAsync("t1", "alice");
        Assert.Equal(1, evaluator.CachedCount);

        server.Restart();
        await EventuallyAsync(() => Task.FromResult(evaluator.CachedCount == 0), "the cache is dropped");
        await EventuallyAsync(async () => redis.IsConnected && await redis.GetDatabase().PingAsync() > TimeSpan.Zero, "reconnected", 30);
        // A change announced while the connection was down would be lost; what is read now is current.
        await redis.GetDatabase().HashSetAsync(RedisPermissionKeys.Users(prefix, "t1"), "alice", UserPermissionsJson.Encode(Alice("q2")));
        Assert.True((await evaluator.GetAsync("t1", "alice"))!.CanSee(Q2));
    }

    [Fact]
    public void Invalid_options_say_what_to_change()
    {
        var e = Assert.Throws<ArgumentException>(() => new RedisPermissionOptions { CacheDuration = TimeSpan.Zero, KeyPrefix = "a{b}", MaxCachedUsers = 0 }.ThrowIfInvalid());
        Assert.Contains("RedisPermissionOptions.CacheDuration must be positive and at most 10 minutes", e.Message);
        Assert.Contains("RedisPermissionOptions.KeyPrefix must be non-empty text without braces", e.Message);
        Assert.Contains("RedisPermissionOptions.MaxCachedUsers must be at least 1", e.Message);
        Assert.Empty(new RedisPermissionOptions().Validate());
    }
}
