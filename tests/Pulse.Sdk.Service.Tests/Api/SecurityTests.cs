using System.Net;
using System.Net.Http.Json;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Postgres.Metadata;
using Pulse.Sdk.Postgres.Migrations;
using Pulse.Sdk.Service.Tests.Support;
using Pulse.Sdk.Statistics;
using static Pulse.Sdk.Service.Tests.Support.HttpJson;

namespace Pulse.Sdk.Service.Tests.Api;

/// <summary>The security tests of issue 5 (token signature and expiry belong to the authentication role's tests).</summary>
public sealed class SecurityTests
{
    private static readonly (ObjectType, string)[] OnlyQ1 = [(ObjectType.Queue, "q1")];

    [Theory]
    [InlineData("/api/wbrt/widgets")]
    [InlineData("/api/wbrt/tabs")]
    [InlineData("/api/wbrt/templates")]
    [InlineData("/api/wbrt/export")]
    [InlineData("/api/live/sse?layouts=00000000-0000-0000-0000-000000000001")]
    public async Task No_token_is_401_with_a_message(string path)
    {
        await using var host = await ServiceHost.StartAsync();

        var response = await host.Client(null).GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("not authenticated", await response.MessageAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_token_cannot_open_the_live_websocket()
    {
        await using var host = await ServiceHost.StartAsync();
        var error = await Assert.ThrowsAnyAsync<System.Net.WebSockets.WebSocketException>(() => LiveClient.ConnectAsync(host, null));
        Assert.Contains("401", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_without_a_tenant_claim_is_refused_and_an_unknown_user_gets_403()
    {
        await using var host = await ServiceHost.StartAsync();

        var noTenant = await host.Client("alice@").GetAsync("/api/wbrt/tabs");
        var unknown = await host.Client("mallory@t1").GetAsync("/api/wbrt/tabs");

        Assert.Equal(HttpStatusCode.Forbidden, noTenant.StatusCode);
        Assert.Contains("sub and tenant", await noTenant.MessageAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, unknown.StatusCode);
        Assert.Equal("user mallory has no Pulse permissions", await unknown.MessageAsync());
    }

    [Theory]
    [InlineData("POST", "/api/wbrt/templates", PulsePrivilege.ManageTemplates)]
    [InlineData("GET", "/api/wbrt/export", PulsePrivilege.ManageTemplates)]
    [InlineData("POST", "/api/wbrt/import", PulsePrivilege.ManageTemplates)]
    [InlineData("POST", "/api/wbrt/layouts", PulsePrivilege.ManageWidgets)]
    [InlineData("POST", "/api/wbrt/widgets", PulsePrivilege.ManageWidgets)]
    [InlineData("POST", "/api/wbrt/tabs", PulsePrivilege.ManageTabs)]
    [InlineData("GET", "/api/wbrt/users/alice", PulsePrivilege.ManageUsers)]
    public async Task A_missing_privilege_is_403_naming_it(string method, string path, PulsePrivilege privilege)
    {
        await using var host = await ServiceHost.StartAsync();
        host.Permissions.Set("t1", "bob", PulsePrivilege.ViewDashboard, all: true);

        var response = await host.Client("bob@t1").SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? Json("{}") : null });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal($"missing privilege {privilege}", await response.MessageAsync());
    }

    [Fact]
    public async Task Another_tenants_ids_are_404_exactly_like_missing_ids_and_never_listed()
    {
        await using var host = await ServiceHost.StartAsync();
        host.Permissions.Set("t1", "alice", PulsePrivilege.ManageTemplates, all: true);
        var (template, layout, tab) = await host.SeedAsync("t2");
        host.Scripted.Publish(ServiceHost.Change("t2", "q1", "Waiting", 42));
        var alice = host.Client("alice@t1");

        foreach (var (kind, path, id) in new[]
        {
            ("template", "/api/wbrt/templates/", template.Id), ("layout", "/api/wbrt/layouts/", layout.Id), ("tab", "/api/wbrt/tabs/", tab.Id),
            ("widget", "/api/wbrt/widgets/", layout.Id), ("layout", "/api/wbrt/layouts/{0}/snapshot", layout.Id),
        })
        {
            var missing = Guid.NewGuid();
            var url = path.Contains("{0}", StringComparison.Ordinal) ? string.Format(path, id) : path + id;
            var urlMissing = path.Contains("{0}", StringComparison.Ordinal) ? string.Format(path, missing) : path + missing;
            var theirs = await alice.GetAsync(url);
            var none = await alice.GetAsync(urlMissing);
            Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
            Assert.Equal(none.StatusCode, theirs.StatusCode);
            var theirsMessage = await theirs.MessageAsync();
            Assert.Equal($"no {kind} {id}", theirsMessage);
            Assert.Equal((await none.MessageAsync()).Replace(missing.ToString(), id.ToString(), StringComparison.Ordinal), theirsMessage);
        }
        // Changes are refused the same way, and leave the other tenant's rows as they were.
        Assert.Equal(HttpStatusCode.NotFound, (await alice.DeleteAsync($"/api/wbrt/templates/{template.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.PutAsync($"/api/wbrt/tabs/{tab.Id}", Json("""{"name":"mine now"}"""))).StatusCode);
        Assert.NotNull(await host.Store.GetTemplateAsync("t2", template.Id));
        Assert.Equal("Main", (await host.Store.GetTabAsync("t2", tab.Id))!.Name);

        foreach (var list in new[] { "/api/wbrt/templates", "/api/wbrt/layouts", "/api/wbrt/tabs", "/api/wbrt/widgets", "/api/wbrt/users", "/api/wbrt/export" })
        {
            var body = await alice.GetStringAsync(list);
            Assert.DoesNotContain(template.Id.ToString(), body, StringComparison.Ordinal);
            Assert.DoesNotContain(layout.Id.ToString(), body, StringComparison.Ordinal);
            Assert.DoesNotContain(tab.Id.ToString(), body, StringComparison.Ordinal);
            Assert.DoesNotContain("eve", body, StringComparison.Ordinal);
        }
        var objects = await alice.GetStringAsync("/api/wbrt/objects");
        Assert.DoesNotContain("Other tenant", objects, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Values_of_objects_outside_the_users_access_are_not_in_snapshots_nor_history_nor_the_object_list()
    {
        await using var host = await ServiceHost.StartAsync();
        host.Permissions.Set("t1", "alice", PulsePrivilege.ManageTabs, OnlyQ1);
        var (_, layout, _) = await host.SeedAsync();
        host.Scripted.HistoryResolutions = [TimeSpan.FromSeconds(1)];
        host.Scripted.Publish(ServiceHost.Change("t1", "q1", "Waiting", 3), ServiceHost.Change("t1", "q2", "Waiting", 99));
        var alice = host.Client("alice@t1");

        var snapshot = await (await alice.GetAsync($"/api/wbrt/layouts/{layout.Id}/snapshot")).ReadJsonAsync();
        var history = await alice.GetAsync($"/api/wbrt/layouts/{layout.Id}/history?object=Queue:q2&alias=Waiting&resolution=1s");
        var objects = await (await alice.GetAsync("/api/wbrt/objects?type=Queue")).ReadJsonAsync();

        var value = Assert.Single(snapshot.GetProperty("values").EnumerateArray());
        Assert.Equal("q1", value.GetProperty("object").GetProperty("id").GetString());
        Assert.Equal(3, value.GetProperty("value").GetDouble());
        Assert.Equal(HttpStatusCode.NotFound, history.StatusCode);
        Assert.Equal("q1", Assert.Single(objects.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task An_oversized_body_is_413_and_invalid_bodies_are_400_naming_the_field()
    {
        await using var host = await ServiceHost.StartAsync(o => o.MaxBodyBytes = 4096);
        host.Permissions.Set("t1", "alice", PulsePrivilege.ManageTemplates, all: true);
        var alice = host.Client("alice@t1");
        const string Stat = """[{"alias":"W","statisticType":"Waiting"}]""";

        var large = await alice.PostAsync("/api/wbrt/templates", Json($$"""{"name":"{{new string('x', 5000)}}","objectType":"Queue","statistics":{{Stat}}}"""));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        Assert.Contains("4096 bytes", await large.MessageAsync(), StringComparison.Ordinal);

        foreach (var (body, expected) in new[]
        {
            ("not json", "body: not valid JSON"),
            ("{\"name\":\"Q\",\"objectType\":\"Queue\",\"statistics\":" + Stat + ",\"colour\":\"red\"}", "colour: unknown field"),
            ("{\"name\":\"Q\",\"objectType\":\"Dragon\",\"statistics\":" + Stat + "}", "objectType: not a valid value here"),
            ("""{"name":"Q","objectType":"Queue","statistics":[{"alias":"N","statisticType":"NoSuchStatistic"}]}""",
                "statistics[0].statisticType: no statistic 'NoSuchStatistic' for Queue objects"),
            ("""{"name":"Q","objectType":"Agent","statistics":[{"alias":"W","statisticType":"Waiting"}]}""",
                "statistics[0].statisticType: no statistic 'Waiting' for Agent objects"),
            ("{\"name\":\"Q\",\"objectType\":2,\"statistics\":" + Stat + "}", "objectType: not a valid value here"),
            ("{\"objectType\":\"Queue\",\"statistics\":" + Stat + "}", "name: required"),
            ("{\"name\":\"  \",\"objectType\":\"Queue\",\"statistics\":" + Stat + "}", "name: must not be empty"),
            ("{\"name\":null,\"objectType\":\"Queue\",\"statistics\":" + Stat + "}", "name: must not be null"),
            ("{\"name\":\"Q\",\"objectType\":\"Queue\",\"statistics\":[]}", "statistics: at least one statistic"),
            ("{\"name\":\"Q\",\"objectType\":\"Queue\",\"statistics\":[{\"alias\":\"W\",\"statisticType\":\"Waiting\",\"displayFormat\":\"Colour\"}]}", "statistics[0].displayFormat: not a valid value here"),
            ("{\"name\":\"Q\",\"objectType\":\"Queue\",\"statistics\":[{\"alias\":\"W\",\"statisticType\":\"Waiting\"},{\"alias\":\"W\",\"statisticType\":\"Answered\"}]}", "statistics[1].alias: 'W' appears twice"),
            ("{\"name\":\"" + new string('n', 201) + "\",\"objectType\":\"Queue\",\"statistics\":" + Stat + "}", "name: at most 200 characters"),
            ("null", "body: a JSON object is required"),
        })
        {
            var response = await alice.PostAsync("/api/wbrt/templates", Json(body));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{body}: {response.StatusCode}");
            Assert.StartsWith(expected, await response.MessageAsync(), StringComparison.Ordinal);
        }
        var wrongType = await alice.PostAsync("/api/wbrt/templates", new StringContent("name=x", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
        Assert.StartsWith("Content-Type: a request with a body must be application/json", await wrongType.MessageAsync(), StringComparison.Ordinal);
        Assert.Empty(await host.Store.GetTemplatesAsync("t1"));
    }

    [Fact]
    public async Task Bad_path_and_query_values_are_400_naming_the_parameter()
    {
        await using var host = await ServiceHost.StartAsync();
        host.Permissions.Set("t1", "alice", PulsePrivilege.ManageTemplates, all: true);
        var (_, layout, _) = await host.SeedAsync();
        var alice = host.Client("alice@t1");

        Assert.StartsWith("id:", await (await alice.GetAsync("/api/wbrt/tabs/not-a-guid")).MessageAsync(), StringComparison.Ordinal);
        Assert.StartsWith("uscn:", await (await alice.GetAsync("/api/wbrt/tabs?uscn=-1")).MessageAsync(), StringComparison.Ordinal);
        Assert.StartsWith("type:", await (await alice.GetAsync("/api/wbrt/objects?type=Dragon")).MessageAsync(), StringComparison.Ordinal);
        Assert.StartsWith("object:", await (await alice.GetAsync($"/api/wbrt/layouts/{layout.Id}/history?object=q1&alias=Waiting")).MessageAsync(), StringComparison.Ordinal);
        Assert.StartsWith("resolution:", await (await alice.GetAsync($"/api/wbrt/layouts/{layout.Id}/history?object=Queue:q1&alias=Waiting&resolution=1s")).MessageAsync(), StringComparison.Ordinal);
        Assert.StartsWith("layouts[1]:", await (await alice.GetAsync($"/api/live/sse?layouts={layout.Id},zzz")).MessageAsync(), StringComparison.Ordinal);
    }

    private static readonly string[] InjectionNames =
    [
        "<script>alert('x')</script>",
        "Robert'); DROP TABLE pulse_tabs;--",
        "\" onmouseover=\"alert(1)",
        "{{constructor.constructor('alert(1)')()}}",
        "../../etc/passwd",
    ];

    public static TheoryData<string> Injections() => new(InjectionNames);

    [Theory]
    [MemberData(nameof(Injections))]
    public async Task Injection_strings_in_names_are_stored_and_returned_inert(string name)
    {
        await using var host = await ServiceHost.StartAsync();
        await AssertInertAsync(host, name);
    }

    [Fact]
    public async Task Injection_strings_are_stored_inert_in_postgresql_too()
    {
        await using var db = await PostgresDatabase.CreateAsync();
        await new PulseSchemaMigrator(db.DataSource).MigrateAsync();
        await using var host = await ServiceHost.StartAsync(store: new PulseMetadataStore(db.DataSource));
        foreach (var name in InjectionNames) await AssertInertAsync(host, name);
        Assert.True(await db.TableExistsAsync("pulse_tabs"));
    }

    private static async Task AssertInertAsync(ServiceHost host, string name)
    {
        host.Permissions.Set("t1", "alice", PulsePrivilege.ManageTemplates, all: true);
        var alice = host.Client("alice@t1");
        var created = await alice.PostAsJsonAsync("/api/wbrt/tabs", new { name });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();

        var response = await alice.GetAsync($"/api/wbrt/tabs/{id}");
        var raw = await response.Content.ReadAsStringAsync();

        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(name, (await response.ReadJsonAsync()).GetProperty("name").GetString());
        Assert.Equal(name, (await host.Store.GetTabAsync("t1", id))!.Name);
        // HTML-sensitive characters leave the service escaped: no client can mistake them for markup.
        Assert.DoesNotContain("<", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("'", raw, StringComparison.Ordinal);
    }
}
