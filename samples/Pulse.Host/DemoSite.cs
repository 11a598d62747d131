using Pulse.Sdk.Authentication;
using Pulse.Sdk.Authentication.Issuing;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Statistics;

namespace Pulse.Host;

/// <summary>
/// The demo logins and dashboards of the host's wallboard (docs/host.md): two users added to the first tenant of
/// the configuration, the out-of-the-box templates, and a dashboard per user built from them.
/// </summary>
internal static class DemoSite
{
    /// <summary>The password of every demo user. A demo: it is printed in the docs and on start.</summary>
    public const string Password = "pulse";

    /// <summary>Manages templates and users, sees everything, no caps.</summary>
    public const string Supervisor = "supervisor";

    /// <summary>Manages widgets, sees only the first queue and the first agent group.</summary>
    public const string TeamLead = "teamlead";

    /// <summary>The configuration with the demo users added to its first tenant (an existing user of the same id is kept).</summary>
    public static PulseConfiguration WithUsers(PulseConfiguration configuration)
    {
        var tenant = configuration.Tenants[0];
        UserConfig[] demo =
        [
            new()
            {
                Id = Supervisor, Name = "Supervisor",
                Privileges = ["ManageTemplates", "ManageUsers", "AddDashboardsWithoutLimit", "AddWidgetsWithoutLimit"],
                Access = new ObjectAccess { All = true },
            },
            new()
            {
                Id = TeamLead, Name = "Team lead",
                Privileges = ["ManageWidgets"],
                Access = new ObjectAccess
                {
                    Queues = tenant.Queues.Take(1).Select(q => q.Id).ToArray(),
                    AgentGroups = tenant.AgentGroups.Take(1).Select(g => g.Id).ToArray(),
                },
            },
        ];
        var users = tenant.Users.Concat(demo.Where(d => tenant.Users.All(u => u.Id != d.Id))).ToArray();
        return configuration with { Tenants = [tenant with { Users = users }, .. configuration.Tenants.Skip(1)] };
    }

    /// <summary>Login accounts for every user of the first tenant, all with <see cref="Password"/>.</summary>
    public static IEnumerable<AuthUser> Logins(PulseConfiguration configuration)
    {
        var tenant = configuration.Tenants[0];
        // Few iterations: the password is public, and the host should start at once.
        var hash = PasswordHasher.Hash(Password, 10_000);
        return tenant.Users.Select(u => new AuthUser { UserName = u.Id, Tenant = tenant.Id, PasswordHash = hash });
    }

    /// <summary>
    /// Installs the out-of-the-box templates and gives every user of the first tenant who has no dashboard yet a dashboard
    /// of the objects they may see (so running it again changes nothing).
    /// </summary>
    /// <returns>The users who were given a dashboard.</returns>
    public static async Task<IReadOnlyList<string>> SeedAsync(IMetadataStore store, PulseConfiguration configuration)
    {
        var seeded = new List<string>();
        var tenant = configuration.Tenants[0];
        var templates = StandardTemplates.For(tenant.Id);
        foreach (var t in templates) await store.SaveTemplateAsync(t).ConfigureAwait(false);
        WidgetTemplate Template(ObjectType type) => templates.First(t => t.ObjectType == type);

        foreach (var user in tenant.Users)
        {
            if ((await store.GetTabsAsync(tenant.Id, user.Id).ConfigureAwait(false)).Any(t => t.Owner == user.Id)) continue;
            seeded.Add(user.Id);
            var a = user.Access;
            var queues = a.All ? tenant.Queues.Select(q => q.Id) : a.Queues.Where(id => tenant.Queues.Any(q => q.Id == id));
            var groups = a.All ? tenant.AgentGroups.Select(g => g.Id) : a.AgentGroups;
            var widgets = new List<Layout>();
            if (a.All)
                widgets.Add(Widget(tenant.Id, user.Id, Template(ObjectType.Tenant), "Contact center", [new(ObjectType.Tenant, tenant.Id)],
                    new Dictionary<string, string> { ["aliases"] = "Waiting,LongestWait,Entered,Answered,Abandoned,ServiceLevel2,AgentsReady,AgentsTalking" }));
            if (queues.Any())
                widgets.Add(Widget(tenant.Id, user.Id, Template(ObjectType.Queue), "Queues",
                    [.. queues.Select(id => new LayoutObject(ObjectType.Queue, id))],
                    new Dictionary<string, string>
                    {
                        // Colours a wallboard reader expects: calls waiting turn amber at 3 and red at 6.
                        ["threshold.Waiting.warning"] = "3",
                        ["threshold.Waiting.critical"] = "6",
                        ["chart.alias"] = "Waiting",
                        // The columns a wall screen has room for; the template holds the rest.
                        ["aliases"] = "Waiting,LongestWait,Answered,Abandoned,ServiceLevel1,ASA",
                    }));
            if (groups.Any())
                widgets.Add(Widget(tenant.Id, user.Id, Template(ObjectType.GroupAgents), "Agent groups",
                    [.. groups.Select(id => new LayoutObject(ObjectType.GroupAgents, id))],
                    new Dictionary<string, string> { ["aliases"] = "AgentsReady,AgentsNotReady,AgentsTalking,Handled,Occupancy" }));
            foreach (var w in widgets) await store.SaveLayoutAsync(w).ConfigureAwait(false);
            await store.SaveTabAsync(new Tab
            {
                Id = SeededId(tenant.Id, user.Id, "tab", "Contact center"), Tenant = tenant.Id, Owner = user.Id, Name = "Contact center", LayoutIds = [.. widgets.Select(w => w.Id)],
            }).ConfigureAwait(false);
        }
        return seeded;
    }

    private static Layout Widget(string tenant, string owner, WidgetTemplate template, string name, LayoutObject[] objects, Dictionary<string, string> options) => new()
    {
        Id = SeededId(tenant, owner, "widget", name), Tenant = tenant, Owner = owner, TemplateId = template.Id, Name = name, Objects = objects, Options = options,
    };

    /// <summary>
    /// The id of a seeded tab or widget, the same at every start (a wall screen restarted with the in-memory store finds
    /// its dashboard under the same address): derived from tenant, owner, kind and name, as the templates' ids are.
    /// </summary>
    internal static Guid SeededId(string tenant, string owner, string kind, string name) =>
        StandardTemplates.IdFor(tenant, $"demo {kind}\n{owner}\n{name}");
}
