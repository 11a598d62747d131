using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Service.Tests.Support;
using Pulse.Sdk.Statistics;
using static Pulse.Sdk.Service.Tests.Support.HttpJson;

namespace Pulse.Sdk.Service.Tests.Api;

public sealed class MetadataApiTests
{
    private static readonly object QueueTemplate = new
    {
        name = "Queues", widgetType = "Grid", objectType = "Queue",
        statistics = new[] { new { alias = "Waiting", statisticType = "Waiting", displayFormat = "Integer" } },
    };

    private static Guid IdOf(JsonElement e) => e.GetProperty("id").GetGuid();

    private static List<JsonElement> Items(JsonElement list) => [.. list.GetProperty("items").EnumerateArray()];

    [Fact]
    public async Task Lists_with_uscn_return_only_what_changed_after_it_deletions_included()
    {
        await using var host = await ServiceHost.StartAsync();
        host.Permissions.Set("t1", "alice", PulsePrivilege.ManageTemplates, all: true);
        var alice = host.Client("alice@t1");
        var first = IdOf(await (await alice.PostAsJsonAsync("/api/wbrt/templates", QueueTemplate)).ReadJsonAsync());
        var second = IdOf(await (await alice.PostAsJsonAsync("/api/wbrt/templates", QueueTemplate)).ReadJsonAsync());
        var all = await (await alice.GetAsync("/api/wbrt/templates")).ReadJsonAsync();
        var uscn = all.GetProperty("uscn").GetInt64();
        Assert.Equal(2, Items(all).Count);

        Assert.Empty(Items(await (await alice.GetAsync($"/api/wbrt/templates?uscn={uscn}")).ReadJsonAsync()));
        var renamed = new { id = second, name = "Renamed", objectType = "Queue", statistics = new[] { new { alias = "W", statisticType = "Waiting" } } };
        Assert.Equal(HttpStatusCode.OK, (await alice.PutAsJsonAsync($"/api/wbrt/templates/{second}", renamed)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await alice.DeleteAsync($"/api/wbrt/templates/{first}")).StatusCode);
        var tab = IdOf(await (await alice.PostAsJsonAsync("/api/wbrt/tabs", new { name = "Mine" })).ReadJsonAsync());

        var templates = await (await alice.GetAsync($"/api/wbrt/templates?uscn={uscn}")).ReadJsonAsync();
        var tabs = await (await alice.GetAsync($"/api/wbrt/tabs?uscn={uscn}")).ReadJsonAsync();

        Assert.Equal(uscn + 3, templates.GetProperty("uscn").GetInt64());
        var changed = Items(templates);
        Assert.Equal(2, changed.Count);
        Assert.Equal("Renamed", changed[0].GetProperty("name").GetString());
        Assert.True(changed[0].GetProperty("userEdited").GetBoolean());
        Assert.Equal(first, IdOf(changed[1]));
        Assert.True(changed[1].GetProperty("deleted").GetBoolean());
        Assert.Equal(uscn + 2, changed[1].GetProperty("uscn").GetInt64());
        Assert.Equal(tab, IdOf(Assert.Single(Items(tabs))));
        Assert.Empty(Items(await (await alice.GetAsync($"/api/wbrt/templates?uscn={templates.GetProperty("uscn").GetInt64()}")).ReadJsonAsync()));
    }

    [Fact]
    public async Task Export_then_import_into_another_tenant_round_trips_templates_layouts_and_tabs()
    {
        await using var host = await ServiceHost.StartAsync();
        host.Permissions.Set("t1", "alice", PulsePrivilege.ManageTemplates, all: true);
        host.Permissions.Set("t2", "eve", PulsePrivilege.ManageTemplates, all: true);
        await host.SeedAsync(shared: true);

        var export = await (await host.Client("alice@t1").GetAsync("/api/wbrt/export")).ReadJsonAsync();
        var imported = await host.Client("eve@t2").PostAsync("/api/wbrt/import", Json(export.GetRawText()));
        var again = await (await host.Client("eve@t2").GetAsync("/api/wbrt/export")).ReadJsonAsync();

        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var counts = await imported.ReadJsonAsync();
        Assert.Equal((1, 1, 1), (counts.GetProperty("templates").GetInt32(), counts.GetProperty("layouts").GetInt32(), counts.GetProperty("tabs").GetInt32()));
        foreach (var kind in new[] { "templates", "layouts", "tabs" })
        {
            static string WithoutUscn(JsonElement e) => JsonSerializer.Serialize(e.EnumerateObject().Where(p => p.Name != "uscn").ToDictionary(p => p.Name, p => p.Value));
            Assert.Equal(export.GetProperty(kind).EnumerateArray().Select(WithoutUscn), again.GetProperty(kind).EnumerateArray().Select(WithoutUscn));
        }
        var tab = Assert.Single(await host.Store.GetTabsAsync("t2", "alice"));
        Assert.True(tab.Shared);
        Assert.Equal("t2", tab.Tenant);
    }

    [Fact]
    public async Task An_import_with_one_bad_item_writes_nothing_and_names_it()
    {
        await using var host = await ServiceHost.StartAsync();
        host.Permissions.Set("t1", "alice", PulsePrivilege.ManageTemplates, all: true);
        var body = $$"""
            {"templates":[{"id":"{{Guid.NewGuid()}}","name":"Q","objectType":"Queue","statistics":[{"alias":"W","statisticType":"Waiting"}]}],
             "tabs":[{"id":"{{Guid.NewGuid()}}","name":"T","layoutIds":["{{Guid.NewGuid()}}"]}]}
            """;

        var response = await host.Client("alice@t1").PostAsync("/api/wbrt/import", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("tabs[0].layoutIds[0]: no layout", await response.MessageAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await host.Store.GetUscnAsync("t1"));
    }

    [Fact]
    public async Task Caps_on_tabs_and_widgets_answer_409_unless_the_user_is_without_limit()
    {
        await using var host = await ServiceHost.StartAsync();
        host.Permissions.Set("t1", "alice", PulsePrivilege.ManageWidgets, all: true, maxTabs: 2, maxWidgets: 1);
        var (template, _, _) = await host.SeedAsync(); // alice owns one widget already
        var alice = host.Client("alice@t1");
        var tab = IdOf(await (await alice.PostAsJsonAsync("/api/wbrt/tabs", new { name = "Second" })).ReadJsonAsync());

        var thirdTab = await alice.PostAsJsonAsync("/api/wbrt/tabs", new { name = "Third" });
        var widget = await alice.PostAsJsonAsync("/api/wbrt/widgets", new { tabId = tab, templateId = template.Id, objects = new[] { new { type = "Queue", id = "q1" } } });
        var layout = await alice.PostAsJsonAsync("/api/wbrt/layouts", new { templateId = template.Id, objects = Array.Empty<object>() });

        Assert.Equal(HttpStatusCode.Conflict, thirdTab.StatusCode);
        Assert.Equal("max_tabs_per_user: alice has 2 tabs and may have at most 2", await thirdTab.MessageAsync());
        Assert.Equal(HttpStatusCode.Conflict, widget.StatusCode);
        Assert.Equal("max_widgets_per_user: alice has 1 widgets and may have at most 1", await widget.MessageAsync());
        Assert.Equal(HttpStatusCode.Conflict, layout.StatusCode);
        Assert.Equal(2, (await host.Store.GetTabsAsync("t1", "alice")).Count);

        host.Permissions.Set("t1", "alice", PulsePrivilege.ManageWidgets, all: true, maxTabs: 2, maxWidgets: 1,
            extra: [PulsePrivilege.AddDashboardsWithoutLimit, PulsePrivilege.AddWidgetsWithoutLimit]);
        Assert.Equal(HttpStatusCode.Created, (await alice.PostAsJsonAsync("/api/wbrt/tabs", new { name = "Third" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await alice.PostAsJsonAsync("/api/wbrt/widgets", new { tabId = tab, templateId = template.Id, objects = new[] { new { type = "Queue", id = "q1" } } })).StatusCode);
    }

    [Fact]
    public async Task A_widget_is_created_on_a_tab_with_its_layout_listed_and_deleted_with_it()
    {
        await using var host = await ServiceHost.StartAsync();
        host.Permissions.Set("t1", "alice", PulsePrivilege.ManageWidgets, all: true);
        var (template, _, tab) = await host.SeedAsync();
        var alice = host.Client("alice@t1");

        var created = await alice.PostAsJsonAsync("/api/wbrt/widgets", new
        {
            tabId = tab.Id, templateId = template.Id, name = "Sales", objects = new[] { new { type = "Queue", id = "q1" } },
            options = new Dictionary<string, string> { ["threshold.Waiting.warning"] = "5" },
        });
        var wrongType = await alice.PostAsJsonAsync("/api/wbrt/widgets", new { tabId = tab.Id, templateId = template.Id, objects = new[] { new { type = "Agent", id = "a1" } } });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var widget = await created.ReadJsonAsync();
        var id = IdOf(widget);
        Assert.Equal(tab.Id, widget.GetProperty("tabId").GetGuid());
        Assert.Equal("5", widget.GetProperty("layout").GetProperty("options").GetProperty("threshold.Waiting.warning").GetString());
        Assert.Equal("alice", widget.GetProperty("layout").GetProperty("owner").GetString());
        Assert.Equal("Queues", widget.GetProperty("template").GetProperty("name").GetString());
        Assert.Equal([tab.LayoutIds[0], id], (await host.Store.GetTabAsync("t1", tab.Id))!.LayoutIds);
        Assert.Equal(2, Items(await (await alice.GetAsync("/api/wbrt/widgets")).ReadJsonAsync()).Count);
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Equal("objects[0].type: the template shows Queue objects, was Agent", await wrongType.MessageAsync());

        Assert.Equal(HttpStatusCode.NoContent, (await alice.DeleteAsync($"/api/wbrt/widgets/{id}")).StatusCode);
        Assert.Null(await host.Store.GetLayoutAsync("t1", id));
        Assert.Equal([tab.LayoutIds[0]], (await host.Store.GetTabAsync("t1", tab.Id))!.LayoutIds);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync($"/api/wbrt/widgets/{id}")).StatusCode);
    }

    [Fact]
    public async Task Private_tabs_are_their_owners_shared_tabs_everyones_and_restricted_users_see_only_shared_ones()
    {
        await using var host = await ServiceHost.StartAsync();
        host.Permissions.Set("t1", "alice", PulsePrivilege.ManageTabs, all: true);
        host.Permissions.Set("t1", "bob", PulsePrivilege.ManageTabs, all: true);
        host.Permissions.Set("t1", "carol", PulsePrivilege.ViewDashboardRestricted, all: true);
        host.Permissions.Set("t1", "dora", PulsePrivilege.ManageSharedDashboards, all: true);
        var (_, privateLayout, privateTab) = await host.SeedAsync();
        var (_, sharedLayout, sharedTab) = await host.SeedAsync(shared: true);

        async Task<HashSet<Guid>> TabsOf(string who) => [.. Items(await (await host.Client(who).GetAsync("/api/wbrt/tabs")).ReadJsonAsync()).Select(IdOf)];

        Assert.Equal([privateTab.Id, sharedTab.Id], await TabsOf("alice@t1"));
        Assert.Equal([sharedTab.Id], await TabsOf("bob@t1"));
        Assert.Equal([sharedTab.Id], await TabsOf("carol@t1"));
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client("bob@t1").GetAsync($"/api/wbrt/tabs/{privateTab.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client("carol@t1").GetAsync($"/api/wbrt/layouts/{privateLayout.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client("carol@t1").GetAsync($"/api/wbrt/layouts/{sharedLayout.Id}")).StatusCode);
        Assert.Equal(sharedLayout.Id, IdOf(Assert.Single(Items(await (await host.Client("carol@t1").GetAsync("/api/wbrt/layouts")).ReadJsonAsync()))));

        // Changing a shared dashboard takes ManageSharedDashboards, even for its owner.
        var rename = new { name = "Renamed", shared = true, layoutIds = new[] { sharedLayout.Id } };
        var byBob = await host.Client("bob@t1").PutAsJsonAsync($"/api/wbrt/tabs/{sharedTab.Id}", rename);
        Assert.Equal(HttpStatusCode.Forbidden, byBob.StatusCode);
        Assert.Equal("missing privilege ManageSharedDashboards", await byBob.MessageAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client("alice@t1").PostAsJsonAsync("/api/wbrt/tabs", new { name = "S", shared = true })).StatusCode);
        var byDora = await host.Client("dora@t1").PutAsJsonAsync($"/api/wbrt/tabs/{sharedTab.Id}", rename);
        Assert.Equal(HttpStatusCode.OK, byDora.StatusCode);
        Assert.Equal("alice", (await byDora.ReadJsonAsync()).GetProperty("owner").GetString());
    }

    [Fact]
    public async Task A_change_of_options_only_takes_EditWidgetDisplay_any_other_change_ManageWidgets()
    {
        await using var host = await ServiceHost.StartAsync();
        host.Permissions.Set("t1", "alice", PulsePrivilege.EditWidgetDisplay, all: true);
        var (_, layout, _) = await host.SeedAsync();
        var alice = host.Client("alice@t1");
        var current = await (await alice.GetAsync($"/api/wbrt/layouts/{layout.Id}")).ReadJsonAsync();
        var fields = current.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);

        fields["options"] = new Dictionary<string, string> { ["chart.alias"] = "Waiting" };
        var display = await alice.PutAsJsonAsync($"/api/wbrt/layouts/{layout.Id}", fields);
        fields["name"] = "Renamed";
        var rename = await alice.PutAsJsonAsync($"/api/wbrt/layouts/{layout.Id}", fields);

        Assert.Equal(HttpStatusCode.OK, display.StatusCode);
        Assert.Equal("Waiting", (await host.Store.GetLayoutAsync("t1", layout.Id))!.Options["chart.alias"]);
        Assert.Equal(HttpStatusCode.Forbidden, rename.StatusCode);
        Assert.Equal("missing privilege ManageWidgets", await rename.MessageAsync());
        Assert.Equal("Queues", (await host.Store.GetLayoutAsync("t1", layout.Id))!.Name);
    }

    [Fact]
    public async Task Users_others_only_with_ManageUsers()
    {
        await using var host = await ServiceHost.StartAsync();
        host.Permissions.Set("t1", "alice", PulsePrivilege.ViewDashboard, all: true);
        host.Permissions.Set("t1", "bob", PulsePrivilege.ViewDashboard, all: true, extra: PulsePrivilege.ManageUsers);

        var asAlice = Items(await (await host.Client("alice@t1").GetAsync("/api/wbrt/users")).ReadJsonAsync());
        var asBob = Items(await (await host.Client("bob@t1").GetAsync("/api/wbrt/users")).ReadJsonAsync());
        var aliceByBob = await (await host.Client("bob@t1").GetAsync("/api/wbrt/users/alice")).ReadJsonAsync();

        Assert.Equal("alice", Assert.Single(asAlice).GetProperty("id").GetString());
        Assert.Equal(["alice", "bob", "carol", "dora"], asBob.Select(u => u.GetProperty("id").GetString()));
        Assert.Equal("Alice", aliceByBob.GetProperty("name").GetString());
        Assert.Contains("ViewDashboard", aliceByBob.GetProperty("privileges").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client("bob@t1").GetAsync("/api/wbrt/users/eve")).StatusCode);
    }

    [Fact]
    public async Task Layout_history_reads_the_value_sources_tier()
    {
        await using var host = await ServiceHost.StartAsync();
        host.Permissions.Set("t1", "alice", PulsePrivilege.ViewDashboard, all: true);
        var (_, layout, _) = await host.SeedAsync();
        var t0 = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
        host.Scripted.HistoryResolutions = [TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)];
        host.Scripted.History.AddRange([new(t0, new StatisticValue(1)), new(t0.AddSeconds(1), new StatisticValue(2))]);

        var history = await (await host.Client("alice@t1").GetAsync(
            $"/api/wbrt/layouts/{layout.Id}/history?object=Queue:q1&alias=Waiting&resolution=1m&from=2026-11-26T10:00:00Z&to=2026-11-26T10:00:00Z")).ReadJsonAsync();

        var point = Assert.Single(history.GetProperty("points").EnumerateArray());
        Assert.Equal(1, point.GetProperty("value").GetDouble());
        Assert.Equal(t0, point.GetProperty("time").GetDateTimeOffset());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api()
    {
        await using var host = await ServiceHost.StartAsync();

        var doc = await (await host.Client(null).GetAsync("/openapi/pulse.json")).ReadJsonAsync();

        var paths = doc.GetProperty("paths");
        foreach (var p in new[] { "/api/wbrt/templates", "/api/wbrt/templates/{id}", "/api/wbrt/layouts/{id}/snapshot", "/api/wbrt/widgets", "/api/wbrt/tabs", "/api/wbrt/import", "/health/detail" })
            Assert.True(paths.TryGetProperty(p, out _), p);
        var create = paths.GetProperty("/api/wbrt/templates").GetProperty("post");
        Assert.True(create.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
    }
}
