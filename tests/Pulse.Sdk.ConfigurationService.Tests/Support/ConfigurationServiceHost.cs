using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pulse.Sdk.Configuration;

namespace Pulse.Sdk.ConfigurationService.Tests.Support;

/// <summary>
/// A configuration service on Kestrel, loopback, over a test database: what the <c>config</c> role runs, in process, so a
/// test can stop it and start it again on the same port.
/// </summary>
internal sealed class ConfigurationServiceHost : IAsyncDisposable
{
    public const string AdminSecret = "admin-secret-for-tests-0001";
    public const string ReadSecret = "read-secret-for-tests-00001";

    private readonly WebApplication _app;

    private ConfigurationServiceHost(WebApplication app, int port)
    {
        _app = app;
        Port = port;
        Address = new Uri($"http://127.0.0.1:{port}/");
        Admin = Client(AdminSecret);
        Reader = Client(ReadSecret);
        Anonymous = Client(null);
    }

    public int Port { get; }

    public Uri Address { get; }

    /// <summary>Sends the admin secret.</summary>
    public HttpClient Admin { get; }

    /// <summary>Sends the read secret.</summary>
    public HttpClient Reader { get; }

    /// <summary>Sends no secret.</summary>
    public HttpClient Anonymous { get; }

    public static async Task<ConfigurationServiceHost> StartAsync(string connectionString, int port = 0, Action<ConfigurationServiceOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Services.AddPulseConfigurationService(connectionString, o =>
        {
            o.AdminSecret = AdminSecret;
            o.ReadSecret = ReadSecret;
            configure?.Invoke(o);
        });
        var app = builder.Build();
        app.MapPulseConfigurationService();
        await app.StartAsync();
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        return new ConfigurationServiceHost(app, bound);
    }

    public T Service<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    /// <summary>PUTs a whole configuration over <paramref name="version"/>; returns the answer.</summary>
    public Task<HttpResponseMessage> PutAsync(PulseConfiguration configuration, long version) =>
        PutAsync(ConfigurationJson.Serialize(configuration), version);

    public Task<HttpResponseMessage> PutAsync(string document, long? version, HttpClient? client = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "config/v1/configuration") { Content = Json(document) };
        if (version is { } v) request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{v}\""));
        return (client ?? Admin).SendAsync(request);
    }

    /// <summary>PUTs one object (<c>tenants/{tenant}/{kind}/{id}</c>); returns the answer.</summary>
    public Task<HttpResponseMessage> PutObjectAsync(string tenant, string kind, string id, string body, HttpClient? client = null) =>
        (client ?? Admin).PutAsync($"config/v1/tenants/{tenant}/{kind}/{id}", Json(body));

    /// <summary>The version a change answered, after checking it succeeded.</summary>
    public static async Task<long> VersionOfAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        using var json = System.Text.Json.JsonDocument.Parse(text);
        return json.RootElement.GetProperty("version").GetInt64();
    }

    public static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    public async Task StopAsync() => await _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        Reader.Dispose();
        Anonymous.Dispose();
        await _app.DisposeAsync();
    }

    private HttpClient Client(string? secret)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        if (secret is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }
}
