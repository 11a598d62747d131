using System.Net;
using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Sdk.Authentication.Validation;
using Pulse.Sdk.Service.Tests.Support;

namespace Pulse.Sdk.Service.Tests.Live;

/// <summary>A live socket lives no longer than its session: a logout ends it at the next permission refresh.</summary>
public class LiveSessionTests
{
    /// <summary>A live socket of the session in <paramref name="cookies"/>, as the page sends it, subscribed to a seeded layout and past its snapshot.</summary>
    private static async Task<LiveClient> SubscribedSocketAsync(ServiceHost host, CookieContainer cookies)
    {
        var (_, layout, _) = await host.SeedAsync();
        var live = await LiveClient.ConnectWithHeadersAsync(host, new Dictionary<string, string>
        {
            ["Cookie"] = cookies.GetCookieHeader(host.BaseAddress),
            ["Origin"] = host.OwnOrigin(),
        });
        await live.SendAsync(new { op = "subscribe", sub = "s1", layouts = new[] { layout.Id } });
        await live.ReceiveAsync("snapshot");
        return live;
    }

    [Fact]
    public async Task A_logout_ends_the_sessions_live_socket_at_the_next_permission_refresh()
    {
        await using var host = await SessionHost.StartAsync(o => o.PermissionRefreshInterval = TimeSpan.FromMilliseconds(200));
        var (browser, cookies) = await host.CookieClientAsync();
        await using var live = await SubscribedSocketAsync(host, cookies);
        // Signed in, the refreshes pass: nothing but heartbeats for several intervals.
        var quiet = await live.TryReceiveAsync(TimeSpan.FromMilliseconds(700));
        Assert.True(quiet is null || quiet.Value.GetProperty("type").GetString() == "heartbeat", $"unexpected {quiet}");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/session/logout");
        request.Headers.Add("Origin", host.OwnOrigin());
        using var logout = await browser.SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);

        var ended = await live.ReceiveAsync("error");
        Assert.Equal("the session ended (logged out or expired): log in again", ended.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_session_that_cannot_be_checked_ends_the_live_socket_with_a_message_of_its_own_not_an_internal_error()
    {
        var list = new SwitchableRevocationList(TimeProvider.System);
        await using var host = await SessionHost.StartAsync(o => o.PermissionRefreshInterval = TimeSpan.FromMilliseconds(200),
            s => s.AddSingleton<ITokenRevocationList>(list));
        var (_, cookies) = await host.CookieClientAsync();
        await using var live = await SubscribedSocketAsync(host, cookies);

        // The revocation list becomes unreachable: the next refresh cannot tell whether the token was revoked.
        list.ChecksFail = true;
        var ended = await live.ReceiveAsync("error");
        Assert.Equal("the session cannot be checked now (the authentication service answered 503): reconnect later", ended.GetProperty("message").GetString());
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await live.WaitForCloseAsync());
    }
}
