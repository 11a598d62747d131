using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Sdk.Authentication;
using Pulse.Sdk.Authentication.Issuing;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Events;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Storage;

namespace Pulse.Sdk.Wallboard.Tests.Support;

/// <summary>
/// The whole one-process Pulse on a real Kestrel host (127.0.0.1, a free port): the authentication role and the
/// session (Pulse.Sdk.Authentication), the permissions from the configuration, the Pulse service (REST and live push)
/// over an <see cref="InMemoryMetadataStore"/> and an <see cref="InProcessStatisticValueSource"/>, and the wallboard.
/// The statistics come from a <see cref="StatisticsEngine"/> on a <see cref="ReplayClock"/> that the test feeds with events.
/// </summary>
/// <remarks>
/// Tenant t1: queues q1 "Sales" (DN 7001) and q2 "Support" (DN 7002); user alice (password <see cref="Password"/>,
/// ManageWidgets, every object). Her tab "Floor" holds two layouts of the Queue KPIs template: "Sales queue", a KPI
/// widget of Waiting and Entered for q1, Waiting coloured at 2 (warning) and 5 (critical); and "Queues", a grid of
/// Waiting, Entered and LongestWait for q1 and q2 with a line chart of Waiting (the value source keeps 15 minutes).
/// </remarks>
public sealed class PulseWallboardHost : IAsyncDisposable
{
    public const string Tenant = "t1";
    public const string User = "alice";
    public const string Password = "wallboard-secret";
    public const string SalesDn = "7001";
    public const string SupportDn = "7002";

    private readonly WebApplication _app;
    private readonly InProcessStatisticValueSource _values;
    private long _seq;

    private PulseWallboardHost(WebApplication app, Uri address, InMemoryMetadataStore store, InProcessStatisticValueSource values, StatisticsEngine engine, ReplayClock clock, Layout layout, Layout grid, Tab tab)
    {
        _app = app;
        _values = values;
        Address = address;
        Store = store;
        Engine = engine;
        Clock = clock;
        Layout = layout;
        Grid = grid;
        Tab = tab;
    }

    public static PulseConfiguration Configuration { get; } = new()
    {
        Tenants =
        [
            new TenantConfig
            {
                Id = Tenant,
                Queues = [new QueueConfig { Id = "q1", Name = "Sales", Dn = SalesDn }, new QueueConfig { Id = "q2", Name = "Support", Dn = SupportDn }],
                Users = [new UserConfig { Id = User, Name = "Alice", Privileges = ["ManageWidgets"], Access = new ObjectAccess { All = true } }],
            },
        ],
    };

    public Uri Address { get; }

    public InMemoryMetadataStore Store { get; }

    public StatisticsEngine Engine { get; }

    public ReplayClock Clock { get; }

    /// <summary>The "Sales queue" layout on the tab.</summary>
    public Layout Layout { get; }

    /// <summary>The "Queues" layout on the tab.</summary>
    public Layout Grid { get; }

    /// <summary>Alice's tab "Floor".</summary>
    public Tab Tab { get; }

    /// <summary>Starts the host; with a <paramref name="routePrefix"/> (<c>/pulse</c>) every Pulse endpoint and the page are mapped on a route group of that prefix.</summary>
    public static async Task<PulseWallboardHost> StartAsync(string routePrefix = "")
    {
        var store = new InMemoryMetadataStore();
        var values = new InProcessStatisticValueSource(TimeSpan.FromMinutes(15));
        var builder = StaticWallboardHost.CreateLoopbackBuilder();
        builder.Services.AddSingleton<IMetadataStore>(store);
        builder.Services.AddSingleton<IStatisticValueSource>(values);
        // A cheap hash: the test is about the page, not PBKDF2's cost.
        builder.Services.AddPulseAuthService(o => o.Users.Add(new AuthUser { UserName = User, Tenant = Tenant, PasswordHash = PasswordHasher.Hash(Password, 1000) }));
        builder.Services.AddPulseAuthentication();
        // The engine below computes the values; the DCU that AddPulse registers opens nothing and reads no source.
        builder.Services.AddPulse(o => o.OpenStandardCatalogue = false).AddConfiguration(Configuration).AddPermissions().AddPulseService();
        var app = builder.Build();
        app.UseWebSockets();
        app.MapPulseAuthService();
        var pulse = routePrefix.Length == 0 ? (Microsoft.AspNetCore.Routing.IEndpointRouteBuilder)app : app.MapGroup(routePrefix);
        pulse.MapPulseSession();
        pulse.MapPulseApi();
        pulse.MapPulseWallboard();

        foreach (var template in StandardTemplates.For(Tenant)) await store.SaveTemplateAsync(template);
        Task<Layout> SaveQueueLayoutAsync(string name, string[] queues, Dictionary<string, string> options) => store.SaveLayoutAsync(new Layout
        {
            Id = Guid.NewGuid(),
            Tenant = Tenant,
            TemplateId = StandardTemplates.IdFor(Tenant, "Queue KPIs"),
            Name = name,
            Owner = User,
            Objects = [.. queues.Select(q => new LayoutObject(ObjectType.Queue, q))],
            Options = options,
        });
        var layout = await SaveQueueLayoutAsync("Sales queue", ["q1"], new()
        {
            ["widgetType"] = "Kpi",
            ["aliases"] = "Waiting,Entered",
            ["threshold.Waiting.warning"] = "2",
            ["threshold.Waiting.critical"] = "5",
        });
        var grid = await SaveQueueLayoutAsync("Queues", ["q1", "q2"], new() { ["aliases"] = "Waiting,Entered,LongestWait", ["chart.alias"] = "Waiting" });
        var tab = await store.SaveTabAsync(new Tab { Id = Guid.NewGuid(), Tenant = Tenant, Owner = User, Name = "Floor", LayoutIds = [layout.Id, grid.Id] });

        var clock = new ReplayClock(DateTimeOffset.UtcNow);
        var engine = new StatisticsEngine(Configuration, new StatisticsEngineOptions { TimeProvider = clock });
        engine.AddSink(values);
        foreach (var queue in new[] { "q1", "q2" })
            foreach (var statistic in StandardCatalogue.Queue)
                engine.Open(new StatisticRequest(statistic, new ObjectRef(Tenant, ObjectType.Queue, queue)));
        engine.Flush();

        await app.StartAsync();
        return new PulseWallboardHost(app, StaticWallboardHost.AddressOf(app), store, values, engine, clock, layout, grid, tab);
    }

    /// <summary><paramref name="count"/> inbound calls enter the queue at <paramref name="dn"/> one second later; the engine flushes.</summary>
    public void CallsEnter(string dn, int count)
    {
        Clock.Advance(TimeSpan.FromSeconds(1));
        for (var i = 0; i < count; i++)
        {
            var seq = ++_seq;
            var outcome = Engine.Apply(new PulseEvent
            {
                Seq = seq, Type = PulseEventType.Queued, Source = EventSourceKind.Voice, Tenant = Tenant, Time = Clock.GetUtcNow(),
                ConnId = $"call-{seq}", Dn = dn, CallType = CallType.Inbound,
            });
            if (outcome != EventOutcome.Applied) throw new InvalidOperationException($"the engine did not apply call {seq}: {outcome}");
        }
        Engine.Flush();
    }

    /// <summary>
    /// The value source gets <paramref name="number"/> as a stale value of <paramref name="statistic"/> of <paramref name="queue"/>,
    /// as the engine sends one when a stream feeding it is lost (the engine here has no stream to lose).
    /// </summary>
    public void SendStale(string queue, StatisticType statistic, double number)
    {
        var opened = Engine.OpenedStatistics.Single(s => s.Object.Id == queue && s.Type == statistic);
        _values.OnUpdates([new StatisticUpdate(opened, new StatisticValue(number) { Stale = true }, Clock.GetUtcNow())]);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
