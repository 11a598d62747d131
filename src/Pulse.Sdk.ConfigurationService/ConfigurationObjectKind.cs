using System.Text.Json;
using Pulse.Sdk.Configuration;

namespace Pulse.Sdk.ConfigurationService;

/// <summary>
/// A kind of object a tenant holds (agents, agent groups, queues ...), as the object paths of the API name it
/// (<c>/config/v1/tenants/{tenant}/{kind}/{id}</c>): how to find, put and delete one object of it in a tenant. A deleted
/// object is also taken out of what names it (agent group members, queue group members, users' access), so that a delete
/// is one change that leaves a valid configuration.
/// </summary>
internal abstract class ConfigurationObjectKind
{
    /// <summary>Every kind, by its path segment.</summary>
    public static IReadOnlyDictionary<string, ConfigurationObjectKind> All { get; } = new ConfigurationObjectKind[]
    {
        new Kind<AgentConfig>("agents", "agent", t => t.Agents, (t, l) => t with { Agents = l }, a => a.Id,
            (t, id) => t with
            {
                AgentGroups = [.. t.AgentGroups.Select(g => g.Agents.Contains(id) ? g with { Agents = Without(g.Agents, id) } : g)],
                Users = Access(t, id, a => a.Agents, (a, l) => a with { Agents = l }),
            }),
        new Kind<AgentGroupConfig>("agentGroups", "agent group", t => t.AgentGroups, (t, l) => t with { AgentGroups = l }, g => g.Id,
            (t, id) => t with { Users = Access(t, id, a => a.AgentGroups, (a, l) => a with { AgentGroups = l }) }),
        new Kind<QueueConfig>("queues", "queue", t => t.Queues, (t, l) => t with { Queues = l }, q => q.Id, WithoutQueue),
        new Kind<QueueConfig>("virtualQueues", "virtual queue", t => t.VirtualQueues, (t, l) => t with { VirtualQueues = l }, q => q.Id, WithoutQueue),
        new Kind<QueueGroupConfig>("queueGroups", "queue group", t => t.QueueGroups, (t, l) => t with { QueueGroups = l }, g => g.Id,
            (t, id) => t with { Users = Access(t, id, a => a.QueueGroups, (a, l) => a with { QueueGroups = l }) }),
        new Kind<RoutePointConfig>("routePoints", "route point", t => t.RoutePoints, (t, l) => t with { RoutePoints = l }, r => r.Id,
            (t, id) => t with { Users = Access(t, id, a => a.RoutePoints, (a, l) => a with { RoutePoints = l }) }),
        new Kind<InteractionQueueConfig>("interactionQueues", "interaction queue", t => t.InteractionQueues, (t, l) => t with { InteractionQueues = l }, q => q.Id,
            (t, id) => t with { Users = Access(t, id, a => a.InteractionQueues, (a, l) => a with { InteractionQueues = l }) }),
        new Kind<UserConfig>("users", "user", t => t.Users, (t, l) => t with { Users = l }, u => u.Id, null),
    }.ToDictionary(k => k.Path, StringComparer.Ordinal);

    /// <summary>The path segment, as the file format names the list (<c>agents</c>).</summary>
    public abstract string Path { get; }

    /// <summary>The kind in messages (<c>agent</c>).</summary>
    public abstract string Name { get; }

    /// <summary>The object <paramref name="id"/> of <paramref name="tenant"/> in the file format (indented), or null when there is none.</summary>
    public abstract string? Find(TenantConfig tenant, string id);

    /// <summary>
    /// The tenant with the object parsed from <paramref name="body"/> in place of <paramref name="id"/> (added at the end when new).
    /// </summary>
    /// <exception cref="ConfigurationException">The body is not an object of the kind, or its id is not <paramref name="id"/>.</exception>
    public abstract TenantConfig Put(TenantConfig tenant, string id, string body, string origin, out bool created);

    /// <summary>The tenant without the object <paramref name="id"/> nor the references to it; null when there is no such object.</summary>
    public abstract TenantConfig? Delete(TenantConfig tenant, string id);

    private static IReadOnlyList<string> Without(IReadOnlyList<string> ids, string id) => [.. ids.Where(i => i != id)];

    private static TenantConfig WithoutQueue(TenantConfig t, string id) => t with
    {
        QueueGroups = [.. t.QueueGroups.Select(g => g.Queues.Contains(id) ? g with { Queues = Without(g.Queues, id) } : g)],
        Users = Access(t, id, a => a.Queues, (a, l) => a with { Queues = l }),
    };

    private static IReadOnlyList<UserConfig> Access(TenantConfig t, string id, Func<ObjectAccess, IReadOnlyList<string>> list,
        Func<ObjectAccess, IReadOnlyList<string>, ObjectAccess> with) =>
        [.. t.Users.Select(u => list(u.Access).Contains(id) ? u with { Access = with(u.Access, Without(list(u.Access), id)) } : u)];

    private sealed class Kind<T>(string path, string name, Func<TenantConfig, IReadOnlyList<T>> list, Func<TenantConfig, IReadOnlyList<T>, TenantConfig> with,
        Func<T, string> idOf, Func<TenantConfig, string, TenantConfig>? dereference) : ConfigurationObjectKind where T : class
    {
        private static readonly JsonSerializerOptions Indented = new(ConfigurationJson.Options) { WriteIndented = true };

        public override string Path => path;

        public override string Name => name;

        public override string? Find(TenantConfig tenant, string id) =>
            list(tenant).FirstOrDefault(o => idOf(o) == id) is { } found ? JsonSerializer.Serialize(found, Indented) : null;

        public override TenantConfig Put(TenantConfig tenant, string id, string body, string origin, out bool created)
        {
            var item = ConfigurationJson.ParseObject<T>(body, origin);
            if (idOf(item) != id)
                throw new ConfigurationException($"{origin}: $.id: '{idOf(item)}' is not the {name} of the path ('{id}'); give the same id in both");
            var items = list(tenant).ToList();
            var index = items.FindIndex(o => idOf(o) == id);
            created = index < 0;
            if (created) items.Add(item);
            else items[index] = item;
            return with(tenant, items);
        }

        public override TenantConfig? Delete(TenantConfig tenant, string id)
        {
            var items = list(tenant);
            if (!items.Any(o => idOf(o) == id)) return null;
            var result = with(tenant, [.. items.Where(o => idOf(o) != id)]);
            return dereference is null ? result : dereference(result, id);
        }
    }
}
