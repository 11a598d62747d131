using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Service.Tests.Support;
using static Pulse.Sdk.Service.Tests.Support.HttpJson;

namespace Pulse.Sdk.Service.Tests.Api;

/// <summary>
/// <c>PUT</c>/<c>DELETE /api/wbrt/users/{id}/access</c> with the real in-process evaluator over the configuration and an
/// in-memory access store: what an assignment changes in the values a user receives, and who may assign what.
/// </summary>
public sealed class UserAccessApiTests
{
    private static readonly PulseConfiguration Configuration = new()
    {
        Tenants =
        [
            new TenantConfig
            {
                Id = "t1",
                Queues = [new QueueConfig { Id = "q1", Name = "Sales", Dn = "7001" }, new QueueConfig { Id = "q2", Name = "Support", Dn = "7002" }],
                Agents = [new AgentConfig { Id = "a1", Name = "Ann", Dns = ["1001"] }],
                Users =
                [
                    new UserConfig { Id = "admin", Privileges = ["ManageTemplates", "ManageUsers"], Access = new ObjectAccess { All = true } },
                    new UserConfig { Id = "lead", Privileges = ["ManageWidgets", "ManageUsers"], Access = new ObjectAccess { Queues = ["q1"] } },
                    new UserConfig { Id = "alice", Privileges = ["ManageWidgets"], Access = new ObjectAccess { Queues = ["q1", "q2"] } },
                    new UserConfig { Id = "junior", Privileges = ["ViewDashboard"], Access = new ObjectAccess { Queues = ["q1"] } },
                    new UserConfig { Id = "boss", Privileges = ["ManageTemplates"], Access = new ObjectAccess { Queues = ["q1"] } },
                ],
            },
            new TenantConfig { Id = "t2", Users = [new UserConfig { Id = "eve", Privileges = ["ManageUsers"], Access = new ObjectAccess { All = true } }] },
        ],
    };

    private static Task<ServiceHost> StartAsync(bool withStore = true) => ServiceHost.StartAsync(configuration: Configuration, services: s =>
    {
        if (withStore) s.AddSingleton<IUserAccessStore, InMemoryUserAccessStore>();
        // The real evaluator, over the same configuration and store: registered last, it replaces the fake.
        s.AddSingleton<IPermissionEvaluator>(sp => new ConfigurationPermissionEvaluator(new StaticConfigurationProvider(Configuration), store: sp.GetService<IUserAccessStore>()));
    });

    private static async Task<Dictionary<string, double>> ValuesAsync(HttpClient client, Guid layout)
    {
        var snapshot = await (await client.GetAsync($"/api/wbrt/layouts/{layout}/snapshot")).ReadJsonAsync();
        return snapshot.GetProperty("values").EnumerateArray().ToDictionary(v => v.GetProperty("object").GetProperty("id").GetString()!, v => v.GetProperty("value").GetDouble());
    }

    private static Task<HttpResponseMessage> PutAsync(HttpClient client, string user, string body) => client.PutAsync($"/api/wbrt/users/{user}/access", Json(body));

    [Fact]
    public async Task An_assignment_narrows_the_values_a_user_receives_and_its_removal_restores_them()
    {
        await using var host = await StartAsync();
        var (_, layout, _) = await host.SeedAsync(); // alice's tab: a layout on q1 and q2
        host.Scripted.Publish(ServiceHost.Change("t1", "q1", "Waiting", 3), ServiceHost.Change("t1", "q2", "Waiting", 5));
        var admin = host.Client("admin@t1");
        var alice = host.Client("alice@t1");
        Assert.Equal(new Dictionary<string, double> { ["q1"] = 3, ["q2"] = 5 }, await ValuesAsync(alice, layout.Id));

        var put = await PutAsync(admin, "alice", """{"access":{"queues":["q2"]}}""");
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var assigned = await put.ReadJsonAsync();
        Assert.Equal("admin", assigned.GetProperty("changedBy").GetString());
        Assert.Equal(JsonValueKind.Null, assigned.GetProperty("privileges").ValueKind);

        Assert.Equal(new Dictionary<string, double> { ["q2"] = 5 }, await ValuesAsync(alice, layout.Id));
        var objects = await (await alice.GetAsync("/api/wbrt/objects?type=Queue")).ReadJsonAsync();
        Assert.Equal(["q2"], objects.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("id").GetString()));
        var shown = await (await admin.GetAsync("/api/wbrt/users/alice")).ReadJsonAsync();
        Assert.Equal(["q2"], shown.GetProperty("access").GetProperty("queues").EnumerateArray().Select(q => q.GetString()));
        Assert.Contains("ManageWidgets", shown.GetProperty("privileges").EnumerateArray().Select(p => p.GetString())); // the configuration's
        Assert.Equal("admin", shown.GetProperty("assigned").GetProperty("changedBy").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/wbrt/users/alice/access")).StatusCode);
        Assert.Equal(new Dictionary<string, double> { ["q1"] = 3, ["q2"] = 5 }, await ValuesAsync(alice, layout.Id));
        Assert.Equal(JsonValueKind.Null, (await (await admin.GetAsync("/api/wbrt/users/alice")).ReadJsonAsync()).GetProperty("assigned").ValueKind);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/wbrt/users/alice/access")).StatusCode); // idempotent
    }

    [Fact]
    public async Task Privileges_assigned_take_effect_on_what_the_user_may_do()
    {
        await using var host = await StartAsync();
        var junior = host.Client("junior@t1");
        Assert.Equal(HttpStatusCode.Forbidden, (await junior.PostAsync("/api/wbrt/tabs", Json("""{"name":"Mine"}"""))).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await PutAsync(host.Client("lead@t1"), "junior", """{"privileges":["ManageTabs"]}""")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await junior.PostAsync("/api/wbrt/tabs", Json("""{"name":"Mine"}"""))).StatusCode);
    }

    [Fact]
    public async Task Nobody_grants_more_than_they_hold_nor_changes_themselves_or_a_user_holding_more()
    {
        await using var host = await StartAsync();
        var lead = host.Client("lead@t1"); // ManageWidgets and ManageUsers, queue q1 only

        foreach (var (user, body, expected) in new[]
        {
            ("junior", """{"privileges":["ManageTemplates"]}""", "privileges[0]: ManageTemplates includes ManageSharedDashboards, which you do not hold"),
            ("junior", """{"privileges":["ViewDashboard","addWidgetsWithoutLimit"]}""", "privileges[1]: you do not hold AddWidgetsWithoutLimit, so you may not grant it"),
            ("junior", """{"access":{"queues":["q1","q2"]}}""", "access.queues[1]: you may not see 'q2', so you may not grant it"),
            ("junior", """{"access":{"all":true}}""", "access.all: you do not see every object of the tenant"),
            ("alice", """{"access":{"queues":["q1"]}}""", "user alice holds access to Queue 'q2', which you do not have"),
            ("boss", """{"privileges":["ViewDashboard"]}""", "user boss holds ManageSharedDashboards, which you do not hold"),
            ("lead", """{"privileges":["ViewDashboard"]}""", "nobody may change their own access; ask another holder of ManageUsers"),
        })
        {
            var response = await PutAsync(lead, user, body);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal(expected, await response.MessageAsync());
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await PutAsync(host.Client("junior@t1"), "alice", """{"privileges":[]}""")).StatusCode);
        Assert.Equal("missing privilege ManageUsers", await (await PutAsync(host.Client("junior@t1"), "alice", """{"privileges":[]}""")).MessageAsync());

        // Narrowed by the administrator, alice is within lead's reach; removing the assignment would give her q2 again.
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(host.Client("admin@t1"), "alice", """{"access":{"queues":["q1"]}}""")).StatusCode);
        var remove = await lead.DeleteAsync("/api/wbrt/users/alice/access");
        Assert.Equal(HttpStatusCode.Forbidden, remove.StatusCode);
        Assert.Equal("the configuration gives access to Queue 'q2', which you do not have", await remove.MessageAsync());
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(lead, "alice", """{"privileges":["ViewDashboard"]}""")).StatusCode);
    }

    [Fact]
    public async Task Bad_bodies_are_400_naming_the_field_and_other_tenants_users_are_404()
    {
        await using var host = await StartAsync();
        var admin = host.Client("admin@t1");
        foreach (var (body, expected) in new[]
        {
            ("""{"privileges":["Nope"]}""", "privileges[0]: 'Nope' is not a privilege; expected one of: " + string.Join(", ", PrivilegeLadder.Names)),
            ("""{"access":{"agents":["a1","zz"]}}""", "access.agents[1]: tenant 't1' has no agent 'zz'"),
            ("""{}""", "body: set privileges, access or both (DELETE /api/wbrt/users/{id}/access restores the configuration's)"),
            ("""{"privileges":[],"role":"root"}""", "role: unknown field"),
            ("""{"access":{"queues":"q1"}}""", "access.queues: not a valid value here (wrong type or unknown name)"),
        })
        {
            var response = await PutAsync(admin, "junior", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(expected, await response.MessageAsync());
        }
        Assert.Equal(HttpStatusCode.NotFound, (await PutAsync(admin, "eve", """{"privileges":[]}""")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync("/api/wbrt/users/eve/access")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PutAsync(host.Client("eve@t2"), "junior", """{"privileges":[]}""")).StatusCode);
    }

    [Fact]
    public async Task Without_a_user_access_store_assigning_is_501_and_says_what_to_register()
    {
        await using var host = await StartAsync(withStore: false);
        var response = await PutAsync(host.Client("admin@t1"), "junior", """{"privileges":["ViewDashboard"]}""");
        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        Assert.Contains("AddPostgresMetadata", await response.MessageAsync(), StringComparison.Ordinal);
    }
}
