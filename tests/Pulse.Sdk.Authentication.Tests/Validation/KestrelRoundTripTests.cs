using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Pulse.Sdk.Authentication.Tests.Support;

namespace Pulse.Sdk.Authentication.Tests.Validation;

/// <summary>
/// One process on a real Kestrel at 127.0.0.1: the role and Pulse together, Pulse reading the JWKS and asking for
/// tokens over real HTTP (the sample host's layout when it runs the role in process but configures it by address).
/// </summary>
public sealed class KestrelRoundTripTests
{
    [Fact]
    public async Task Login_over_http_then_the_cookie_and_the_bearer_token_both_authenticate()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Logging.ClearProviders();
        // A free port chosen first: the options (validated at start) need the address before Kestrel listens.
        int port;
        using (var free = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            free.Start();
            port = ((IPEndPoint)free.LocalEndpoint).Port;
        }
        var address = $"http://127.0.0.1:{port}";
        builder.WebHost.UseKestrel().UseUrls(address);
        AuthTestApps.AddRoleAndPulse(builder, pulse: o =>
        {
            o.JwksUri = new Uri(address + "/auth/.well-known/jwks.json");
            o.TokenUri = new Uri(address + "/auth/token");
        });
        await using var app = builder.Build();
        AuthTestApps.MapAll(app);
        await app.StartAsync();

        using var cookies = new HttpClientHandler { UseCookies = true };
        using var browser = new HttpClient(cookies) { BaseAddress = new Uri(address) };
        using (var login = await browser.PostAsync("/api/session/login", AuthTestApps.Json("""{"username":"alice","password":"alice-secret"}""")))
            Assert.Equal(HttpStatusCode.NoContent, login.StatusCode);
        using (var session = await browser.GetAsync("/api/session"))
        {
            Assert.Equal(HttpStatusCode.OK, session.StatusCode);
            Assert.Contains("\"user\":\"alice\"", await session.Content.ReadAsStringAsync());
        }
        using (await browser.PostAsync("/api/session/logout", null)) { }
        using (var loggedOut = await browser.GetAsync("/api/session")) Assert.Equal(HttpStatusCode.Unauthorized, loggedOut.StatusCode);

        using var api = new HttpClient { BaseAddress = new Uri(address) };
        using var tokenAnswer = await api.PostAsync("/auth/token", AuthTestApps.Json("""{"username":"bob","password":"bob-secret"}"""));
        var token = System.Text.Json.JsonDocument.Parse(await tokenAnswer.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString();
        var probe = new HttpRequestMessage(HttpMethod.Get, "/api/probe");
        probe.Headers.Authorization = new("Bearer", token);
        using var answer = await api.SendAsync(probe);
        Assert.Equal("t2/bob", await answer.Content.ReadAsStringAsync());
        await app.StopAsync();
    }
}
