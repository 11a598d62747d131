using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;

namespace Pulse.Host.Roles;

/// <summary>
/// The ingress: a reverse proxy (YARP) on port 8080 in front of the Pulse replicas (<c>--backend URL</c>, repeatable).
/// WebSockets (the live push) are proxied; destinations are health-checked actively (<c>GET /health</c> every 5 s) and
/// passively (failed requests), so a replica that dies is taken out and comes back when healthy again.
/// </summary>
internal static class IngressRole
{
    public static async Task<int> RunAsync(HostSettings settings, HostConsole console, CancellationToken cancellationToken)
    {
        var backends = settings.GetList("--backend");
        if (backends.Count == 0) throw settings.Missing("--backend");
        var destinations = new Dictionary<string, DestinationConfig>(StringComparer.Ordinal);
        foreach (var (url, i) in backends.Select((b, i) => (b, i)))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                throw new UsageException($"--backend: '{url}' is not an http or https URL");
            destinations["pulse-" + (i + 1)] = new DestinationConfig { Address = uri.ToString() };
        }
        var interval = settings.Milliseconds("--health-interval", TimeSpan.FromSeconds(5));
        if (interval <= TimeSpan.Zero) throw new UsageException("--health-interval: give a positive number of milliseconds");

        var builder = RoleHost.CreateBuilder("ingress", settings.Bind(), settings.Port("--port", 8080));
        builder.Logging.AddFilter("Yarp.ReverseProxy.Forwarder", LogLevel.Warning);
        builder.Services.AddReverseProxy().LoadFromMemory(
            [new RouteConfig { RouteId = "pulse", ClusterId = "pulse", Match = new RouteMatch { Path = "{**catch-all}" } }],
            [new ClusterConfig
            {
                ClusterId = "pulse",
                Destinations = destinations,
                HealthCheck = new HealthCheckConfig
                {
                    Active = new ActiveHealthCheckConfig { Enabled = true, Interval = interval, Timeout = TimeSpan.FromSeconds(2), Path = "/health", Policy = "ConsecutiveFailures" },
                    Passive = new PassiveHealthCheckConfig { Enabled = true, Policy = "TransportFailureRate", ReactivationPeriod = TimeSpan.FromSeconds(10) },
                },
            }]);
        var app = builder.Build();
        app.UseWebSockets();
        app.MapReverseProxy();
        return await RoleHost.RunAsync(app, "ingress", console, cancellationToken).ConfigureAwait(false);
    }
}
