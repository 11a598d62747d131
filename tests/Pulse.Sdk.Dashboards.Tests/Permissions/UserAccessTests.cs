using Pulse.Sdk.Configuration;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Dashboards.Tests.Permissions;

/// <summary>The access assigned in Pulse: how it combines with the configuration, and the in-process evaluator that follows it.</summary>
public sealed class UserAccessTests
{
    private static readonly UserConfig Sup = new()
    {
        Id = "sup", Privileges = ["ManageWidgets"], Access = new ObjectAccess { Queues = ["q1"], Agents = ["a1"] },
    };

    private static PulseConfiguration Config() => new() { Tenants = [PermissionCalculatorTests.Tenant("t1", Sup, new UserConfig { Id = "viewer", Privileges = ["ViewDashboard"] })] };

    private static UserPermissions Of(IReadOnlyDictionary<string, IReadOnlyDictionary<string, UserPermissions>> all, string user) => all["t1"][user];

    [Fact]
    public void A_set_part_replaces_the_configuration_and_a_null_part_keeps_it()
    {
        var calc = new PermissionCalculator();
        var onlyObjects = calc.ComputeAll(Config(), [new UserAccess { Tenant = "t1", User = "sup", Access = new ObjectAccess { Queues = ["q2", "vq1"] } }], null);
        var sup = Of(onlyObjects, "sup");
        Assert.True(sup.Has(PulsePrivilege.ManageWidgets)); // privileges of the configuration
        Assert.Equal([(ObjectType.Queue, "q2"), (ObjectType.VirtualQueue, "vq1")], sup.Objects.Order());
        Assert.Equal([], Of(onlyObjects, "viewer").Objects); // others untouched

        var onlyPrivileges = calc.ComputeAll(Config(), [new UserAccess { Tenant = "t1", User = "sup", Privileges = ["ViewDashboard"] }], null);
        sup = Of(onlyPrivileges, "sup");
        Assert.False(sup.Has(PulsePrivilege.ManageTabs));
        Assert.True(sup.Has(PulsePrivilege.ViewDashboard));
        Assert.Equal([(ObjectType.Agent, "a1"), (ObjectType.Queue, "q1")], sup.Objects.Order()); // objects of the configuration
    }

    [Fact]
    public void An_assignment_for_a_user_or_tenant_the_configuration_does_not_name_is_ignored()
    {
        var rejected = new List<string>();
        var all = new PermissionCalculator().ComputeAll(Config(),
            [new UserAccess { Tenant = "t1", User = "ghost", Privileges = ["ManageUsers"] }, new UserAccess { Tenant = "t9", User = "sup", Privileges = [] }], rejected);
        Assert.Equal(["sup", "viewer"], all["t1"].Keys.Order());
        Assert.False(all.ContainsKey("t9"));
        Assert.Empty(rejected);
        Assert.True(Of(all, "sup").Has(PulsePrivilege.ManageWidgets));
    }

    [Fact]
    public void An_assignment_naming_what_does_not_exist_gives_the_user_nothing_and_says_why()
    {
        var rejected = new List<string>();
        var all = new PermissionCalculator().ComputeAll(Config(),
            [new UserAccess { Tenant = "t1", User = "sup", Privileges = ["ViewDashboard", "Boss"], Access = new ObjectAccess { Agents = ["a1", "gone"] } }], rejected);
        var sup = Of(all, "sup");
        Assert.Empty(sup.Privileges);
        Assert.Empty(sup.Objects);
        Assert.False(sup.AllObjects);
        Assert.Equal(2, rejected.Count);
        Assert.Contains("tenant 't1' user 'sup'", rejected[0]);
        Assert.Contains("privileges[1]: 'Boss' is not a privilege", rejected[0]);
        Assert.Contains("access.agents[1]: tenant 't1' has no agent 'gone'", rejected[1]);
    }

    [Fact]
    public void Validate_names_each_field()
    {
        var problems = PermissionCalculator.Validate(PermissionCalculatorTests.Tenant("t1"), new UserAccess
        {
            Tenant = "t1", User = "sup", Privileges = ["manageTabs", "x"],
            Access = new ObjectAccess { AgentGroups = ["g9"], Queues = ["q1", "a1"], QueueGroups = ["qg1"], RoutePoints = ["rp2"], InteractionQueues = ["iq2"] },
        });
        Assert.Equal(
        [
            "privileges[1]: 'x' is not a privilege; expected one of: " + string.Join(", ", PrivilegeLadder.Names),
            "access.agentGroups[0]: tenant 't1' has no agent group 'g9'",
            "access.queues[1]: tenant 't1' has no queue or virtual queue 'a1'",
            "access.routePoints[0]: tenant 't1' has no route point 'rp2'",
            "access.interactionQueues[0]: tenant 't1' has no interaction queue 'iq2'",
        ], problems);
    }

    [Fact]
    public async Task The_in_process_evaluator_follows_writes_to_its_store_and_their_removal()
    {
        var store = new InMemoryUserAccessStore();
        using var evaluator = new ConfigurationPermissionEvaluator(new StaticConfigurationProvider(Config()), store: store);
        var before = await evaluator.GetAsync("t1", "sup");
        Assert.True(before!.CanSee(new ObjectRef("t1", ObjectType.Queue, "q1")));
        var generation = evaluator.Generation;

        await store.SaveAsync(new UserAccess { Tenant = "t1", User = "sup", Access = new ObjectAccess { Queues = ["q2"] } });
        Assert.Equal(generation + 1, evaluator.Generation);
        var after = await evaluator.GetAsync("t1", "sup");
        Assert.False(after!.CanSee(new ObjectRef("t1", ObjectType.Queue, "q1")));
        Assert.True(after.CanSee(new ObjectRef("t1", ObjectType.Queue, "q2")));

        Assert.True(await store.RemoveAsync("t1", "sup"));
        Assert.False(await store.RemoveAsync("t1", "sup"));
        Assert.True((await evaluator.GetAsync("t1", "sup"))!.CanSee(new ObjectRef("t1", ObjectType.Queue, "q1")));
        Assert.Equal(generation + 2, evaluator.Generation);
    }

    [Fact]
    public async Task An_assignment_the_configuration_no_longer_matches_gives_nothing_and_the_evaluator_says_why()
    {
        var store = new InMemoryUserAccessStore();
        await store.SaveAsync(new UserAccess { Tenant = "t1", User = "sup", Access = new ObjectAccess { Agents = ["a3"] } });
        var provider = new StaticConfigurationProvider(Config());
        using var evaluator = new ConfigurationPermissionEvaluator(provider, store: store);
        Assert.Equal([(ObjectType.Agent, "a3")], (await evaluator.GetAsync("t1", "sup"))!.Objects);
        Assert.Empty(evaluator.RejectedAssignments);

        // Agent a3 leaves the configuration: the assignment names what no longer exists.
        var tenant = PermissionCalculatorTests.Tenant("t1", Sup);
        provider.Update(new PulseConfiguration { Tenants = [tenant with { Agents = [.. tenant.Agents.Where(a => a.Id != "a3")] }] });
        var sup = await evaluator.GetAsync("t1", "sup");
        Assert.Empty(sup!.Objects);
        Assert.Empty(sup.Privileges);
        Assert.Equal(["tenant 't1' user 'sup': access assigned in Pulse not applied (the user gets none): access.agents[0]: tenant 't1' has no agent 'a3'"],
            evaluator.RejectedAssignments);
    }

    [Fact]
    public async Task Until_the_store_is_read_nobody_has_permissions_and_a_failed_read_is_tried_again()
    {
        var store = new FlakyStore(new InMemoryUserAccessStore()) { Down = true };
        await store.Inner.SaveAsync(new UserAccess { Tenant = "t1", User = "sup", Access = new ObjectAccess { Queues = ["q2"] } });
        using var evaluator = new ConfigurationPermissionEvaluator(new StaticConfigurationProvider(Config()), store: store);
        Assert.Null(await evaluator.GetAsync("t1", "sup")); // not the configuration's wider access meanwhile
        Assert.IsType<IOException>(evaluator.LastError);
        Assert.Equal(0, evaluator.Generation);

        store.Down = false;
        var sup = await evaluator.GetAsync("t1", "sup");
        Assert.Equal([(ObjectType.Queue, "q2")], sup!.Objects);
        Assert.Null(evaluator.LastError);
    }

    [Fact]
    public async Task Every_write_and_removal_raises_the_version()
    {
        var store = new InMemoryUserAccessStore();
        Assert.Equal(0, await store.GetVersionAsync());
        var a = await store.SaveAsync(new UserAccess { Tenant = "t1", User = "u", Privileges = [] });
        var b = await store.SaveAsync(a with { Privileges = ["ViewDashboard"] });
        Assert.True(b.Version > a.Version);
        await store.RemoveAsync("t1", "u");
        Assert.True(await store.GetVersionAsync() > b.Version);
        Assert.Empty(await store.GetAllAsync());
    }

    private sealed class FlakyStore(InMemoryUserAccessStore inner) : IUserAccessStore
    {
        public InMemoryUserAccessStore Inner => inner;

        public bool Down { get; set; }

        public event EventHandler? Changed { add => inner.Changed += value; remove => inner.Changed -= value; }

        public Task<long> GetVersionAsync(CancellationToken cancellationToken = default) => Down ? throw new IOException("down") : inner.GetVersionAsync(cancellationToken);

        public Task<IReadOnlyList<UserAccess>> GetAllAsync(CancellationToken cancellationToken = default) => Down ? throw new IOException("down") : inner.GetAllAsync(cancellationToken);

        public Task<UserAccess?> GetAsync(string tenant, string user, CancellationToken cancellationToken = default) => inner.GetAsync(tenant, user, cancellationToken);

        public Task<UserAccess> SaveAsync(UserAccess access, CancellationToken cancellationToken = default) => inner.SaveAsync(access, cancellationToken);

        public Task<bool> RemoveAsync(string tenant, string user, CancellationToken cancellationToken = default) => inner.RemoveAsync(tenant, user, cancellationToken);
    }
}
