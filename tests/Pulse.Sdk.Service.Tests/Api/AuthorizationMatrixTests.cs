using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Service.Tests.Support;

namespace Pulse.Sdk.Service.Tests.Api;

/// <summary>
/// Who may do what (docs/api.md, "Who may do what"), tried on every route that names one resource (<c>{id}</c>): each
/// route × six callers (the owner of the dashboards, another user without and with ManageSharedDashboards, a template
/// and user manager, a restricted viewer, another tenant's user) × a private and a shared dashboard (templates and
/// users: the tenant's), each try on a fresh resource, against the rule written out below. A route added to the
/// table without a line here fails the test.
/// </summary>
public class AuthorizationMatrixTests
{
    private enum Resource { Private, Shared }

    private enum Need { View, EditWidgetDisplay, ManageWidgets, ManageTabs, ManageTemplates, OwnOrManageUsers, ManageUsers }

    /// <summary>What a route acts on: a dashboard (tab, layout, widget), a template of the tenant, a user, or a kiosk session of the tenant.</summary>
    private enum Kind { Dashboard, Template, User, Kiosk }

    private sealed record Route(string Method, string Pattern, Need Need, bool Changes, Func<Layout, Tab, string> Path, Func<Layout, Tab, object?> Body,
        Kind Kind = Kind.Dashboard);

    private static readonly Route[] Routes =
    [
        new("GET", "/api/wbrt/layouts/{id}", Need.View, false, (l, _) => $"/api/wbrt/layouts/{l.Id}", (_, _) => null),
        new("PUT", "/api/wbrt/layouts/{id}", Need.EditWidgetDisplay, true, (l, _) => $"/api/wbrt/layouts/{l.Id}",
            (l, _) => new { id = l.Id, templateId = l.TemplateId, name = l.Name, objects = l.Objects.Select(o => new { type = o.Type.ToString(), id = o.Id }), options = new Dictionary<string, string> { ["chart.alias"] = "Waiting" } }),
        new("DELETE", "/api/wbrt/layouts/{id}", Need.ManageWidgets, true, (l, _) => $"/api/wbrt/layouts/{l.Id}", (_, _) => null),
        new("GET", "/api/wbrt/layouts/{id}/snapshot", Need.View, false, (l, _) => $"/api/wbrt/layouts/{l.Id}/snapshot", (_, _) => null),
        new("GET", "/api/wbrt/layouts/{id}/history", Need.View, false, (l, _) => $"/api/wbrt/layouts/{l.Id}/history?object=Queue:q1&alias=Waiting", (_, _) => null),
        new("GET", "/api/wbrt/widgets/{id}", Need.View, false, (l, _) => $"/api/wbrt/widgets/{l.Id}", (_, _) => null),
        new("DELETE", "/api/wbrt/widgets/{id}", Need.ManageWidgets, true, (l, _) => $"/api/wbrt/widgets/{l.Id}", (_, _) => null),
        new("GET", "/api/wbrt/tabs/{id}", Need.View, false, (_, t) => $"/api/wbrt/tabs/{t.Id}", (_, _) => null),
        new("PUT", "/api/wbrt/tabs/{id}", Need.ManageTabs, true, (_, t) => $"/api/wbrt/tabs/{t.Id}", (l, t) => new { name = "Renamed", shared = t.Shared, layoutIds = new[] { l.Id } }),
        new("DELETE", "/api/wbrt/tabs/{id}", Need.ManageTabs, true, (_, t) => $"/api/wbrt/tabs/{t.Id}", (_, _) => null),
        new("GET", "/api/wbrt/templates/{id}", Need.View, false, (l, _) => $"/api/wbrt/templates/{l.TemplateId}", (_, _) => null, Kind.Template),
        new("PUT", "/api/wbrt/templates/{id}", Need.ManageTemplates, true, (l, _) => $"/api/wbrt/templates/{l.TemplateId}",
            (l, _) => new { name = "Renamed", widgetType = "Grid", objectType = "Queue", statistics = new[] { new { alias = "Waiting", statisticType = "Waiting" } } }, Kind.Template),
        new("DELETE", "/api/wbrt/templates/{id}", Need.ManageTemplates, true, (l, _) => $"/api/wbrt/templates/{l.TemplateId}", (_, _) => null, Kind.Template),
        new("GET", "/api/wbrt/users/{id}", Need.OwnOrManageUsers, false, (_, _) => "/api/wbrt/users/alice", (_, _) => null, Kind.User),
        // carol holds less than frank, the only holder of ManageUsers here (who may hold more, or be oneself: UserAccessApiTests).
        new("PUT", "/api/wbrt/users/{id}/access", Need.ManageUsers, true, (_, _) => "/api/wbrt/users/carol/access",
            (_, _) => new { privileges = new[] { "ViewDashboard" } }, Kind.User),
        new("DELETE", "/api/wbrt/users/{id}/access", Need.ManageUsers, true, (_, _) => "/api/wbrt/users/carol/access", (_, _) => null, Kind.User),
        // A kiosk session of alice's tab, seeded with the tab's id (below).
        new("DELETE", "/api/wbrt/kiosk-sessions/{id}", Need.ManageUsers, true, (_, t) => $"/api/wbrt/kiosk-sessions/{t.Id}", (_, _) => null, Kind.Kiosk),
    ];

    /// <summary>The callers and their top privilege: alice owns every dashboard of the test (the collection routes' test uses them too).</summary>
    internal static readonly (string Who, string Tenant, string User, PulsePrivilege Top)[] Callers =
    [
        ("alice@t1", "t1", "alice", PulsePrivilege.ManageWidgets),
        ("bob@t1", "t1", "bob", PulsePrivilege.ManageWidgets),
        ("dora@t1", "t1", "dora", PulsePrivilege.ManageSharedDashboards),
        ("frank@t1", "t1", "frank", PulsePrivilege.ManageTemplates), // with ManageUsers too (below)
        ("carol@t1", "t1", "carol", PulsePrivilege.ViewDashboardRestricted),
        ("eve@t2", "t2", "eve", PulsePrivilege.ManageSharedDashboards),
    ];

    /// <summary>The rule, written out: the privilege the action takes, then whether the caller sees it, then whether they may change it.</summary>
    private static HttpStatusCode Expected(Route route, string user, PulsePrivilege top, Resource resource)
    {
        var has = route.Need switch
        {
            Need.View => true, // every caller here may view some dashboard
            Need.EditWidgetDisplay => top >= PulsePrivilege.EditWidgetDisplay,
            Need.ManageWidgets => top >= PulsePrivilege.ManageWidgets,
            Need.ManageTabs => top >= PulsePrivilege.ManageTabs,
            Need.ManageTemplates => top >= PulsePrivilege.ManageTemplates,
            Need.ManageUsers => user == "frank",
            _ => user is "alice" or "frank", // the user asked for is alice; frank holds ManageUsers
        };
        if (!has) return HttpStatusCode.Forbidden;
        // A template or a user of the tenant: everyone of the tenant finds it, nobody of another.
        if (route.Kind != Kind.Dashboard)
        {
            if (user == "eve") return HttpStatusCode.NotFound;
            return route.Method == "DELETE" ? HttpStatusCode.NoContent : HttpStatusCode.OK;
        }
        var sees = user == "alice" || (resource == Resource.Shared && user is "bob" or "dora" or "frank" or "carol");
        if (!sees) return HttpStatusCode.NotFound;
        if (!route.Changes) return HttpStatusCode.OK;
        var may = resource == Resource.Shared ? top >= PulsePrivilege.ManageSharedDashboards : user == "alice";
        if (!may) return HttpStatusCode.Forbidden;
        return route.Method == "DELETE" ? HttpStatusCode.NoContent : HttpStatusCode.OK;
    }

    [Fact]
    public async Task Every_dashboard_route_answers_every_caller_as_the_rule_says()
    {
        await using var host = await ServiceHost.StartAsync(services: s => s.AddSingleton<IUserAccessStore, InMemoryUserAccessStore>());
        host.Scripted.HistoryResolutions = [TimeSpan.FromSeconds(1)];
        foreach (var (_, tenant, user, top) in Callers)
            host.Permissions.Set(tenant, user, top, all: true, extra: user == "frank" ? [PulsePrivilege.ManageUsers] : []);

        // The table covers every route of the API that names one resource.
        var named = host.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } p && p.StartsWith("/api/", StringComparison.Ordinal) && p.Contains("{id}", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .ToHashSet();
        Assert.Equal(named.Order(), Routes.Select(r => $"{r.Method} {r.Pattern}").Order());

        var wrong = new List<string>();
        foreach (var route in Routes)
            foreach (var (who, _, user, top) in Callers)
                foreach (var resource in Enum.GetValues<Resource>())
                {
                    var (_, layout, tab) = await host.SeedAsync(shared: resource == Resource.Shared);
                    if (route.Kind == Kind.Kiosk)
                        await host.App.Services.GetRequiredService<IKioskSessionStore>().CreateAsync(new KioskSession
                        {
                            Id = tab.Id, Tenant = "t1", TabId = tab.Id, Name = "Wall", CreatedBy = "alice", CreatedAt = DateTimeOffset.UtcNow,
                            ExpiresAt = DateTimeOffset.UtcNow.AddDays(1), LinkExpiresAt = DateTimeOffset.UtcNow.AddHours(1),
                        });
                    var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Path(layout, tab));
                    if (route.Body(layout, tab) is { } body) request.Content = JsonContent.Create(body);
                    var actual = (await host.Client(who).SendAsync(request)).StatusCode;
                    var expected = Expected(route, user, top, resource);
                    if (actual != expected) wrong.Add($"{route.Method} {route.Pattern} by {who} on a {resource.ToString().ToLowerInvariant()} dashboard: {(int)actual}, the rule says {(int)expected}");
                }
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {Routes.Length * Callers.Length * 2} answers differ from the rule:\n" + string.Join("\n", wrong));
    }
}
