using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Dashboards.Tests.Permissions;

public sealed class PermissionCalculatorTests
{
    internal static TenantConfig Tenant(string id = "t1", params UserConfig[] users) => new()
    {
        Id = id,
        Agents = [new AgentConfig { Id = "a1" }, new AgentConfig { Id = "a2" }, new AgentConfig { Id = "a3" }],
        AgentGroups = [new AgentGroupConfig { Id = "g1", Agents = ["a1", "a2"] }],
        Queues = [new QueueConfig { Id = "q1", Dn = "8001" }, new QueueConfig { Id = "q2", Dn = "8002" }],
        VirtualQueues = [new QueueConfig { Id = "vq1", Dn = "9001" }],
        QueueGroups = [new QueueGroupConfig { Id = "qg1", Queues = ["q1", "vq1"] }],
        RoutePoints = [new RoutePointConfig { Id = "rp1", Dn = "7000" }],
        InteractionQueues = [new InteractionQueueConfig { Id = "iq1" }],
        Users = users,
    };

    private static ObjectRef Obj(ObjectType type, string id, string tenant = "t1") => new(tenant, type, id);

    [Fact]
    public void Each_access_list_gives_objects_of_its_kind()
    {
        var user = new UserConfig
        {
            Id = "sup",
            Privileges = ["ViewDashboard"],
            Access = new ObjectAccess
            {
                Agents = ["a3"], AgentGroups = ["g1"], Queues = ["q1", "vq1"], QueueGroups = ["qg1"],
                RoutePoints = ["rp1"], InteractionQueues = ["iq1"],
            },
        };
        var p = new PermissionCalculator().Compute(Tenant(), user);
        Assert.False(p.AllObjects);
        Assert.Equal(
            new HashSet<(ObjectType, string)>
            {
                (ObjectType.Agent, "a3"), (ObjectType.GroupAgents, "g1"), (ObjectType.Queue, "q1"), (ObjectType.VirtualQueue, "vq1"),
                (ObjectType.GroupQueues, "qg1"), (ObjectType.RoutePoint, "rp1"), (ObjectType.StagingArea, "iq1"),
            },
            p.Objects);
        Assert.True(p.CanSee(Obj(ObjectType.VirtualQueue, "vq1")));
        // The virtual queue is a VirtualQueue object, not a Queue one.
        Assert.False(p.CanSee(Obj(ObjectType.Queue, "vq1")));
    }

    [Fact]
    public void A_group_gives_its_own_statistics_not_its_members()
    {
        var user = new UserConfig { Id = "sup", Access = new ObjectAccess { AgentGroups = ["g1"], QueueGroups = ["qg1"] } };
        var p = new PermissionCalculator().Compute(Tenant(), user);
        Assert.True(p.CanSee(Obj(ObjectType.GroupAgents, "g1")));
        Assert.True(p.CanSee(Obj(ObjectType.GroupQueues, "qg1")));
        Assert.False(p.CanSee(Obj(ObjectType.Agent, "a1")));
        Assert.False(p.CanSee(Obj(ObjectType.Agent, "a2")));
        Assert.False(p.CanSee(Obj(ObjectType.Queue, "q1")));
        Assert.False(p.CanSee(Obj(ObjectType.VirtualQueue, "vq1")));
    }

    [Fact]
    public void Ids_that_name_nothing_or_another_kind_grant_nothing()
    {
        var user = new UserConfig { Id = "u", Access = new ObjectAccess { Agents = ["q1", "ghost"], Queues = ["a1", "g1"], RoutePoints = ["iq1"] } };
        var p = new PermissionCalculator().Compute(Tenant(), user);
        Assert.Empty(p.Objects);
        Assert.False(p.CanSee(Obj(ObjectType.Agent, "ghost")));
    }

    [Fact]
    public void Only_all_gives_the_tenant_object_and_never_another_tenants_objects()
    {
        var calc = new PermissionCalculator();
        var admin = calc.Compute(Tenant(), new UserConfig { Id = "admin", Access = new ObjectAccess { All = true } });
        Assert.True(admin.AllObjects);
        Assert.True(admin.CanSee(Obj(ObjectType.Tenant, "t1")));
        Assert.True(admin.CanSee(Obj(ObjectType.Agent, "a1")));
        Assert.False(admin.CanSee(Obj(ObjectType.Tenant, "t2", tenant: "t2")));
        Assert.False(admin.CanSee(Obj(ObjectType.Agent, "a1", tenant: "t2")));

        var everyList = calc.Compute(Tenant(), new UserConfig
        {
            Id = "many",
            Access = new ObjectAccess { Agents = ["a1", "a2", "a3"], AgentGroups = ["g1"], Queues = ["q1", "q2", "vq1"], QueueGroups = ["qg1"], RoutePoints = ["rp1"], InteractionQueues = ["iq1"] },
        });
        Assert.False(everyList.CanSee(Obj(ObjectType.Tenant, "t1")));
    }

    [Fact]
    public void Caps_come_from_the_options_unless_the_user_holds_the_without_limit_privilege()
    {
        var calc = new PermissionCalculator(new PermissionOptions { MaxTabsPerUser = 3, MaxWidgetsPerUser = 7 });
        var plain = calc.Compute(Tenant(), new UserConfig { Id = "u", Privileges = ["ManageWidgets"] });
        Assert.Equal(3, plain.MaxTabs);
        Assert.Equal(7, plain.MaxWidgets);
        var tabs = calc.Compute(Tenant(), new UserConfig { Id = "v", Privileges = ["AddDashboardsWithoutLimit"] });
        Assert.Equal(int.MaxValue, tabs.MaxTabs);
        Assert.Equal(7, tabs.MaxWidgets);
        var widgets = calc.Compute(Tenant(), new UserConfig { Id = "w", Privileges = ["AddWidgetsWithoutLimit"] });
        Assert.Equal(3, widgets.MaxTabs);
        Assert.Equal(int.MaxValue, widgets.MaxWidgets);

        // The caps as the service applies them: one more while below the cap.
        Assert.True(plain.CanAddTab(2));
        Assert.False(plain.CanAddTab(3));
        Assert.True(plain.CanAddWidget(6));
        Assert.False(plain.CanAddWidget(7));
        Assert.True(tabs.CanAddTab(1_000_000));
        Assert.False(tabs.CanAddWidget(7));
        Assert.True(widgets.CanAddWidget(1_000_000));
        Assert.False(widgets.CanAddTab(3));
    }

    [Fact]
    public void Invalid_caps_are_refused_with_the_option_and_the_value()
    {
        var e = Assert.Throws<ArgumentException>(() => new PermissionCalculator(new PermissionOptions { MaxTabsPerUser = 0, MaxWidgetsPerUser = 1_000_000 }));
        Assert.Contains("PermissionOptions.MaxTabsPerUser (max_tabs_per_user) must be 1 to 100000", e.Message);
        Assert.Contains("was 0", e.Message);
        Assert.Contains("PermissionOptions.MaxWidgetsPerUser (max_widgets_per_user)", e.Message);
        Assert.Contains("was 1000000", e.Message);
        Assert.Empty(new PermissionOptions().Validate());
    }

    [Fact]
    public void Compute_all_covers_every_user_of_every_tenant_and_lists_every_bad_privilege()
    {
        var config = new PulseConfiguration
        {
            Tenants =
            [
                Tenant("t1", new UserConfig { Id = "alice", Privileges = ["ViewDashboard"] }, new UserConfig { Id = "bob" }),
                Tenant("t2", new UserConfig { Id = "alice", Privileges = ["ManageTemplates"] }),
            ],
        };
        var all = new PermissionCalculator().ComputeAll(config);
        Assert.Equal(["t1", "t2"], all.Keys.Order());
        Assert.Equal(["alice", "bob"], all["t1"].Keys.Order());
        Assert.Equal("t2", all["t2"]["alice"].Tenant);
        Assert.True(all["t2"]["alice"].Has(PulsePrivilege.ManageSharedDashboards));
        Assert.False(all["t1"]["alice"].Has(PulsePrivilege.ManageTabs));

        var bad = config with
        {
            Tenants = [Tenant("t1", new UserConfig { Id = "alice", Privileges = ["Admin"] }), Tenant("t2", new UserConfig { Id = "carol", Privileges = ["ViewDashboard", "Root"] })],
        };
        var e = Assert.Throws<ConfigurationException>(() => new PermissionCalculator().ComputeAll(bad));
        Assert.Contains("tenant 't1' user 'alice'.privileges[0]: 'Admin' is not a privilege", e.Message);
        Assert.Contains("tenant 't2' user 'carol'.privileges[1]: 'Root' is not a privilege", e.Message);
    }

    // ---------------------------------------------------------------- properties

    private static readonly string[] IdPool = ["a1", "a2", "a3", "g1", "q1", "q2", "vq1", "qg1", "rp1", "iq1", "ghost", "t1", "t2"];

    private static Gen<IReadOnlyList<string>> Ids => Gen.SubListOf(IdPool).Select(l => (IReadOnlyList<string>)l.ToList());

    private static Gen<UserConfig> Users =>
        from id in Gen.Elements("alice", "bob", "carol")
        from all in Gen.Frequency((1, Gen.Constant(true)), (4, Gen.Constant(false)))
        from lists in Ids.ArrayOf(6)
        from privileges in Gen.SubListOf(PrivilegeLadder.Names.ToArray())
        select new UserConfig
        {
            Id = id,
            Privileges = privileges.ToList(),
            Access = new ObjectAccess
            {
                All = all, Agents = lists[0], AgentGroups = lists[1], Queues = lists[2], QueueGroups = lists[3], RoutePoints = lists[4], InteractionQueues = lists[5],
            },
        };

    public static Arbitrary<UserConfig> UserArbitrary() => Arb.From(Users);

    [Property(Arbitrary = [typeof(PermissionCalculatorTests)], MaxTest = 300)]
    public bool A_user_sees_exactly_the_configured_objects_named_in_the_list_of_their_kind_and_nothing_of_another_tenant(UserConfig user)
    {
        var tenant = Tenant();
        var p = new PermissionCalculator().Compute(tenant, user);
        var a = user.Access;
        bool Expected(ObjectType type, string id) => a.All || type switch
        {
            ObjectType.Agent => a.Agents.Contains(id),
            ObjectType.GroupAgents => a.AgentGroups.Contains(id),
            ObjectType.Queue or ObjectType.VirtualQueue => a.Queues.Contains(id),
            ObjectType.GroupQueues => a.QueueGroups.Contains(id),
            ObjectType.RoutePoint => a.RoutePoints.Contains(id),
            ObjectType.StagingArea => a.InteractionQueues.Contains(id),
            _ => false,
        };
        var configured = new List<(ObjectType Type, string Id)>
        {
            (ObjectType.Agent, "a1"), (ObjectType.Agent, "a2"), (ObjectType.Agent, "a3"), (ObjectType.GroupAgents, "g1"),
            (ObjectType.Queue, "q1"), (ObjectType.Queue, "q2"), (ObjectType.VirtualQueue, "vq1"), (ObjectType.GroupQueues, "qg1"),
            (ObjectType.RoutePoint, "rp1"), (ObjectType.StagingArea, "iq1"), (ObjectType.Tenant, "t1"),
        };
        return configured.All(o => p.CanSee(new ObjectRef("t1", o.Type, o.Id)) == Expected(o.Type, o.Id))
            && configured.All(o => !p.CanSee(new ObjectRef("t2", o.Type, o.Id)))
            && p.Objects.All(o => configured.Contains(o))
            && p.Tenant == "t1" && p.User == user.Id;
    }
}
