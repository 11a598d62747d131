using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Service.Live;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Storage;

namespace Pulse.Sdk.Service.Tests.Support;

/// <summary>
/// A Pulse service on real Kestrel at 127.0.0.1 and a free port, with the test authentication scheme, a fake permission
/// evaluator, and the metadata store and value source the test gives (in memory and scripted by default). Two tenants:
/// t1 (queues q1 Sales, q2 Support; agent a1; users alice, bob, carol, dora) and t2 (queue q1; user eve).
/// </summary>
internal sealed class ServiceHost : IAsyncDisposable
{
    public static readonly PulseConfiguration Configuration = new()
    {
        Tenants =
        [
            new TenantConfig
            {
                Id = "t1",
                Queues = [new QueueConfig { Id = "q1", Name = "Sales", Dn = "7001" }, new QueueConfig { Id = "q2", Name = "Support", Dn = "7002" }],
                Agents = [new AgentConfig { Id = "a1", Name = "Ann", Dns = ["1001"] }],
                Users = [new UserConfig { Id = "alice", Name = "Alice" }, new UserConfig { Id = "bob", Name = "Bob" },
                         new UserConfig { Id = "carol", Name = "Carol" }, new UserConfig { Id = "dora", Name = "Dora" }],
            },
            new TenantConfig
            {
                Id = "t2",
                Queues = [new QueueConfig { Id = "q1", Name = "Other tenant's sales", Dn = "7001" }],
                Users = [new UserConfig { Id = "eve", Name = "Eve" }],
            },
        ],
    };

    private readonly List<HttpClient> _clients = [];

    private ServiceHost(WebApplication app, FakePermissionEvaluator permissions, IMetadataStore store, IStatisticValueSource values)
    {
        App = app;
        Permissions = permissions;
        Store = store;
        Values = values;
        BaseAddress = new Uri(app.Urls.First());
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public FakePermissionEvaluator Permissions { get; }

    public IMetadataStore Store { get; }

    public IStatisticValueSource Values { get; }

    public ScriptedValueSource Scripted => (ScriptedValueSource)Values;

    public LiveHub Hub => App.Services.GetRequiredService<LiveHub>();

    public Uri LiveUri => new($"ws://{BaseAddress.Authority}/api/live");

    public static async Task<ServiceHost> StartAsync(Action<PulseServiceOptions>? configure = null, IMetadataStore? store = null,
        IStatisticValueSource? values = null, TimeProvider? time = null, Action<IServiceCollection>? services = null,
        bool testAuthentication = true, Action<WebApplication>? map = null, PulseConfiguration? configuration = null,
        bool webSockets = true, string routePrefix = "")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var permissions = new FakePermissionEvaluator();
        store ??= new InMemoryMetadataStore();
        values ??= new ScriptedValueSource();
        if (testAuthentication)
            builder.Services.AddAuthentication(TestAuthenticationHandler.SchemeName)
                .AddScheme<AuthenticationSchemeOptions, TestAuthenticationHandler>(TestAuthenticationHandler.SchemeName, null);
        builder.Services.AddSingleton<IPermissionEvaluator>(permissions);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(values);
        if (time is not null) builder.Services.AddSingleton(time);
        services?.Invoke(builder.Services);
        builder.Services.AddPulse(o => o.OpenStandardCatalogue = false).AddConfiguration(configuration ?? Configuration).AddPulseService(configure);
        var app = builder.Build();
        if (webSockets) app.UseWebSockets();
        app.UseAuthentication();
        app.UseAuthorization();
        map?.Invoke(app);
        if (routePrefix.Length == 0) app.MapPulseApi();
        else app.MapGroup(routePrefix).MapPulseApi();
        await app.StartAsync();
        return new ServiceHost(app, permissions, store, values);
    }

    /// <summary>A client signed in as <paramref name="who"/> (<c>alice@t1</c>), or anonymous when null.</summary>
    public HttpClient Client(string? who)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (who is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(TestAuthenticationHandler.SchemeName, who);
        _clients.Add(client);
        return client;
    }

    /// <summary>A template of Queue objects with Waiting and ServiceLevel1, a layout on q1 and q2, and a tab of alice showing it.</summary>
    public async Task<(WidgetTemplate Template, Layout Layout, Tab Tab)> SeedAsync(string tenant = "t1", bool shared = false)
    {
        var template = await Store.SaveTemplateAsync(new WidgetTemplate
        {
            Id = Guid.NewGuid(), Tenant = tenant, Name = "Queues", WidgetType = WidgetType.Grid, ObjectType = ObjectType.Queue,
            Statistics = [new("Waiting", "Waiting") { DisplayFormat = ValueFormat.Integer }, new("SL", "ServiceLevel1") { DisplayFormat = ValueFormat.Percent }],
        });
        var layout = await Store.SaveLayoutAsync(new Layout
        {
            Id = Guid.NewGuid(), Tenant = tenant, TemplateId = template.Id, Name = "Queues", Owner = "alice",
            Objects = [new(ObjectType.Queue, "q1"), new(ObjectType.Queue, "q2")],
        });
        var tab = await Store.SaveTabAsync(new Tab { Id = Guid.NewGuid(), Tenant = tenant, Owner = "alice", Name = "Main", Shared = shared, LayoutIds = [layout.Id] });
        return (template, layout, tab);
    }

    public static StatisticChange Change(string tenant, string queue, string statistic, double value, DateTimeOffset? time = null) =>
        new(new ObjectRef(tenant, ObjectType.Queue, queue), statistic, new StatisticValue(value), time ?? new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));

    public async ValueTask DisposeAsync()
    {
        foreach (var c in _clients) c.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

/// <summary>Reading answers.</summary>
internal static class HttpJson
{
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).Clone();

    public static async Task<string> MessageAsync(this HttpResponseMessage response) =>
        (await response.ReadJsonAsync()).GetProperty("message").GetString()!;

    public static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
