using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Pulse.Sdk.Redis;

namespace Pulse.Host.Roles;

/// <summary>
/// A Pulse web replica without an engine (<c>services.AddPulseRoles()</c>): REST API, live push and wallboard over the
/// values a DCU writes to Redis (<c>AddRedisStatisticReader</c>), metadata in PostgreSQL, permissions the permissions
/// role writes to Redis, and tokens of the authentication role (<c>--auth-url</c>), whose logouts are kept in Redis
/// (<c>AddRedisTokenRevocationList</c>) so every replica refuses a token logged out at one. Port 8080; metrics on 8090.
/// </summary>
internal static class PulseRole
{
    public static async Task<int> RunAsync(HostSettings settings, HostConsole console, CancellationToken cancellationToken)
    {
        var redis = settings.Require("--redis");
        var postgres = settings.Require("--postgres");
        var auth = settings.Url("--auth-url") ?? new Uri("http://127.0.0.1:8095");
        var bind = settings.Bind();
        var metricsPort = settings.Port("--metrics-port", 8090);
        var configuration = await RoleConfiguration.LoadAsync(settings, cancellationToken).ConfigureAwait(false);
        // The configuration service's client follows its changes until the role ends; then it is disposed.
        await using var owned = configuration as IAsyncDisposable;
        var maxPushRate = settings.Int("--max-push-rate", 10, 1, 1000);
        var forwarderSecret = AuthRole.ForwarderSecret(settings);
        var trustedProxies = settings.GetList("--trusted-proxy").Select(text =>
            System.Net.IPNetwork.TryParse(text.Contains('/') ? text : text + (text.Contains(':') ? "/128" : "/32"), out var network)
                ? network
                : throw new UsageException($"--trusted-proxy: '{text}' is not an address or network (e.g. 10.0.0.0/8)")).ToList();

        var builder = RoleHost.CreateBuilder("pulse", bind, settings.Port("--port", 8080));
        builder.WebHost.ConfigureKestrel(k => k.Listen(bind, metricsPort));
        // One connection for the permissions and the revoked tokens, owned by the container (the value reader has its own).
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(new RedisStatisticStoreOptions().CreateConfiguration(redis)));
        builder.Services.AddPulseRoles()
            .AddConfiguration(configuration)
            .AddRedisStatisticReader(redis)
            .AddPostgresMetadata(postgres)
            .AddRedisPermissions(static sp => sp.GetRequiredService<IConnectionMultiplexer>())
            .AddRedisTokenRevocationList(static sp => sp.GetRequiredService<IConnectionMultiplexer>())
            .AddPulseService(o => o.MaxPushRatePerSecond = maxPushRate);
        builder.Services.AddPulseAuthentication(o =>
        {
            o.JwksUri = new Uri(auth, "/auth/.well-known/jwks.json");
            o.TokenUri = new Uri(auth, "/auth/token");
            o.ForwarderSecret = forwarderSecret;
        });

        var app = builder.Build();
        // Behind the ingress: the client's address (login limits count per address) and the address it used (the
        // same-origin check) come from the X-Forwarded headers, trusted from a proxy on this machine (ASP.NET Core's
        // default known proxies: loopback) and from the --trusted-proxy networks.
        var forwarded = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost,
        };
        // Behind a proxy elsewhere (a Kubernetes ingress controller), name its networks: only they may say who the client is.
        foreach (var network in trustedProxies) forwarded.KnownIPNetworks.Add(network);
        app.UseForwardedHeaders(forwarded);
        app.UseWebSockets(); // the live push's WebSocket (/api/live)
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapPulseSession();
        app.MapPulseApi(); // GET /health among them
        app.MapPulseWallboard(o => o.Title = "Pulse");
        RoleHost.MapHealthAndMetrics(app, "pulse", health: false);
        return await RoleHost.RunAsync(app, "pulse", console, cancellationToken).ConfigureAwait(false);
    }
}
