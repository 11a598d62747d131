using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pulse.Sdk.Wallboard;

namespace Pulse.Sdk.Wallboard.Tests.Support;

/// <summary>A real Kestrel host on 127.0.0.1 and a free port that serves only the wallboard page (no Pulse API).</summary>
public sealed class StaticWallboardHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StaticWallboardHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Client = new HttpClient { BaseAddress = address };
    }

    /// <summary>The base address, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Address { get; }

    /// <summary>A client for <see cref="Address"/>.</summary>
    public HttpClient Client { get; }

    public static async Task<StaticWallboardHost> StartAsync(Action<WallboardOptions>? configure = null)
    {
        var app = CreateLoopbackBuilder().Build();
        app.MapPulseWallboard(configure);
        await app.StartAsync();
        return new StaticWallboardHost(app, AddressOf(app));
    }

    /// <summary>A slim web application builder for Kestrel on 127.0.0.1 and a free port, without logging.</summary>
    internal static WebApplicationBuilder CreateLoopbackBuilder()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        return builder;
    }

    /// <summary>The base address (ending in /) a started application listens on.</summary>
    internal static Uri AddressOf(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new Uri(address.TrimEnd('/') + "/");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
