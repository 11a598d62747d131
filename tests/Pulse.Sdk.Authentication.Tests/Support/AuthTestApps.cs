using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Pulse.Sdk.Authentication.Issuing;
using Pulse.Sdk.Authentication.Validation;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Permissions;

namespace Pulse.Sdk.Authentication.Tests.Support;

/// <summary>
/// An authentication role and a Pulse app, each on its own in-memory test server, on one fake clock far from the real
/// one (so a check that read the system clock would fail). Pulse reads the role's JWKS and asks it for tokens over HTTP.
/// </summary>
internal sealed class AuthTestApps : IAsyncDisposable
{
    public const string AlicePassword = "alice-secret";
    public const string BobPassword = "bob-secret";
    public static readonly Uri JwksUri = new("http://auth/auth/.well-known/jwks.json");
    public static readonly Uri TokenUri = new("http://auth/auth/token");

    private AuthTestApps(WebApplication role, WebApplication pulse, FakeTimeProvider clock)
    {
        Role = role;
        Pulse = pulse;
        Clock = clock;
    }

    public WebApplication Role { get; }

    public WebApplication Pulse { get; }

    public FakeTimeProvider Clock { get; }

    public HttpClient RoleClient() => Role.GetTestClient();

    public HttpClient PulseClient() => Pulse.GetTestClient();

    public SigningKey RoleKey => Role.Services.GetRequiredService<SigningKey>();

    /// <summary>The test users, hashed once: a role started again gets the same hashes, as a restarted role reads the same configuration (a new hash is a new password).</summary>
    public static AuthUser[] Users() => [.. HashedUsers.Value];

    private static readonly Lazy<AuthUser[]> HashedUsers = new(() =>
    [
        new() { UserName = "alice", Tenant = "t1", PasswordHash = PasswordHasher.Hash(AlicePassword, PasswordHasher.MinIterations) },
        new() { UserName = "bob", Tenant = "t2", PasswordHash = PasswordHasher.Hash(BobPassword, PasswordHasher.MinIterations) },
        // Known to the role but not to the configuration: authenticated, without permissions.
        new() { UserName = "ghost", Tenant = "t1", PasswordHash = PasswordHasher.Hash("ghost-secret", PasswordHasher.MinIterations) },
    ]);

    public static PulseConfiguration Configuration() => new()
    {
        Tenants =
        [
            new TenantConfig
            {
                Id = "t1",
                Queues = [new QueueConfig { Id = "q1", Dn = "8001" }],
                Users = [new UserConfig { Id = "alice", Privileges = ["ManageTabs", "AddWidgetsWithoutLimit"], Access = new ObjectAccess { Queues = ["q1"] } }],
            },
            new TenantConfig { Id = "t2", Users = [new UserConfig { Id = "bob", Privileges = ["ViewDashboard"] }] },
        ],
    };

    public static async Task<AuthTestApps> StartAsync(Action<AuthServiceOptions>? role = null, Action<PulseAuthenticationOptions>? pulse = null,
        Func<HttpMessageHandler, HttpMessageHandler>? jwksHandler = null)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 8, 0, 0, TimeSpan.Zero));

        var roleBuilder = NewBuilder(clock);
        roleBuilder.Services.AddPulseAuthService(o =>
        {
            foreach (var u in Users()) o.Users.Add(u);
            role?.Invoke(o);
        });
        var roleApp = roleBuilder.Build();
        roleApp.MapPulseAuthService();
        await roleApp.StartAsync();

        var pulseBuilder = NewBuilder(clock);
        pulseBuilder.Services.AddSingleton<IPermissionEvaluator>(new ConfigurationPermissionEvaluator(new StaticConfigurationProvider(Configuration()), new PermissionOptions { MaxTabsPerUser = 7 }));
        pulseBuilder.Services.AddPulseAuthentication(o =>
        {
            o.JwksUri = JwksUri;
            o.TokenUri = TokenUri;
            pulse?.Invoke(o);
        });
        var roleServer = roleApp.GetTestServer();
        pulseBuilder.Services.AddHttpClient(PulseAuthenticationDefaults.JwksHttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => jwksHandler?.Invoke(roleServer.CreateHandler()) ?? roleServer.CreateHandler());
        pulseBuilder.Services.AddHttpClient(PulseAuthenticationDefaults.TokenHttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => roleServer.CreateHandler());
        var pulseApp = pulseBuilder.Build();
        pulseApp.MapPulseSession();
        MapProbe(pulseApp);
        await pulseApp.StartAsync();
        return new AuthTestApps(roleApp, pulseApp, clock);
    }

    public static WebApplicationBuilder NewBuilder(TimeProvider clock)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(clock);
        return builder;
    }

    /// <summary>The role and Pulse in one app: the test users, the test configuration's permissions.</summary>
    public static void AddRoleAndPulse(WebApplicationBuilder builder, Action<AuthServiceOptions>? role = null, Action<PulseAuthenticationOptions>? pulse = null)
    {
        builder.Services.AddPulseAuthService(o =>
        {
            foreach (var u in Users()) o.Users.Add(u);
            role?.Invoke(o);
        });
        builder.Services.AddPulseAuthentication(pulse);
        builder.Services.AddSingleton<IPermissionEvaluator>(new ConfigurationPermissionEvaluator(new StaticConfigurationProvider(Configuration())));
    }

    /// <summary>Maps the role's endpoints, the session endpoints and the probe.</summary>
    public static void MapAll(WebApplication app)
    {
        app.MapPulseAuthService();
        app.MapPulseSession();
        MapProbe(app);
    }

    /// <summary><c>GET /api/probe</c>: any authenticated caller; answers "tenant/user".</summary>
    public static void MapProbe(WebApplication app) =>
        app.MapGet("/api/probe", (HttpContext c) => c.User.GetPulseIdentity() is { } id ? $"{id.Tenant}/{id.User}" : "none").RequireAuthorization();

    public async Task<string> TokenAsync(string user = "alice", string password = AlicePassword)
    {
        using var response = await RoleClient().PostAsync("/auth/token", Json($$"""{"username":"{{user}}","password":"{{password}}"}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("access_token").GetString()!;
    }

    public static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    public async Task<HttpResponseMessage> ProbeAsync(string? bearer)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/probe");
        if (bearer is not null) request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        return await PulseClient().SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        await Pulse.DisposeAsync();
        await Role.DisposeAsync();
    }
}
