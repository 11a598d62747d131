using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Storage;

namespace Pulse.Host;

/// <summary>
/// The Pulse web application of the host, in the same process as its DCU: the authentication role, the Pulse
/// service (REST API, live push, health) and the wallboard, over the DCU's values (<see cref="InProcessStatisticValueSource"/>),
/// an in-memory metadata store seeded with the demo dashboards, and permissions computed from the configuration.
/// </summary>
internal sealed class PulseWebHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PulseWebHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>Where the wallboard is served.</summary>
    public Uri Address { get; }

    /// <summary>Builds and starts the web application on localhost:<paramref name="port"/> (0: a free loopback port).</summary>
    /// <exception cref="IOException">The port is taken.</exception>
    public static async Task<PulseWebHost> StartAsync(PulseConfiguration configuration, DataCollectionUnit unit, InProcessStatisticValueSource values,
        int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "Pulse.Host", ContentRootPath = AppContext.BaseDirectory });
        // The console belongs to the live table; the web application reports through the host's messages and metrics.
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            if (port == 0) k.Listen(IPAddress.Loopback, 0);
            else k.ListenLocalhost(port);
        });

        var metadata = new InMemoryMetadataStore();
        await DemoSite.SeedAsync(metadata, configuration).ConfigureAwait(false);
        var services = builder.Services;
        services.AddSingleton(unit); // the live DCU: AddPulse below finds it and builds no other
        services.AddSingleton<IStatisticValueSource>(values);
        services.AddSingleton<IMetadataStore>(metadata);
        services.AddSingleton<IUserAccessStore, InMemoryUserAccessStore>(); // access assigned in Pulse (PUT /api/wbrt/users/{id}/access)
        services.AddPulseAuthService(o =>
        {
            foreach (var login in DemoSite.Logins(configuration)) o.Users.Add(login);
        });
        services.AddPulseAuthentication();
        services.AddPulse(o => o.OpenStandardCatalogue = false)
            .AddConfiguration(configuration)
            .AddPermissions()
            .AddPulseService();

        var app = builder.Build();
        app.UseWebSockets(); // the live push's WebSocket (/api/live)
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapPulseAuthService();
        app.MapPulseSession();
        app.MapPulseApi();
        app.MapPulseWallboard(o => o.Title = "Pulse — demo contact center");
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var address = port == 0 ? new Uri(bound + "/") : new Uri($"http://localhost:{port}/");
        return new PulseWebHost(app, address);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try { await _app.StopAsync(stop.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { }
        }
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
