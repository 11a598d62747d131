using Pulse.Sdk.Configuration;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Postgres.Permissions;

namespace Pulse.Sdk.Postgres.Tests.Permissions;

public sealed class PostgresUserAccessStoreTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private static string NewTenant() => "t" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task An_assignment_round_trips_and_a_null_part_stays_null()
    {
        var tenant = NewTenant();
        var store = new PostgresUserAccessStore(database.DataSource);
        var at = new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.FromHours(1));
        var saved = await store.SaveAsync(new UserAccess
        {
            Tenant = tenant, User = "sup", Privileges = ["ViewDashboard", "ManageTabs"],
            Access = new ObjectAccess { Queues = ["q1", "vq1"], Agents = ["a1"] }, ChangedBy = "admin", ChangedAt = at,
        });
        Assert.True(saved.Version > 0);
        var read = await store.GetAsync(tenant, "sup");
        Assert.NotNull(read);
        Assert.Equal(["ViewDashboard", "ManageTabs"], read.Privileges);
        Assert.Equal(["q1", "vq1"], read.Access!.Queues);
        Assert.Equal(["a1"], read.Access.Agents);
        Assert.False(read.Access.All);
        Assert.Equal("admin", read.ChangedBy);
        Assert.Equal(at, read.ChangedAt);
        Assert.Equal(saved.Version, read.Version);

        await store.SaveAsync(new UserAccess { Tenant = tenant, User = "viewer", Access = new ObjectAccess { All = true } });
        var viewer = await store.GetAsync(tenant, "viewer");
        Assert.Null(viewer!.Privileges);
        Assert.True(viewer.Access!.All);
        Assert.Null(await store.GetAsync(tenant, "nobody"));
        Assert.Null(await store.GetAsync(NewTenant(), "sup")); // tenants apart
        Assert.Equal(["sup", "viewer"], (await store.GetAllAsync()).Where(a => a.Tenant == tenant).Select(a => a.User));
    }

    [Fact]
    public async Task The_version_grows_with_every_write_and_removal_as_another_process_sees_it()
    {
        var tenant = NewTenant();
        var writer = new PostgresUserAccessStore(database.DataSource);
        var reader = new PostgresUserAccessStore(database.DataSource); // another process's instance
        var changed = 0;
        writer.Changed += (_, _) => changed++;
        var v0 = await reader.GetVersionAsync();
        var a = await writer.SaveAsync(new UserAccess { Tenant = tenant, User = "u", Privileges = [] });
        Assert.True(await reader.GetVersionAsync() >= a.Version);
        Assert.True(a.Version > v0);
        var b = await writer.SaveAsync(a with { Privileges = ["ViewDashboard"] });
        Assert.True(b.Version > a.Version);

        Assert.True(await writer.RemoveAsync(tenant, "u"));
        var removedAt = await reader.GetVersionAsync();
        Assert.True(removedAt > b.Version); // the tombstone keeps the version from going back
        Assert.Null(await reader.GetAsync(tenant, "u"));
        Assert.DoesNotContain(await reader.GetAllAsync(), x => x.Tenant == tenant);
        Assert.False(await writer.RemoveAsync(tenant, "u"));

        var again = await writer.SaveAsync(new UserAccess { Tenant = tenant, User = "u", Privileges = ["ManageUsers"] });
        Assert.True(again.Version > removedAt);
        Assert.Equal(["ManageUsers"], (await reader.GetAsync(tenant, "u"))!.Privileges);
        Assert.Equal(4, changed);
    }
}
