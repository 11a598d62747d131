using Pulse.Sdk.Configuration;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Dashboards.Tests.Permissions;

public sealed class ConfigurationPermissionEvaluatorTests
{
    private static PulseConfiguration Config(params UserConfig[] users) =>
        new() { Tenants = [PermissionCalculatorTests.Tenant("t1", users), PermissionCalculatorTests.Tenant("t2", new UserConfig { Id = "zed", Access = new ObjectAccess { All = true } })] };

    [Fact]
    public async Task Answers_from_the_configuration_and_follows_its_changes()
    {
        var provider = new StaticConfigurationProvider(Config(new UserConfig { Id = "alice", Privileges = ["ViewDashboard"], Access = new ObjectAccess { Queues = ["q1"] } }));
        using var evaluator = new ConfigurationPermissionEvaluator(provider, new PermissionOptions { MaxTabsPerUser = 4 });
        var alice = await evaluator.GetAsync("t1", "alice");
        Assert.NotNull(alice);
        Assert.True(alice.CanSee(new ObjectRef("t1", ObjectType.Queue, "q1")));
        Assert.False(alice.CanSee(new ObjectRef("t1", ObjectType.Queue, "q2")));
        Assert.Equal(4, alice.MaxTabs);
        Assert.Null(await evaluator.GetAsync("t2", "alice"));
        Assert.Null(await evaluator.GetAsync("t1", "zed"));
        Assert.Null(await evaluator.GetAsync("t3", "alice"));
        Assert.Equal(1, evaluator.Generation);

        provider.Update(Config(new UserConfig { Id = "alice", Privileges = ["ManageTemplates"], Access = new ObjectAccess { Queues = ["q2"] } }));
        alice = await evaluator.GetAsync("t1", "alice");
        Assert.False(alice!.CanSee(new ObjectRef("t1", ObjectType.Queue, "q1")));
        Assert.True(alice.CanSee(new ObjectRef("t1", ObjectType.Queue, "q2")));
        Assert.True(alice.Has(PulsePrivilege.ManageSharedDashboards));
        Assert.Equal(2, evaluator.Generation);

        provider.Update(Config());
        Assert.Null(await evaluator.GetAsync("t1", "alice"));
    }

    [Fact]
    public async Task A_change_that_cannot_be_evaluated_keeps_the_previous_permissions_and_reports_the_error()
    {
        var provider = new TestProvider(Config(new UserConfig { Id = "alice", Privileges = ["ViewDashboard"] }));
        using var evaluator = new ConfigurationPermissionEvaluator(provider);
        Exception? reported = null;
        evaluator.OnError = e => reported = e;

        // A provider that does not validate passes an unknown privilege on.
        provider.Raise(Config(new UserConfig { Id = "alice", Privileges = ["Superuser"] }));
        Assert.IsType<ConfigurationException>(reported);
        Assert.Same(reported, evaluator.LastError);
        Assert.Contains("user 'alice'.privileges[0]: 'Superuser' is not a privilege", reported.Message);
        Assert.True((await evaluator.GetAsync("t1", "alice"))!.Has(PulsePrivilege.ViewDashboard));
        Assert.Equal(1, evaluator.Generation);

        provider.Raise(Config(new UserConfig { Id = "alice", Privileges = ["ManageTabs"] }));
        Assert.Null(evaluator.LastError);
        Assert.True((await evaluator.GetAsync("t1", "alice"))!.Has(PulsePrivilege.ManageTabs));
    }

    [Fact]
    public void An_invalid_starting_configuration_throws_and_leaves_no_subscription()
    {
        var provider = new TestProvider(Config(new UserConfig { Id = "alice", Privileges = ["Nope"] }));
        Assert.Throws<ConfigurationException>(() => new ConfigurationPermissionEvaluator(provider));
        Assert.Equal(0, provider.Subscribers);
    }

    [Fact]
    public async Task After_dispose_changes_are_no_longer_followed()
    {
        var provider = new TestProvider(Config(new UserConfig { Id = "alice" }));
        var evaluator = new ConfigurationPermissionEvaluator(provider);
        Assert.Equal(1, provider.Subscribers);
        evaluator.Dispose();
        Assert.Equal(0, provider.Subscribers);
        provider.Raise(Config());
        Assert.NotNull(await evaluator.GetAsync("t1", "alice"));
    }

    /// <summary>A provider that raises whatever it is given, without validating (as a custom provider might).</summary>
    private sealed class TestProvider(PulseConfiguration initial) : IPulseConfigurationProvider
    {
        private Action<PulseConfiguration>? _changed;

        public PulseConfiguration Current { get; private set; } = initial;

        public int Subscribers => _changed?.GetInvocationList().Length ?? 0;

        public event Action<PulseConfiguration>? Changed
        {
            add => _changed += value;
            remove => _changed -= value;
        }

        public void Raise(PulseConfiguration next)
        {
            Current = next;
            _changed?.Invoke(next);
        }
    }
}
