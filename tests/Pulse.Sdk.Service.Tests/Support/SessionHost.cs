using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Sdk.Authentication;
using Pulse.Sdk.Authentication.Issuing;
using Pulse.Sdk.Permissions;

namespace Pulse.Sdk.Service.Tests.Support;

/// <summary>
/// The service behind the real Pulse scheme of Pulse.Sdk.Authentication (the role in process, user alice@t1 with
/// password <see cref="Password"/> and ManageTabs on everything), as a browser and as a token client meet it.
/// </summary>
internal static class SessionHost
{
    public const string Password = "secret";

    /// <param name="configure">Sets the service's options.</param>
    /// <param name="services">Registers more services before the authentication (e.g. an <c>ITokenRevocationList</c>).</param>
    /// <param name="store">The metadata store (a new one in memory when null).</param>
    /// <param name="routePrefix">The route group the session endpoints and the API are mapped on (<c>/pulse</c>); the root when empty.</param>
    public static async Task<ServiceHost> StartAsync(Action<PulseServiceOptions>? configure = null, Action<IServiceCollection>? services = null,
        Pulse.Sdk.Metadata.IMetadataStore? store = null, string routePrefix = "")
    {
        var host = await ServiceHost.StartAsync(configure, store, testAuthentication: false, services: s =>
        {
            services?.Invoke(s);
            s.AddPulseAuthService(o => o.Users.Add(new AuthUser { UserName = "alice", Tenant = "t1", PasswordHash = PasswordHasher.Hash(Password, 1000) }));
            s.AddPulseAuthentication();
        }, map: app =>
        {
            app.MapPulseAuthService();
            (routePrefix.Length == 0 ? (Microsoft.AspNetCore.Routing.IEndpointRouteBuilder)app : app.MapGroup(routePrefix)).MapPulseSession();
        }, routePrefix: routePrefix);
        host.Permissions.Set("t1", "alice", PulsePrivilege.ManageTabs, all: true);
        return host;
    }

    /// <summary>The origin a page served by <paramref name="host"/> has: <c>http://127.0.0.1:port</c>.</summary>
    public static string OwnOrigin(this ServiceHost host) => host.BaseAddress.GetLeftPart(UriPartial.Authority);

    /// <summary>A client holding alice's <c>pulse_session</c> cookie (logged in through <c>POST /api/session/login</c>), as a browser would.</summary>
    public static async Task<(HttpClient Client, CookieContainer Cookies)> CookieClientAsync(this ServiceHost host)
    {
        var cookies = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var login = await client.PostAsJsonAsync("/api/session/login", new { username = "alice", password = Password });
        Assert.Equal(HttpStatusCode.NoContent, login.StatusCode);
        Assert.NotNull(cookies.GetCookies(host.BaseAddress)["pulse_session"]);
        return (client, cookies);
    }

    /// <summary>A client sending alice's token as <c>Authorization: Bearer</c> (from <c>POST /auth/token</c>), without cookies.</summary>
    public static async Task<HttpClient> BearerClientAsync(this ServiceHost host)
    {
        var client = host.Client(null);
        using var answer = await client.PostAsJsonAsync("/auth/token", new { username = "alice", password = Password });
        var token = (await answer.ReadJsonAsync()).GetProperty("access_token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
