using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using Pulse.Sdk.Service.Tests.Support;

namespace Pulse.Sdk.Service.Tests.Authorization;

/// <summary>The service behind the real Pulse JWT scheme of Pulse.Sdk.Authentication (the role in process), as the lead wires it.</summary>
public sealed class PulseJwtSchemeTests
{
    [Fact]
    public async Task Tokens_of_the_authentication_role_open_the_api_and_the_live_socket_and_refusals_keep_one_json_body()
    {
        await using var host = await SessionHost.StartAsync();
        var (_, layout, _) = await host.SeedAsync();
        var anonymous = host.Client(null);

        var client = await host.BearerClientAsync();
        var token = client.DefaultRequestHeaders.Authorization!.Parameter!;
        var tabs = await client.GetAsync("/api/wbrt/tabs");
        var session = await client.GetAsync("/api/session");
        var refused = await anonymous.GetAsync("/api/wbrt/tabs");
        var forged = new HttpRequestMessage(HttpMethod.Get, "/api/wbrt/tabs");
        forged.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token[..^4] + "AAAA");
        var badToken = await anonymous.SendAsync(forged);

        Assert.Equal(HttpStatusCode.OK, tabs.StatusCode);
        Assert.Single((await tabs.ReadJsonAsync()).GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, session.StatusCode);
        Assert.Equal("alice", (await session.ReadJsonAsync()).GetProperty("user").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.StartsWith("not authenticated", await refused.MessageAsync(), StringComparison.Ordinal); // one JSON body
        Assert.Equal(HttpStatusCode.Unauthorized, badToken.StatusCode);
        Assert.NotEmpty(await badToken.MessageAsync());

        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        using var timeout = new CancellationTokenSource(LiveClient.Wait);
        await socket.ConnectAsync(host.LiveUri, timeout.Token);
        await socket.SendAsync(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new { op = "subscribe", sub = "s1", layouts = new[] { layout.Id } }),
            WebSocketMessageType.Text, true, timeout.Token);
        var buffer = new byte[65536];
        var received = await socket.ReceiveAsync(buffer, timeout.Token);
        Assert.Contains("\"type\":\"snapshot\"", System.Text.Encoding.UTF8.GetString(buffer, 0, received.Count), StringComparison.Ordinal);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
    }
}
