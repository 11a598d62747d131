using Microsoft.Extensions.Time.Testing;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Redis.Permissions;
using Pulse.Sdk.Redis.Tests.Support;
using Pulse.Sdk.Statistics;
using StackExchange.Redis;
using static Pulse.Sdk.Redis.Tests.Permissions.PermissionTestConfig;

namespace Pulse.Sdk.Redis.Tests.Permissions;

/// <summary>The permissions role (package Pulse.Sdk.Permissions) writing the Redis store: passes, changes, refresh, errors, Redis down.</summary>
public sealed class PermissionsRoleTests
{
    [Fact]
    public async Task A_pass_writes_every_tenant_skips_unchanged_ones_and_removes_tenants_that_left()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        var store = new RedisPermissionStore(redis, RedisTestEnvironment.UniquePrefix());
        var provider = new StaticConfigurationProvider(Config(
            Tenant("t1", User("alice", "ManageWidgets", "q1"), User("bob")),
            Tenant("t2", User("carol", "AddDashboardsWithoutLimit"))));
        using var role = new PermissionsRole(provider, store, new PermissionOptions { MaxTabsPerUser = 4, MaxWidgetsPerUser = 9 });

        Assert.Equal(2, await role.SyncAsync());
        var alice = (await store.GetAsync("t1", "alice")).Permissions!;
        Assert.True(alice.Has(PulsePrivilege.EditWidgetDisplay));
        Assert.True(alice.CanSee(new ObjectRef("t1", ObjectType.Queue, "q1")));
        Assert.Equal((4, 9), (alice.MaxTabs, alice.MaxWidgets));
        Assert.Equal(int.MaxValue, (await store.GetAsync("t2", "carol")).Permissions!.MaxTabs);

        Assert.Equal(0, await role.SyncAsync());
        Assert.Equal(1, await store.GetGenerationAsync("t1"));

        provider.Update(Config(Tenant("t1", User("alice", "ManageWidgets", "q1"), User("bob"))));
        Assert.Equal(1, await role.SyncAsync());
        Assert.Null((await store.GetAsync("t2", "carol")).Permissions);
        Assert.Equal(new HashSet<string> { "t1" }, await store.GetTenantsAsync());
        Assert.Equal(1, await store.GetGenerationAsync("t1"));
    }

    [Fact]
    public async Task Running_it_writes_at_start_and_at_every_configuration_change()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        var store = new RedisPermissionStore(redis, RedisTestEnvironment.UniquePrefix());
        var provider = new StaticConfigurationProvider(Config(Tenant("t1", User("alice", "ViewDashboard", "q1"))));
        using var role = new PermissionsRole(provider, store, timeProvider: new FakeTimeProvider());
        await role.StartAsync(CancellationToken.None);
        try
        {
            await EventuallyAsync(async () => (await store.GetAsync("t1", "alice")).Permissions is not null, "written at start");
            provider.Update(Config(Tenant("t1", User("alice", "ViewDashboard", "q2"))));
            await EventuallyAsync(async () => (await store.GetAsync("t1", "alice")).Permissions!.CanSee(new ObjectRef("t1", ObjectType.Queue, "q2")), "written after the change");
            Assert.Equal(2, await store.GetGenerationAsync("t1"));
        }
        finally
        {
            await role.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task The_refresh_fills_a_redis_that_lost_its_data()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        var prefix = RedisTestEnvironment.UniquePrefix();
        var store = new RedisPermissionStore(redis, prefix);
        var clock = new FakeTimeProvider();
        var provider = new StaticConfigurationProvider(Config(Tenant("t1", User("alice"))));
        using var role = new PermissionsRole(provider, store, options: new PermissionsRoleOptions { RefreshInterval = TimeSpan.FromMinutes(1) }, timeProvider: clock);
        await role.StartAsync(CancellationToken.None);
        try
        {
            await EventuallyAsync(() => Task.FromResult(role.Syncs == 1), "first pass");
            var db = redis.GetDatabase();
            await db.KeyDeleteAsync([RedisPermissionKeys.Users(prefix, "t1"), RedisPermissionKeys.Meta(prefix, "t1")]);
            clock.Advance(TimeSpan.FromSeconds(59));
            Assert.Equal(1, role.Syncs);
            Assert.Null((await store.GetAsync("t1", "alice")).Permissions);
            clock.Advance(TimeSpan.FromSeconds(1));
            await EventuallyAsync(async () => (await store.GetAsync("t1", "alice")).Permissions is not null, "written again by the refresh");
        }
        finally
        {
            await role.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task An_unknown_privilege_leaves_the_stored_permissions_as_they_were()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        var store = new RedisPermissionStore(redis, RedisTestEnvironment.UniquePrefix());
        var provider = new UncheckedProvider(Config(Tenant("t1", User("alice", "ManageTabs"))));
        using var role = new PermissionsRole(provider, store, timeProvider: new FakeTimeProvider());
        await role.StartAsync(CancellationToken.None);
        try
        {
            await EventuallyAsync(() => Task.FromResult(role.Syncs == 1), "first pass");
            provider.Raise(Config(Tenant("t1", User("alice", "Root"))));
            await EventuallyAsync(() => Task.FromResult(role.LastError is ConfigurationException), "the error is reported");
            Assert.Contains("tenant 't1' user 'alice'.privileges[0]: 'Root' is not a privilege", role.LastError!.Message);
            Assert.True((await store.GetAsync("t1", "alice")).Permissions!.Has(PulsePrivilege.ManageTabs));
            Assert.Equal(1, await store.GetGenerationAsync("t1"));
        }
        finally
        {
            await role.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task When_redis_is_down_it_tries_again_after_the_retry_delay()
    {
        using var server = new RedisTestServer();
        await using var redis = await RedisTestEnvironment.ConnectAsync(server.Endpoint);
        var store = new RedisPermissionStore(redis, RedisTestEnvironment.UniquePrefix());
        var clock = new FakeTimeProvider();
        var provider = new StaticConfigurationProvider(Config(Tenant("t1", User("alice"))));
        using var role = new PermissionsRole(provider, store, options: new PermissionsRoleOptions { RetryDelay = TimeSpan.FromSeconds(5) }, timeProvider: clock);
        server.Stop();
        await role.StartAsync(CancellationToken.None);
        try
        {
            await EventuallyAsync(() => Task.FromResult(role.LastError is RedisException or TimeoutException), "the failure is reported", 30);
            Assert.Equal(0, role.Syncs);
            server.Start();
            await EventuallyAsync(async () =>
            {
                clock.Advance(TimeSpan.FromSeconds(5));
                return role.Syncs > 0;
            }, "written after Redis came back", 60);
            Assert.Null(role.LastError);
            Assert.NotNull((await store.GetAsync("t1", "alice")).Permissions);
        }
        finally
        {
            await role.StopAsync(CancellationToken.None);
        }
    }
}
