using Pulse.Sdk.Metadata;
using System.Collections.Concurrent;
using Npgsql;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Postgres.Metadata;
using Pulse.Sdk.Postgres.Synchronization;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Postgres.Tests.Synchronization;

public sealed class LayoutStatisticsSynchronizerTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private readonly PulseMetadataStore _store = new(database.DataSource);

    private static string NewTenant() => "t" + Guid.NewGuid().ToString("N")[..12];

    private static DataCollectionUnit Unit(string tenant) => new(new StaticConfigurationProvider(new PulseConfiguration
    {
        Tenants = [new TenantConfig
        {
            Id = tenant,
            Agents = [new AgentConfig { Id = "a1", Dns = ["1001"] }, new AgentConfig { Id = "a2", Dns = ["1002"] }],
        }],
    }));

    private static Task<int> OpenedCount(DataCollectionUnit unit, string tenant) => unit.OpenedCountAsync(tenant);

    /// <summary>Template "A" shows Agent[0..3], template "B" Agent[2..5]: they share two statistics.</summary>
    private async Task<(Guid A, Guid B)> TemplatesAsync(string tenant)
    {
        var a = await _store.SaveTemplateAsync(new WidgetTemplate
        {
            Id = Guid.NewGuid(), Tenant = tenant, Name = "A", ObjectType = ObjectType.Agent,
            Statistics = StandardCatalogue.Agent.Take(4).Select(t => new TemplateStatistic(t.Name, t.Name)).ToArray(),
        });
        var b = await _store.SaveTemplateAsync(new WidgetTemplate
        {
            Id = Guid.NewGuid(), Tenant = tenant, Name = "B", ObjectType = ObjectType.Agent,
            Statistics = StandardCatalogue.Agent.Skip(2).Take(4).Select(t => new TemplateStatistic(t.Name, t.Name)).ToArray(),
        });
        return (a.Id, b.Id);
    }

    private Task<Layout> LayoutAsync(string tenant, Guid template, string agent, bool active = true, Guid? id = null) =>
        _store.SaveLayoutAsync(new Layout
        {
            Id = id ?? Guid.NewGuid(), Tenant = tenant, TemplateId = template, Name = agent, Objects = [new(ObjectType.Agent, agent)], Active = active,
        });

    private static HashSet<StatisticRequest> Requests(string tenant, string agent, IEnumerable<StatisticType> types) =>
        types.Select(t => new StatisticRequest(t, new ObjectRef(tenant, ObjectType.Agent, agent))).ToHashSet();

    /// <summary>Completes when <paramref name="condition"/> holds after a synchronization of the tenant (or already holds); fails after the deadline.</summary>
    private static async Task WaitForAsync(LayoutStatisticsSynchronizer synchronizer, Func<bool> condition, string what)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnSynchronized(object? sender, LayoutStatisticsSynchronizedEventArgs e)
        {
            if (condition()) done.TrySetResult();
        }
        synchronizer.Synchronized += OnSynchronized;
        try
        {
            if (condition()) return;
            try { await done.Task.WaitAsync(Deadline); }
            catch (TimeoutException) { Assert.Fail($"not within {Deadline}: {what}"); }
        }
        finally { synchronizer.Synchronized -= OnSynchronized; }
    }

    [Fact]
    public async Task Two_layouts_sharing_statistics_open_their_union_once()
    {
        var tenant = NewTenant();
        var (a, b) = await TemplatesAsync(tenant);
        await LayoutAsync(tenant, a, "a1");
        await LayoutAsync(tenant, b, "a1");
        await using var unit = Unit(tenant);
        await using var synchronizer = new LayoutStatisticsSynchronizer(unit, _store, [tenant]);

        await synchronizer.SynchronizeAllAsync();
        await synchronizer.SynchronizeAllAsync(); // idempotent: nothing opened twice

        Assert.Equal(6, await OpenedCount(unit, tenant));
        Assert.Equal(Requests(tenant, "a1", StandardCatalogue.Agent.Take(6)), synchronizer.OpenRequests(tenant));
        Assert.Equal(0, synchronizer.ProblemCount);
    }

    [Fact]
    public async Task Deactivating_a_layout_closes_only_what_the_other_does_not_need()
    {
        var tenant = NewTenant();
        var (a, b) = await TemplatesAsync(tenant);
        var first = await LayoutAsync(tenant, a, "a1");
        await LayoutAsync(tenant, b, "a1");
        await using var unit = Unit(tenant);
        await using var synchronizer = new LayoutStatisticsSynchronizer(unit, _store, [tenant]);
        await synchronizer.SynchronizeAllAsync();
        Assert.Equal(6, await OpenedCount(unit, tenant));

        await _store.SaveLayoutAsync(first with { Active = false });
        await synchronizer.SynchronizeAsync(tenant);

        Assert.Equal(4, await OpenedCount(unit, tenant));
        Assert.Equal(Requests(tenant, "a1", StandardCatalogue.Agent.Skip(2).Take(4)), synchronizer.OpenRequests(tenant));
    }

    [Fact]
    public async Task Layout_changes_are_followed_through_notify()
    {
        var tenant = NewTenant();
        var (a, b) = await TemplatesAsync(tenant);
        var first = await LayoutAsync(tenant, a, "a1");
        await using var unit = Unit(tenant);
        await using var listener = new LayoutChangeListener(database.DataSource);
        await using var synchronizer = new LayoutStatisticsSynchronizer(unit, _store, [tenant]);
        synchronizer.Attach(listener);
        await listener.StartAsync();
        await WaitForAsync(synchronizer, () => synchronizer.OpenRequests(tenant).Count == 4, "the first layout's 4 statistics opened on Connected");

        await LayoutAsync(tenant, b, "a2");
        await WaitForAsync(synchronizer, () => synchronizer.OpenRequests(tenant).Count == 8, "the new layout's statistics opened after the NOTIFY");
        Assert.Equal(8, await OpenedCount(unit, tenant));

        await _store.DeleteLayoutAsync(tenant, first.Id);
        await WaitForAsync(synchronizer, () => synchronizer.OpenRequests(tenant).Count == 4, "the deleted layout's statistics closed after the NOTIFY");
        Assert.Equal(4, await OpenedCount(unit, tenant));
        Assert.Equal(Requests(tenant, "a2", StandardCatalogue.Agent.Skip(2).Take(4)), synchronizer.OpenRequests(tenant));
    }

    [Fact]
    public async Task A_layout_saved_while_the_listener_was_disconnected_is_opened_when_it_reconnects()
    {
        var tenant = NewTenant();
        var (a, b) = await TemplatesAsync(tenant);
        await LayoutAsync(tenant, a, "a1");
        await using var unit = Unit(tenant);
        var application = "pulse-sync-" + tenant;
        await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(database.ConnectionString) { ApplicationName = application }.ConnectionString);
        // A long reconnect delay leaves time to write while nobody listens: that NOTIFY is lost for good.
        await using var listener = new LayoutChangeListener(dataSource, new LayoutChangeListenerOptions { ReconnectDelay = TimeSpan.FromSeconds(2) });
        await using var synchronizer = new LayoutStatisticsSynchronizer(unit, _store, [tenant]);
        synchronizer.Attach(listener);
        await listener.StartAsync();
        await WaitForAsync(synchronizer, () => synchronizer.OpenRequests(tenant).Count == 4, "the first layout's statistics opened on Connected");

        await using (var kill = database.DataSource.CreateCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1"))
        {
            kill.Parameters.Add(new() { Value = application });
            Assert.Equal(1L, await kill.ExecuteScalarAsync());
        }
        await Eventually.HoldsAsync(() => !listener.IsConnected, Deadline); // the socket reports the kill
        Assert.False(listener.IsConnected, "the listener did not notice its connection was killed");
        await LayoutAsync(tenant, b, "a2");

        await WaitForAsync(synchronizer, () => synchronizer.OpenRequests(tenant).Count == 8, "the layout saved while disconnected opened after reconnecting");
        Assert.Equal(8, await OpenedCount(unit, tenant));
        Assert.True(listener.IsConnected);
    }

    [Fact]
    public async Task A_layout_on_an_unknown_object_is_reported_and_the_rest_is_opened()
    {
        var tenant = NewTenant();
        var (a, b) = await TemplatesAsync(tenant);
        await LayoutAsync(tenant, a, "ghost");
        await LayoutAsync(tenant, b, "a1");
        var problems = new ConcurrentQueue<LayoutStatisticsProblem>();
        await using var unit = Unit(tenant);
        await using var synchronizer = new LayoutStatisticsSynchronizer(unit, _store, [tenant], onProblem: problems.Enqueue);

        await synchronizer.SynchronizeAllAsync();

        Assert.Equal(4, await OpenedCount(unit, tenant));
        Assert.Equal(Requests(tenant, "a1", StandardCatalogue.Agent.Skip(2).Take(4)), synchronizer.OpenRequests(tenant));
        Assert.Equal(4, synchronizer.ProblemCount);
        Assert.Equal(4, problems.Count);
        Assert.All(problems, p => Assert.Equal("ghost", p.Request!.Object.Id));
    }

    [Fact]
    public async Task A_new_synchronizer_opens_the_same_set()
    {
        var tenant = NewTenant();
        var (a, b) = await TemplatesAsync(tenant);
        await LayoutAsync(tenant, a, "a1");
        await LayoutAsync(tenant, b, "a2");
        await LayoutAsync(tenant, b, "a1", active: false);

        IReadOnlySet<StatisticRequest> before;
        int beforeCount;
        await using (var unit = Unit(tenant))
        await using (var synchronizer = new LayoutStatisticsSynchronizer(unit, _store, [tenant]))
        {
            await synchronizer.SynchronizeAllAsync();
            before = synchronizer.OpenRequests(tenant);
            beforeCount = await OpenedCount(unit, tenant);
        }

        await using var restarted = Unit(tenant);
        await using var again = new LayoutStatisticsSynchronizer(restarted, _store, [tenant]);
        await again.SynchronizeAllAsync();

        Assert.Equal(8, beforeCount);
        Assert.Equal(beforeCount, await OpenedCount(restarted, tenant));
        Assert.Equal(before, again.OpenRequests(tenant));
    }

    [Fact]
    public async Task Other_tenants_are_ignored_and_close_all_closes_everything()
    {
        var tenant = NewTenant();
        var (a, _) = await TemplatesAsync(tenant);
        await LayoutAsync(tenant, a, "a1");
        await using var unit = Unit(tenant);
        await using var synchronizer = new LayoutStatisticsSynchronizer(unit, _store, [tenant]);
        await synchronizer.SynchronizeAllAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => synchronizer.SynchronizeAsync("someone-else"));

        await synchronizer.CloseAllAsync();

        Assert.Equal(0, await OpenedCount(unit, tenant));
        Assert.Empty(synchronizer.OpenRequests(tenant));
    }
}
