using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Feed;
using Pulse.Sdk.Hep;

namespace Pulse.Host.Roles;

/// <summary>
/// The HEP v3 collector (<see cref="HepEventSource"/>, UDP and TCP on <c>--hep-port</c>, default 9060) serving the voice
/// events it derives over the feed protocol (<c>--port</c>, default 8000: on a real SIP network it replaces voice-sip).
/// </summary>
internal static class HepRole
{
    public static async Task<int> RunAsync(HostSettings settings, HostConsole console, CancellationToken cancellationToken)
    {
        var bind = settings.Bind();
        var port = settings.Port("--port", 8000);
        var hepPort = settings.Port("--hep-port", HepSourceOptions.DefaultPort);
        var metricsPort = settings.Port("--metrics-port", 9160);
        var configuration = await RoleConfiguration.LoadAsync(settings, cancellationToken).ConfigureAwait(false);
        // The configuration service's client follows its changes until the role ends; then it is disposed.
        await using var owned = configuration as IAsyncDisposable;
        var tenant = settings.Get("--tenant") ?? configuration.Current.Tenants[0].Id;
        if (configuration.Current.Tenants.All(t => t.Id != tenant))
            throw new UsageException($"--tenant: '{tenant}' is not a tenant of the configuration");

        var source = new HepEventSource(configuration, new HepSourceOptions
        {
            Dialogs = new SipDialogTrackerOptions { Tenant = tenant },
            UdpEndpoints = [new IPEndPoint(bind, hepPort)],
            TcpEndpoints = [new IPEndPoint(bind, hepPort)],
            AuthKey = settings.Get("--hep-auth-key"),
            OnRejected = e => console.Error.WriteLine($"hep: {e.Message}"),
        });
        var builder = RoleHost.CreateBuilder("hep", bind, metricsPort);
        builder.Services.AddSingleton(sp => new FeedServer(source, FeedServerService.Options(settings, "hep"), sp.GetRequiredService<ILogger<FeedServer>>()));
        builder.Services.AddHostedService(sp => new FeedServerService(sp.GetRequiredService<FeedServer>(), null,
            new IPEndPoint(bind, port), sp.GetRequiredService<ILogger<FeedServerService>>()));
        var app = builder.Build();
        RoleHost.MapHealthAndMetrics(app, "hep");
        RoleLog.HepListening(app.Logger, bind, hepPort, tenant);
        return await RoleHost.RunAsync(app, "hep", console, cancellationToken).ConfigureAwait(false);
    }
}
