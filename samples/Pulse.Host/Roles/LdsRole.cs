using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pulse.Sdk.Feed;

namespace Pulse.Host.Roles;

/// <summary>The LDS (<c>lds</c>: 8100, upstream the Voice SIP Service 127.0.0.1:8000) or the LDS-VQ (<c>lds-vq</c>: 8101, upstream 127.0.0.1:8001).</summary>
internal static class LdsRole
{
    public static async Task<int> RunAsync(string command, HostSettings settings, HostConsole console, CancellationToken cancellationToken)
    {
        var vq = command == "lds-vq";
        var bind = settings.Bind();
        var port = settings.Port("--port", vq ? 8101 : 8100);
        var metricsPort = settings.Port("--metrics-port", vq ? 9092 : 9091);
        var (host, upstreamPort) = settings.Endpoint("--upstream", vq ? "127.0.0.1:8001" : "127.0.0.1:8000");

        // Read before the host starts, so that a bad setting stops the role with exit code 2.
        var upstream = new FeedClientOptions
        {
            // From offset 0: everything the service has served, so nothing sent before the subscription is missed.
            Host = host, Port = upstreamPort, ClientId = command, Name = command, ResumeFrom = 0, MaxBackoff = RoleHost.FeedReconnectCap, Secret = settings.Get("--feed-secret"),
            Tls = FeedTlsSettings.ClientTls(settings),
        };
        var server = FeedServerService.Options(settings, command);

        var builder = RoleHost.CreateBuilder(command, bind, metricsPort);
        builder.Services.AddSingleton(sp => new Lds(new LdsOptions
        {
            Name = command,
            Upstream = upstream,
            Server = server,
        }, sp.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddHostedService(sp =>
        {
            var lds = sp.GetRequiredService<Lds>();
            return new FeedServerService(lds.Server, lds, new System.Net.IPEndPoint(bind, port), sp.GetRequiredService<ILogger<FeedServerService>>());
        });
        var app = builder.Build();
        RoleHost.MapHealthAndMetrics(app, command);
        RoleLog.LdsRebroadcasting(app.Logger, command, host, upstreamPort);
        return await RoleHost.RunAsync(app, command, console, cancellationToken).ConfigureAwait(false);
    }
}
