using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using Pulse.Sdk.Service.Tests.Support;
using static Pulse.Sdk.Service.Tests.Support.HttpJson;

namespace Pulse.Sdk.Service.Tests.Api;

/// <summary>
/// Issue 11: the session cookie from a page of another origin of the same site (another port, a sibling subdomain:
/// SameSite=Strict lets the cookie through) must not change data nor open the live push; token clients are unaffected.
/// Refusals are counted on each host's own meter (its IMeterFactory): the tests run in parallel without counting each other's.
/// </summary>
public sealed class OriginTests
{
    private const string Evil = "http://evil.example:1234";
    private const string Tab = """{"name":"Planted"}""";

    private static HttpRequestMessage Post(string path, string? origin, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content ?? Json(Tab) };
        if (origin is not null) request.Headers.Add("Origin", origin);
        return request;
    }

    [Fact]
    public async Task A_cookie_session_from_another_origin_cannot_create_a_tab_but_from_the_apps_own_origin_it_can()
    {
        await using var host = await SessionHost.StartAsync();
        var (browser, _) = await host.CookieClientAsync();
        using var refusals = host.Collect("pulse.api.refused_requests");
        var sameHostOtherPort = $"http://{host.BaseAddress.Host}:{host.BaseAddress.Port + 1}";

        var evil = await browser.SendAsync(Post("/api/wbrt/tabs", Evil));
        var sibling = await browser.SendAsync(Post("/api/wbrt/tabs", sameHostOtherPort));
        var nullOrigin = await browser.SendAsync(Post("/api/wbrt/templates", "null"));
        var import = await browser.SendAsync(Post("/api/wbrt/import", Evil, Json("""{"templates":[],"layouts":[],"tabs":[]}""")));
        var refusedTabs = await host.Store.GetTabsAsync("t1", "alice");
        var own = await browser.SendAsync(Post("/api/wbrt/tabs", host.OwnOrigin()));

        Assert.Equal(HttpStatusCode.Forbidden, evil.StatusCode);
        Assert.StartsWith($"Origin: '{Evil}' may not use the session cookie here", await evil.MessageAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, sibling.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, nullOrigin.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, import.StatusCode);
        Assert.Empty(refusedTabs);
        Assert.Equal(4, refusals.Total("reason", "origin_not_allowed"));
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        Assert.Equal("Planted", Assert.Single(await host.Store.GetTabsAsync("t1", "alice")).Name);
    }

    [Fact]
    public async Task A_cookie_session_without_an_origin_cannot_change_data_but_may_read()
    {
        await using var host = await SessionHost.StartAsync();
        var (browser, _) = await host.CookieClientAsync();
        using var refusals = host.Collect("pulse.api.refused_requests");

        var post = await browser.SendAsync(Post("/api/wbrt/tabs", null));
        var list = await browser.GetAsync("/api/wbrt/tabs");

        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.StartsWith("Origin: required", await post.MessageAsync(), StringComparison.Ordinal);
        Assert.Equal(1, refusals.Total("reason", "origin_missing"));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Empty(await host.Store.GetTabsAsync("t1", "alice"));
    }

    [Fact]
    public async Task Each_host_counts_its_own_refusals()
    {
        await using var first = await SessionHost.StartAsync();
        await using var second = await SessionHost.StartAsync();
        var (browser, _) = await first.CookieClientAsync();
        var (other, _) = await second.CookieClientAsync();
        using var firstRefusals = first.Collect("pulse.api.refused_requests");
        using var secondRefusals = second.Collect("pulse.api.refused_requests");

        Assert.Equal(HttpStatusCode.Forbidden, (await browser.SendAsync(Post("/api/wbrt/tabs", Evil))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.SendAsync(Post("/api/wbrt/tabs", Evil))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.SendAsync(Post("/api/wbrt/tabs", null))).StatusCode);

        Assert.Equal(2, firstRefusals.Total("reason", "origin_not_allowed"));
        Assert.Equal(0, firstRefusals.Total("reason", "origin_missing"));
        Assert.Equal(0, secondRefusals.Total("reason", "origin_not_allowed"));
        Assert.Equal(1, secondRefusals.Total("reason", "origin_missing"));
    }

    [Fact]
    public async Task Behind_a_proxy_the_forwarded_host_is_the_own_origin()
    {
        await using var host = await SessionHost.StartAsync();
        var (browser, _) = await host.CookieClientAsync();
        HttpRequestMessage Proxied(string origin)
        {
            var request = Post("/api/wbrt/tabs", origin);
            request.Headers.Add("X-Forwarded-Host", "pulse.example.com");
            request.Headers.Add("X-Forwarded-Proto", "https");
            return request;
        }

        var own = await browser.SendAsync(Proxied("https://pulse.example.com"));
        var sibling = await browser.SendAsync(Proxied("https://other.example.com"));
        var downgraded = await browser.SendAsync(Proxied("http://pulse.example.com"));

        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, sibling.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, downgraded.StatusCode);
    }

    [Fact]
    public async Task Configured_allowed_origins_replace_the_own_origin()
    {
        await using var host = await SessionHost.StartAsync(o => o.AllowedOrigins = ["https://WALL.example.com:443/"]);
        var (browser, _) = await host.CookieClientAsync();

        var listed = await browser.SendAsync(Post("/api/wbrt/tabs", "https://wall.example.com"));
        var own = await browser.SendAsync(Post("/api/wbrt/tabs", host.OwnOrigin()));

        Assert.Equal(HttpStatusCode.Created, listed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        Assert.EndsWith("only the origins of PulseServiceOptions.AllowedOrigins may", await own.MessageAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_live_websocket_and_sse_handshakes_with_the_session_cookie_are_refused_from_another_origin()
    {
        await using var host = await SessionHost.StartAsync();
        var (_, layout, _) = await host.SeedAsync();
        var (browser, cookies) = await host.CookieClientAsync();

        using var hijack = new ClientWebSocket();
        hijack.Options.Cookies = cookies;
        hijack.Options.SetRequestHeader("Origin", Evil);
        hijack.Options.CollectHttpResponseDetails = true;
        using var timeout = new CancellationTokenSource(LiveClient.Wait);
        await Assert.ThrowsAnyAsync<WebSocketException>(() => hijack.ConnectAsync(host.LiveUri, timeout.Token));
        var sse = new HttpRequestMessage(HttpMethod.Get, $"/api/live/sse?layouts={layout.Id}");
        sse.Headers.Add("Origin", Evil);
        var sseAnswer = await browser.SendAsync(sse, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.Forbidden, hijack.HttpStatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, sseAnswer.StatusCode);
        Assert.StartsWith($"Origin: '{Evil}'", await sseAnswer.MessageAsync(), StringComparison.Ordinal);

        // The same cookie from the wallboard's own page opens the socket and gets the values.
        using var own = new ClientWebSocket();
        own.Options.Cookies = cookies;
        own.Options.SetRequestHeader("Origin", host.OwnOrigin());
        await own.ConnectAsync(host.LiveUri, timeout.Token);
        await own.SendAsync(Encoding.UTF8.GetBytes($$"""{"op":"subscribe","sub":"s1","layouts":["{{layout.Id}}"]}"""), WebSocketMessageType.Text, true, timeout.Token);
        var buffer = new byte[65536];
        var received = await own.ReceiveAsync(buffer, timeout.Token);
        Assert.Contains("\"type\":\"snapshot\"", Encoding.UTF8.GetString(buffer, 0, received.Count), StringComparison.Ordinal);
        await own.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
    }

    [Fact]
    public async Task A_bearer_token_needs_no_origin_where_the_cookie_does()
    {
        await using var host = await SessionHost.StartAsync();
        var client = await host.BearerClientAsync();
        var (browser, _) = await host.CookieClientAsync();

        var withoutOrigin = await client.SendAsync(Post("/api/wbrt/tabs", null));
        var anyOrigin = await client.SendAsync(Post("/api/wbrt/tabs", Evil, Json("""{"name":"Second"}""")));
        var cookieAnyOrigin = await browser.SendAsync(Post("/api/wbrt/tabs", Evil, Json("""{"name":"Third"}""")));

        Assert.Equal(HttpStatusCode.Created, withoutOrigin.StatusCode);
        Assert.Equal(HttpStatusCode.Created, anyOrigin.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, cookieAnyOrigin.StatusCode);
        Assert.Equal(["Planted", "Second"], (await host.Store.GetTabsAsync("t1", "alice")).Select(t => t.Name).Order());
    }

    [Fact]
    public async Task A_body_that_is_not_declared_json_is_415_for_cookie_and_token_clients_alike()
    {
        await using var host = await SessionHost.StartAsync();
        var (browser, _) = await host.CookieClientAsync();
        var client = await host.BearerClientAsync();
        using var refusals = host.Collect("pulse.api.refused_requests");
        static HttpContent Untyped() => new ByteArrayContent(Encoding.UTF8.GetBytes(Tab));
        static HttpContent Typed(string type) => new ByteArrayContent(Encoding.UTF8.GetBytes(Tab)) { Headers = { ContentType = MediaTypeHeaderValue.Parse(type) } };

        var cookieUntyped = await browser.SendAsync(Post("/api/wbrt/tabs", host.OwnOrigin(), Untyped()));
        var bearerUntyped = await client.SendAsync(Post("/api/wbrt/tabs", null, Untyped()));
        var plain = await client.SendAsync(Post("/api/wbrt/tabs", null, Typed("text/plain")));
        var form = await client.SendAsync(Post("/api/wbrt/templates", null, Typed("application/x-www-form-urlencoded")));
        var utf16 = await client.SendAsync(Post("/api/wbrt/tabs", null, Typed("application/json; charset=utf-16")));
        var json = await client.SendAsync(Post("/api/wbrt/tabs", null, Typed("application/json; charset=UTF-8")));

        foreach (var refused in new[] { cookieUntyped, bearerUntyped, plain, form, utf16 })
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, refused.StatusCode);
        Assert.Equal("Content-Type: a request with a body must be application/json (UTF-8), was none", await bearerUntyped.MessageAsync());
        Assert.Equal("Content-Type: a request with a body must be application/json (UTF-8), was 'text/plain'", await plain.MessageAsync());
        Assert.Equal(5, refusals.Total("reason", "content_type"));
        Assert.Equal(HttpStatusCode.Created, json.StatusCode);
        Assert.Single(await host.Store.GetTabsAsync("t1", "alice"));
    }
}
