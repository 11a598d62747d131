using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Postgres.Migrations;
using Pulse.Sdk.Postgres.Permissions;
using Pulse.Sdk.Service.Tests.Support;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Service.Tests.Api;

/// <summary>
/// Kiosk sessions (docs/api.md, "Kiosk sessions"): a wall screen bound to one tab, with the view privileges and objects of
/// its creator at most, not logged out after 24 h, and cut off — REST at once, live sockets within the check interval, at
/// every replica — when revoked. alice (ManageSharedDashboards and ManageUsers) sees only queue q1; the seeded layouts show q1 and q2.
/// </summary>
public class KioskSessionTests
{
    private static readonly TimeSpan Check = TimeSpan.FromMilliseconds(200);

    private static async Task<(ServiceHost Host, HttpClient Alice)> StartAsync(Action<IServiceCollection>? services = null, IMetadataStore? store = null)
    {
        var host = await SessionHost.StartAsync(services: s =>
        {
            services?.Invoke(s);
            s.Configure<KioskSessionOptions>(o => o.CheckInterval = Check);
        }, store: store);
        host.Permissions.Set("t1", "alice", PulsePrivilege.ManageSharedDashboards, objects: [(ObjectType.Queue, "q1")], extra: [PulsePrivilege.ManageUsers]);
        return (host, await host.BearerClientAsync());
    }

    private static async Task<List<Guid>> IdsAsync(HttpClient client, string path)
    {
        using var answer = await client.GetAsync(path);
        Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{path}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
        return [.. (await answer.ReadJsonAsync()).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];
    }

    private static IEnumerable<string> QueuesOf(JsonElement values) =>
        values.EnumerateArray().Select(v => v.GetProperty("object").GetProperty("id").GetString()!).Distinct().Order();

    [Fact]
    public async Task A_kiosk_shows_its_dashboard_with_live_values_and_never_more_than_its_creator_sees()
    {
        var (host, alice) = await StartAsync();
        await using var _ = host;
        var (template, layout, tab) = await host.SeedAsync();
        host.Scripted.Publish(ServiceHost.Change("t1", "q1", "Waiting", 3), ServiceHost.Change("t1", "q2", "Waiting", 9));
        using var screen = await KioskScreen.OpenAsync(host, alice, tab.Id);

        var session = await (await screen.Browser.GetAsync("/api/session")).ReadJsonAsync();
        Assert.Equal(["ViewDashboardRestricted", "ViewDashboard"], session.GetProperty("privileges").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(screen.Id, session.GetProperty("kiosk").GetProperty("id").GetGuid());
        Assert.Equal(tab.Id, session.GetProperty("kiosk").GetProperty("tabId").GetGuid());
        Assert.Equal("Floor 2 wall", session.GetProperty("kiosk").GetProperty("name").GetString());

        // What the wallboard reads to draw the tab: the tab, its layouts, their template, the names of their objects.
        Assert.Equal([tab.Id], await IdsAsync(screen.Browser, "/api/wbrt/tabs"));
        Assert.Equal([template.Id], await IdsAsync(screen.Browser, "/api/wbrt/templates"));
        using (var got = await screen.Browser.GetAsync($"/api/wbrt/layouts/{layout.Id}")) Assert.Equal(HttpStatusCode.OK, got.StatusCode);
        var objects = (await (await screen.Browser.GetAsync("/api/wbrt/objects")).ReadJsonAsync()).GetProperty("items");
        Assert.Equal(["q1"], objects.EnumerateArray().Select(o => o.GetProperty("id").GetString()));

        // Values: q2 is beyond alice, so beyond her kiosk.
        var snapshot = await (await screen.Browser.GetAsync($"/api/wbrt/layouts/{layout.Id}/snapshot")).ReadJsonAsync();
        Assert.Equal(["q1"], QueuesOf(snapshot.GetProperty("values")));

        await using var live = await screen.LiveAsync(host);
        await live.SendAsync(new { op = "subscribe", sub = "s1", layouts = new[] { layout.Id } });
        var first = await live.ReceiveAsync("snapshot");
        Assert.Equal(["q1"], QueuesOf(first.GetProperty("values")));
        host.Scripted.Publish(ServiceHost.Change("t1", "q2", "Waiting", 10), ServiceHost.Change("t1", "q1", "Waiting", 4));
        var delta = await live.ReceiveAsync("delta");
        var value = Assert.Single(delta.GetProperty("values").EnumerateArray());
        Assert.Equal("q1", value.GetProperty("object").GetProperty("id").GetString());
        Assert.Equal(4, value.GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task A_kiosk_is_refused_other_dashboards_other_templates_and_every_endpoint_but_its_dashboards_reads()
    {
        var (host, alice) = await StartAsync();
        await using var _ = host;
        var (template, layout, tab) = await host.SeedAsync();
        var (otherTemplate, otherLayout, otherTab) = await host.SeedAsync(shared: true); // alice sees it; her kiosk of the first tab does not
        host.Scripted.HistoryResolutions = [TimeSpan.FromSeconds(1)];
        using var screen = await KioskScreen.OpenAsync(host, alice, tab.Id);
        using var kiosk = screen.BearerClient();

        foreach (var path in (string[])[$"/api/wbrt/tabs/{otherTab.Id}", $"/api/wbrt/layouts/{otherLayout.Id}", $"/api/wbrt/layouts/{otherLayout.Id}/snapshot",
                     $"/api/wbrt/layouts/{otherLayout.Id}/history?object=Queue:q1&alias=Waiting", $"/api/wbrt/widgets/{otherLayout.Id}",
                     $"/api/wbrt/templates/{otherTemplate.Id}", $"/api/live/sse?layouts={otherLayout.Id}"])
        {
            using var answer = await kiosk.GetAsync(path);
            Assert.True(answer.StatusCode == HttpStatusCode.NotFound, $"{path}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
        }
        Assert.Equal([layout.Id], await IdsAsync(kiosk, "/api/wbrt/widgets"));
        Assert.Equal([template.Id], await IdsAsync(kiosk, "/api/wbrt/templates"));
        await using (var live = await screen.LiveAsync(host))
        {
            await live.SendAsync(new { op = "subscribe", sub = "s1", layouts = new[] { otherLayout.Id } });
            Assert.Equal($"layouts[0]: no layout {otherLayout.Id}", (await live.ReceiveAsync("error")).GetProperty("message").GetString());
            // A query would show objects beyond its dashboard: refused.
            await live.SendAsync(new { op = "subscribe", sub = "s2", query = new { objectTypes = new[] { "Queue" }, statistics = new[] { "Waiting" } } });
            Assert.Equal("a kiosk session shows its dashboard only: subscribe to its layouts", (await live.ReceiveAsync("error")).GetProperty("message").GetString());
        }

        // Every other endpoint of the service's API — writes, users, layouts lists, import, export, kiosk sessions, and any added
        // later (/api/session is the authentication package's: it answers the kiosk's view privileges, above).
        string[] reads = ["ListTabs", "GetTab", "ListWidgets", "GetWidget", "GetLayout", "GetLayoutSnapshot", "GetLayoutHistory", "LiveWebSocket",
            "LiveServerSentEvents", "ListTemplates", "GetTemplate", "ListObjects"];
        var others = host.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } p && !p.StartsWith("/api/session", StringComparison.Ordinal) && p.StartsWith("/api/", StringComparison.Ordinal)
                && !reads.Contains(e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Method: m, Path: e.RoutePattern.RawText!)))
            .ToList();
        Assert.Contains(others, o => o is { Method: "POST", Path: "/api/wbrt/kiosk-sessions" });
        var wrong = new List<string>();
        foreach (var (method, pattern) in others)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), pattern.Replace("{id}", pattern.Contains("/users/", StringComparison.Ordinal) ? "alice" : layout.Id.ToString(), StringComparison.Ordinal));
            if (method is "POST" or "PUT") request.Content = HttpJson.Json("{}");
            using var answer = await kiosk.SendAsync(request);
            var text = await answer.Content.ReadAsStringAsync();
            if (answer.StatusCode != HttpStatusCode.Forbidden || !text.Contains("a kiosk session may only read its dashboard", StringComparison.Ordinal))
                wrong.Add($"{method} {pattern}: {(int)answer.StatusCode} {text}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        // Nothing was changed on the way.
        Assert.Equal([layout.Id], (await host.Store.GetTabAsync("t1", tab.Id))!.LayoutIds);
    }

    [Fact]
    public async Task Revoking_a_kiosk_refuses_its_credential_at_once_and_closes_its_websocket_and_sse_within_the_check_interval()
    {
        var (host, alice) = await StartAsync();
        await using var _ = host;
        var (_, layout, tab) = await host.SeedAsync();
        using var screen = await KioskScreen.OpenAsync(host, alice, tab.Id);
        Assert.Equal([screen.Id], await IdsAsync(alice, "/api/wbrt/kiosk-sessions"));

        await using var live = await screen.LiveAsync(host);
        await live.SendAsync(new { op = "subscribe", sub = "s1", layouts = new[] { layout.Id } });
        await live.ReceiveAsync("snapshot");
        using var sse = await screen.Browser.GetAsync($"/api/live/sse?layouts={layout.Id}", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, sse.StatusCode);
        using var events = new StreamReader(await sse.Content.ReadAsStreamAsync());
        using var timeout = new CancellationTokenSource(LiveClient.Wait);
        while (await events.ReadLineAsync(timeout.Token) is { } line && line != "event: snapshot") { }
        // The checks pass while the session is active: several intervals bring nothing but heartbeats.
        var quiet = await live.TryReceiveAsync(Check * 4);
        Assert.True(quiet is null || quiet.Value.GetProperty("type").GetString() == "heartbeat", $"unexpected {quiet}");

        var revokedAt = Stopwatch.StartNew();
        using (var revoke = await alice.DeleteAsync($"/api/wbrt/kiosk-sessions/{screen.Id}")) Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        using (var refused = await screen.Browser.GetAsync("/api/wbrt/tabs"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("the kiosk session was revoked; create a new one", await refused.MessageAsync());
        }
        Assert.Equal("the session ended (logged out or expired): log in again", (await live.ReceiveAsync("error")).GetProperty("message").GetString());
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await live.WaitForCloseAsync());
        var lines = new List<string>();
        while (await events.ReadLineAsync(timeout.Token) is { } line) lines.Add(line);
        Assert.Contains("event: error", lines);
        // Far within the permission refresh (30 s): the kiosk's own check closed them.
        Assert.True(revokedAt.Elapsed < TimeSpan.FromSeconds(10), $"closed {revokedAt.Elapsed} after the revocation");

        Assert.Empty(await IdsAsync(alice, "/api/wbrt/kiosk-sessions"));
        using (var again = await alice.DeleteAsync($"/api/wbrt/kiosk-sessions/{screen.Id}")) Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task A_kiosk_credential_outlives_24_hours_while_a_session_token_of_that_age_is_refused_and_ends_at_its_own_expiry()
    {
        var start = new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);
        var time = new FakeTimeProvider(start);
        var (host, alice) = await StartAsync(s => s.AddSingleton<TimeProvider>(time));
        await using var _ = host;
        var (_, _, tab) = await host.SeedAsync();
        using var screen = await KioskScreen.OpenAsync(host, alice, tab.Id, new { tabId = tab.Id, name = "Lobby", expiresAt = start.AddDays(2) });

        time.Advance(TimeSpan.FromHours(25));
        using (var person = await alice.GetAsync("/api/wbrt/tabs"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, person.StatusCode);
            Assert.Equal("the token has expired; log in again", await person.MessageAsync());
        }
        Assert.Equal([tab.Id], await IdsAsync(screen.Browser, "/api/wbrt/tabs"));

        time.Advance(TimeSpan.FromHours(24));
        using var expired = await screen.Browser.GetAsync("/api/wbrt/tabs");
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal("the kiosk session has expired; create a new one", await expired.MessageAsync());
    }

    [Fact]
    public async Task Creating_a_kiosk_takes_ManageUsers_and_a_tab_the_creator_sees_and_its_link_opens_once()
    {
        var (host, alice) = await StartAsync();
        await using var _ = host;
        var (_, _, tab) = await host.SeedAsync();
        var bobs = await host.Store.SaveTabAsync(new Tab { Id = Guid.NewGuid(), Tenant = "t1", Owner = "bob", Name = "Bob's", LayoutIds = [] });

        host.Permissions.Set("t1", "alice", PulsePrivilege.ManageTemplates, all: true);
        foreach (var request in (HttpRequestMessage[])[new(HttpMethod.Post, "/api/wbrt/kiosk-sessions") { Content = JsonContent.Create(new { tabId = tab.Id, name = "Wall" }) },
                     new(HttpMethod.Get, "/api/wbrt/kiosk-sessions"), new(HttpMethod.Delete, $"/api/wbrt/kiosk-sessions/{Guid.NewGuid()}")])
        {
            using var answer = await alice.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
            Assert.Equal("missing privilege ManageUsers", await answer.MessageAsync());
        }

        host.Permissions.Set("t1", "alice", PulsePrivilege.ViewDashboard, all: true, extra: [PulsePrivilege.ManageUsers]);
        var now = DateTimeOffset.UtcNow;
        foreach (var (body, message) in ((object, string)[])[
                     (new { tabId = bobs.Id, name = "Wall" }, $"tabId: no tab {bobs.Id}"),
                     (new { tabId = tab.Id, name = "Wall", expiresAt = now.AddMinutes(-1) }, "expiresAt: must be in the future"),
                     (new { tabId = tab.Id, name = "Wall", expiresAt = now.AddDays(1100) }, "expiresAt: at most 1096 days from now (KioskSessionOptions.MaxLifetime)"),
                     (new { tabId = tab.Id }, "name")])
        {
            using var answer = await alice.PostAsJsonAsync("/api/wbrt/kiosk-sessions", body);
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
            Assert.StartsWith(message, await answer.MessageAsync(), StringComparison.Ordinal);
        }

        using var created = await alice.PostAsJsonAsync("/api/wbrt/kiosk-sessions", new { tabId = tab.Id, name = "Wall" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var session = await created.ReadJsonAsync();
        var expires = session.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromDays(364), TimeSpan.FromDays(365)); // the default lifetime
        var link = session.GetProperty("link").GetString()!;
        using var screen = await KioskScreen.OpenLinkAsync(host, session.GetProperty("id").GetGuid(), link, tab.Id);
        // The link is spent; a link that was never issued answers the same.
        foreach (var path in (string[])[link, $"/kiosk/{Guid.NewGuid():N}.{KioskCredential.NewSecret()}", "/kiosk/nothing"])
        {
            using var again = await screen.Browser.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        }
        // Neither the list nor anything later shows a secret.
        var listed = Assert.Single((await (await alice.GetAsync("/api/wbrt/kiosk-sessions")).ReadJsonAsync()).GetProperty("items").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("link").ValueKind);
        Assert.True(listed.GetProperty("linkOpened").GetBoolean());

        // A credential with another secret is refused.
        using var forged = new HttpClient { BaseAddress = host.BaseAddress };
        forged.DefaultRequestHeaders.Authorization = new("Bearer", KioskCredential.Token(screen.Id, KioskCredential.NewSecret()));
        using var refused = await forged.GetAsync("/api/wbrt/tabs");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("the kiosk credential is not valid; open a new kiosk link", await refused.MessageAsync());
    }

    [Fact]
    public async Task With_two_replicas_over_one_postgresql_a_kiosk_survives_a_restart_and_a_revocation_at_one_closes_its_socket_at_the_other()
    {
        await using var db = await PostgresDatabase.CreateAsync();
        await new PulseSchemaMigrator(db.DataSource).MigrateAsync();
        var kiosks = new PostgresKioskSessionStore(db.DataSource);
        // The dashboards both replicas read (in production the same PostgreSQL metadata).
        var metadata = new InMemoryMetadataStore();
        void Shared(IServiceCollection s) => s.AddSingleton<IKioskSessionStore>(kiosks);
        var (a, alice) = await StartAsync(Shared, metadata);
        await using var _ = a;
        var (_, layout, tab) = await a.SeedAsync();

        using var created = await alice.PostAsJsonAsync("/api/wbrt/kiosk-sessions", new { tabId = tab.Id, name = "Wall" });
        var session = await created.ReadJsonAsync();
        var (b, _) = await StartAsync(Shared, metadata);
        KioskScreen screen;
        await using (b)
            screen = await KioskScreen.OpenLinkAsync(b, session.GetProperty("id").GetGuid(), session.GetProperty("link").GetString()!, tab.Id);
        using var __ = screen;

        // Replica b restarted: the screen's credential still works there (and at a).
        var (restarted, _) = await StartAsync(Shared, metadata);
        await using var ___ = restarted;
        using var atRestarted = screen.BearerClient();
        atRestarted.BaseAddress = restarted.BaseAddress;
        Assert.Equal([tab.Id], await IdsAsync(atRestarted, "/api/wbrt/tabs"));
        using var atA = screen.BearerClient();
        atA.BaseAddress = a.BaseAddress;
        Assert.Equal([tab.Id], await IdsAsync(atA, "/api/wbrt/tabs"));
        await using var live = await LiveClient.ConnectWithHeadersAsync(restarted, new Dictionary<string, string> { ["Authorization"] = $"Bearer {screen.Credential}" });
        await live.SendAsync(new { op = "subscribe", sub = "s1", layouts = new[] { layout.Id } });
        await live.ReceiveAsync("snapshot");

        using (var revoke = await alice.DeleteAsync($"/api/wbrt/kiosk-sessions/{screen.Id}")) Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        using (var refused = await atRestarted.GetAsync("/api/wbrt/tabs")) Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await live.WaitForCloseAsync());
    }
}
