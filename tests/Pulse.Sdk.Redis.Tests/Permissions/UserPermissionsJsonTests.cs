using System.Text;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Redis.Permissions;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Redis.Tests.Permissions;

public sealed class UserPermissionsJsonTests
{
    internal static UserPermissions Sample(string tenant = "t1", string user = "alice", params (ObjectType, string)[] objects) => new()
    {
        Tenant = tenant,
        User = user,
        Privileges = PrivilegeLadder.Expand([PulsePrivilege.ManageTabs, PulsePrivilege.ManageUsers]),
        Objects = objects.Length > 0 ? objects.ToHashSet() : new HashSet<(ObjectType, string)> { (ObjectType.Queue, "q1"), (ObjectType.GroupAgents, "g 1") },
        MaxTabs = 10,
        MaxWidgets = int.MaxValue,
    };

    [Fact]
    public void Round_trips_and_equal_permissions_give_equal_bytes()
    {
        var p = Sample();
        var bytes = UserPermissionsJson.Encode(p);
        var back = UserPermissionsJson.Decode(bytes);
        Assert.Equal(p.Tenant, back.Tenant);
        Assert.Equal(p.User, back.User);
        Assert.True(p.Privileges.SetEquals(back.Privileges));
        Assert.True(p.Objects.SetEquals(back.Objects));
        Assert.Equal(p.AllObjects, back.AllObjects);
        Assert.Equal(p.MaxTabs, back.MaxTabs);
        Assert.Equal(p.MaxWidgets, back.MaxWidgets);

        // Same content built in another order: same bytes (the role compares digests).
        var reordered = p with { Objects = p.Objects.Reverse().ToHashSet(), Privileges = p.Privileges.Reverse().ToHashSet() };
        Assert.Equal(bytes, UserPermissionsJson.Encode(reordered));
        Assert.Equal(
            """{"tenant":"t1","user":"alice","privileges":["ViewDashboardRestricted","ViewDashboard","ManageTabs","ManageUsers"],"allObjects":false,"objects":[{"type":"GroupAgents","id":"g 1"},{"type":"Queue","id":"q1"}],"maxTabs":10,"maxWidgets":2147483647}""",
            Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Unknown_privileges_and_object_types_are_left_out_never_granted()
    {
        var json = """{"tenant":"t1","user":"u","privileges":["ViewDashboard","GodMode","7"],"allObjects":false,"objects":[{"type":"Queue","id":"q1"},{"type":"Planet","id":"p"},{"type":"3","id":"x"}],"maxTabs":1,"maxWidgets":2}"""u8;
        var p = UserPermissionsJson.Decode(json);
        Assert.Equal(new HashSet<PulsePrivilege> { PulsePrivilege.ViewDashboard }, p.Privileges);
        Assert.Equal(new HashSet<(ObjectType, string)> { (ObjectType.Queue, "q1") }, p.Objects);
    }
}
