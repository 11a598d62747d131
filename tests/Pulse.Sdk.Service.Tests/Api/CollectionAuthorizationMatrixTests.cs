using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Service.Tests.Support;

namespace Pulse.Sdk.Service.Tests.Api;

/// <summary>
/// Who may do what on the routes that name no single resource (lists, creation, import, export): each route × the six
/// callers of <see cref="AuthorizationMatrixTests"/> × a private and a shared dashboard of alice, each try on fresh data,
/// against the rule written out below (docs/api.md, "Who may do what"). Lists must hold the seeded dashboard exactly when
/// the caller sees it; a creation naming a layout or tab the caller does not see is refused as if it did not exist.
/// A route added to the API without a line here fails the test.
/// </summary>
public class CollectionAuthorizationMatrixTests
{
    private enum Resource { Private, Shared }

    private enum Need { View, ViewUnrestricted, ManageWidgets, ManageTabs, ManageTemplates, ManageUsers }

    /// <summary>What a list must show of the seeded data: the layout, the tab, the widget (the layout on the tab), or nothing checked.</summary>
    private enum Lists { Nothing, Layout, Tab, Widget, Template }

    private sealed record Route(string Method, string Path, Need Need, Lists Lists, Func<Seeded, object?> Body, bool NamesDashboard = false);

    private sealed record Seeded(WidgetTemplate Template, Layout Layout, Tab Tab);

    private static object Objects => new[] { new { type = "Queue", id = "q1" } };

    private static readonly Route[] Routes =
    [
        new("GET", "/api/wbrt/templates", Need.View, Lists.Template, _ => null),
        new("POST", "/api/wbrt/templates", Need.ManageTemplates, Lists.Nothing,
            _ => new { name = "New", widgetType = "Grid", objectType = "Queue", statistics = new[] { new { alias = "Waiting", statisticType = "Waiting" } } }),
        new("GET", "/api/wbrt/layouts", Need.View, Lists.Layout, _ => null),
        new("POST", "/api/wbrt/layouts", Need.ManageWidgets, Lists.Nothing, s => new { templateId = s.Template.Id, name = "New", objects = Objects }),
        new("GET", "/api/wbrt/widgets", Need.View, Lists.Widget, _ => null),
        // A widget on alice's tab: the caller must see the tab (else 400, as a missing tab) and may change it.
        new("POST", "/api/wbrt/widgets", Need.ManageWidgets, Lists.Nothing, s => new { tabId = s.Tab.Id, templateId = s.Template.Id, name = "New", objects = Objects }, NamesDashboard: true),
        new("GET", "/api/wbrt/tabs", Need.View, Lists.Tab, _ => null),
        // A tab of one's own showing alice's layout: the caller must see the layout (else 400, as a missing layout).
        new("POST", "/api/wbrt/tabs", Need.ManageTabs, Lists.Nothing, s => new { name = "Mine", layoutIds = new[] { s.Layout.Id } }, NamesDashboard: true),
        new("GET", "/api/wbrt/users", Need.View, Lists.Nothing, _ => null),
        new("GET", "/api/wbrt/objects", Need.View, Lists.Nothing, _ => null),
        new("GET", "/api/wbrt/statistics", Need.View, Lists.Nothing, _ => null),
        // Ad-hoc values: not for a restricted viewer, who sees only the dashboards shared with them.
        new("POST", "/api/wbrt/queries", Need.ViewUnrestricted, Lists.Nothing, _ => new { objectTypes = new[] { "Queue" }, statistics = new[] { "Waiting" } }),
        new("GET", "/api/wbrt/export", Need.ManageTemplates, Lists.Nothing, _ => null),
        new("POST", "/api/wbrt/import", Need.ManageTemplates, Lists.Nothing, _ => new { templates = Array.Empty<object>() }),
        new("GET", "/api/wbrt/kiosk-sessions", Need.ManageUsers, Lists.Nothing, _ => null),
        // A kiosk of alice's tab: the creator must see the tab (else 400, as a missing tab).
        new("POST", "/api/wbrt/kiosk-sessions", Need.ManageUsers, Lists.Nothing, s => new { tabId = s.Tab.Id, name = "Wall" }, NamesDashboard: true),
    ];

    private static (string Who, string Tenant, string User, PulsePrivilege Top)[] Callers => AuthorizationMatrixTests.Callers;

    /// <summary>Whether <paramref name="user"/> sees alice's seeded tab and layout: hers, or shared with every viewer of t1.</summary>
    private static bool Sees(string user, Resource resource) => user == "alice" || (resource == Resource.Shared && user is "bob" or "dora" or "frank" or "carol");

    /// <summary>The rule, written out.</summary>
    private static HttpStatusCode Expected(Route route, string user, PulsePrivilege top, Resource resource)
    {
        var has = route.Need switch
        {
            Need.View => true,
            Need.ViewUnrestricted => top >= PulsePrivilege.ViewDashboard,
            Need.ManageWidgets => top >= PulsePrivilege.ManageWidgets,
            Need.ManageTabs => top >= PulsePrivilege.ManageTabs,
            Need.ManageUsers => user == "frank",
            _ => top >= PulsePrivilege.ManageTemplates,
        };
        if (!has) return HttpStatusCode.Forbidden;
        var created = route.Path.EndsWith("/import", StringComparison.Ordinal) ? HttpStatusCode.OK : HttpStatusCode.Created;
        if (route.Method == "GET" || route.Path.EndsWith("/queries", StringComparison.Ordinal)) return HttpStatusCode.OK;
        if (route.Path.EndsWith("/layouts", StringComparison.Ordinal))
            return user == "eve" ? HttpStatusCode.BadRequest : created; // eve's tenant has no such template
        if (!route.NamesDashboard) return created;
        if (!Sees(user, resource)) return HttpStatusCode.BadRequest; // named as if it did not exist
        // A new widget changes the tab it goes on: a shared tab takes ManageSharedDashboards, a private one its owner.
        if (route.Path.EndsWith("/widgets", StringComparison.Ordinal) && resource == Resource.Shared && top < PulsePrivilege.ManageSharedDashboards)
            return HttpStatusCode.Forbidden;
        return created;
    }

    [Fact]
    public async Task Every_collection_route_answers_every_caller_as_the_rule_says_and_lists_only_what_they_see()
    {
        await using var host = await ServiceHost.StartAsync(services: s => s.AddSingleton<IUserAccessStore, InMemoryUserAccessStore>());
        foreach (var (_, tenant, user, top) in Callers)
            host.Permissions.Set(tenant, user, top, all: true, extra: user == "frank" ? [PulsePrivilege.ManageUsers, PulsePrivilege.AddWidgetsWithoutLimit, PulsePrivilege.AddDashboardsWithoutLimit] : []);

        // The table covers every route of /api/wbrt that names no single resource.
        var unnamed = host.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } p && p.StartsWith("/api/wbrt/", StringComparison.Ordinal) && !p.Contains('{', StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .ToHashSet();
        Assert.Equal(unnamed.Order(), Routes.Select(r => $"{r.Method} {r.Path}").Order());

        var wrong = new List<string>();
        foreach (var route in Routes)
            foreach (var (who, _, user, top) in Callers)
                foreach (var resource in Enum.GetValues<Resource>())
                {
                    var (template, layout, tab) = await host.SeedAsync(shared: resource == Resource.Shared);
                    var seeded = new Seeded(template, layout, tab);
                    var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Path);
                    if (route.Body(seeded) is { } body) request.Content = JsonContent.Create(body);
                    var response = await host.Client(who).SendAsync(request);
                    var expected = Expected(route, user, top, resource);
                    var where = $"{route.Method} {route.Path} by {who} with a {resource.ToString().ToLowerInvariant()} dashboard";
                    if (response.StatusCode != expected)
                    {
                        wrong.Add($"{where}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}, the rule says {(int)expected}");
                        continue;
                    }
                    if (route.Lists == Lists.Nothing || expected != HttpStatusCode.OK) continue;
                    var listed = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray()
                        .Select(i => i.GetProperty("id").GetGuid()).ToHashSet();
                    var (id, shouldList) = route.Lists switch
                    {
                        Lists.Template => (template.Id, user != "eve"),
                        Lists.Tab => (tab.Id, Sees(user, resource) && !(user == "carol" && resource == Resource.Private)),
                        _ => (layout.Id, Sees(user, resource)),
                    };
                    if (listed.Contains(id) != shouldList) wrong.Add($"{where}: the list {(shouldList ? "lacks" : "holds")} the seeded {route.Lists.ToString().ToLowerInvariant()}");
                }
        Assert.True(wrong.Count == 0, $"{wrong.Count} answers differ from the rule:\n" + string.Join("\n", wrong));
    }
}
