using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Pulse.Sdk.Configuration;

namespace Pulse.Sdk.Permissions.Tests;

/// <summary>The role over any <see cref="IPermissionStore"/> (Redis is tested in Pulse.Sdk.Redis.Tests): what it writes, and that a failing store never stops it.</summary>
public sealed class PermissionsRoleTests
{
    private sealed class MemoryStore : IPermissionStore
    {
        public Dictionary<string, IReadOnlyCollection<UserPermissions>> Tenants { get; } = [];

        public Exception? Failure { get; set; }

        public Task<bool> WriteTenantAsync(string tenant, IReadOnlyCollection<UserPermissions> users, CancellationToken cancellationToken = default)
        {
            if (Failure is { } f) throw f;
            lock (Tenants) Tenants[tenant] = users;
            return Task.FromResult(true);
        }

        public Task DeleteTenantAsync(string tenant, CancellationToken cancellationToken = default)
        {
            lock (Tenants) Tenants.Remove(tenant);
            return Task.CompletedTask;
        }

        public Task<IReadOnlySet<string>> GetTenantsAsync(CancellationToken cancellationToken = default)
        {
            lock (Tenants) return Task.FromResult<IReadOnlySet<string>>(Tenants.Keys.ToHashSet());
        }
    }

    private static PulseConfiguration Config(params string[] users) => new()
    {
        Tenants =
        [
            new TenantConfig
            {
                Id = "t1",
                Users = [.. users.Select(u => new UserConfig { Id = u, Privileges = ["ViewDashboard"], Access = new ObjectAccess { All = true } })],
            },
        ],
    };

    private static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(10)) // the poll interval
            if (condition()) return;
        Assert.Fail("timed out waiting for " + what);
    }

    [Fact]
    public async Task Access_assigned_in_another_process_reaches_the_store_at_the_next_poll_and_its_removal_too()
    {
        var store = new MemoryStore();
        var access = new InMemoryUserAccessStore();
        var clock = new FakeTimeProvider();
        using var role = new PermissionsRole(new StaticConfigurationProvider(Config("alice", "bob")), store,
            options: new PermissionsRoleOptions { AccessPollInterval = TimeSpan.FromSeconds(1) }, timeProvider: clock, access: access);
        await role.StartAsync(CancellationToken.None);
        try
        {
            await EventuallyAsync(() => role.Syncs == 1, "the first pass");
            Assert.True(Alice().AllObjects);

            // The role does not listen to this instance's Changed: as for a write by a Pulse replica, only the version tells.
            await access.SaveAsync(new UserAccess { Tenant = "t1", User = "alice", Privileges = ["ManageTabs"], Access = new ObjectAccess() });
            Assert.True(Alice().AllObjects);
            await EventuallyAsync(() =>
            {
                clock.Advance(TimeSpan.FromSeconds(1));
                return !Alice().AllObjects;
            }, "the assignment written");
            Assert.True(Alice().Has(PulsePrivilege.ManageTabs));
            Assert.Empty(Alice().Objects);
            var syncs = role.Syncs;

            clock.Advance(TimeSpan.FromSeconds(1)); // nothing changed: no pass
            await access.RemoveAsync("t1", "alice");
            await EventuallyAsync(() =>
            {
                clock.Advance(TimeSpan.FromSeconds(1));
                return Alice().AllObjects;
            }, "the configuration's access again");
            Assert.False(Alice().Has(PulsePrivilege.ManageTabs));
            Assert.Equal(syncs + 1, role.Syncs);
        }
        finally
        {
            await role.StopAsync(CancellationToken.None);
        }

        UserPermissions Alice()
        {
            lock (store.Tenants) return store.Tenants["t1"].Single(u => u.User == "alice");
        }
    }

    [Fact]
    public async Task A_store_that_fails_in_any_way_is_tried_again_after_the_retry_delay_and_the_role_keeps_running()
    {
        var store = new MemoryStore { Failure = new IOException("disk full") };
        var clock = new FakeTimeProvider();
        using var role = new PermissionsRole(new StaticConfigurationProvider(Config("alice")), store,
            options: new PermissionsRoleOptions { RetryDelay = TimeSpan.FromSeconds(5) }, timeProvider: clock);
        await role.StartAsync(CancellationToken.None);
        try
        {
            await EventuallyAsync(() => role.LastError is IOException, "the failure reported");
            store.Failure = null;
            Assert.Equal(0, role.Syncs);
            await EventuallyAsync(() =>
            {
                clock.Advance(TimeSpan.FromSeconds(5));
                return role.Syncs > 0;
            }, "a pass after the store came back");
            Assert.Null(role.LastError);
            Assert.Equal("alice", Assert.Single(store.Tenants["t1"]).User);
        }
        finally
        {
            await role.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Registered_alone_it_runs_without_an_engine_and_without_a_store_it_says_what_to_add()
    {
        var store = new MemoryStore();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<IPermissionStore>(store);
        builder.Services.AddPulseRoles().AddConfiguration(Config("alice", "bob")).AddPermissionsRole();
        using (var host = builder.Build())
        {
            await host.StartAsync();
            Assert.Null(host.Services.GetService<Pulse.Sdk.Engine.DataCollectionUnit>());
            await EventuallyAsync(() => { lock (store.Tenants) return store.Tenants.ContainsKey("t1"); }, "the tenant written");
            Assert.Equal(["alice", "bob"], store.Tenants["t1"].Select(u => u.User).Order());
            await host.StopAsync();
        }

        var services = new ServiceCollection();
        services.AddPulseRoles().AddConfiguration(Config("alice")).AddPermissionsRole();
        await using var sp = services.BuildServiceProvider();
        var e = Assert.Throws<InvalidOperationException>(() => sp.GetRequiredService<PermissionsRole>());
        Assert.Contains("AddRedisPermissionStore", e.Message, StringComparison.Ordinal);
    }
}
