using Pulse.Sdk.Configuration;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Permissions;

/// <summary>
/// Computes what each user may do and see from the configuration: the privileges (the ladder expanded by
/// <see cref="PrivilegeLadder"/>), the objects of the tenant whose values the user may receive, and the caps of
/// <see cref="PermissionOptions"/>. Pure and thread-safe; the permissions role runs it at start and on every
/// configuration change.
/// </summary>
/// <remarks>
/// Access by kind (<see cref="ObjectAccess"/>): <c>agents</c> gives <see cref="ObjectType.Agent"/>;
/// <c>agentGroups</c> gives <see cref="ObjectType.GroupAgents"/>, the group's own statistics, <b>not</b> its
/// member agents' (a supervisor may follow a team's totals without seeing each person); <c>queues</c> gives
/// <see cref="ObjectType.Queue"/> or <see cref="ObjectType.VirtualQueue"/>, whichever list the id is configured
/// in; <c>queueGroups</c> gives <see cref="ObjectType.GroupQueues"/>, likewise <b>not</b> its member queues;
/// <c>routePoints</c> gives <see cref="ObjectType.RoutePoint"/>; <c>interactionQueues</c> gives
/// <see cref="ObjectType.StagingArea"/>. An id that names no configured object grants nothing. Only
/// <c>all: true</c> gives the tenant-wide <see cref="ObjectType.Tenant"/> object, together with every other
/// object (<see cref="UserPermissions.AllObjects"/>, with an empty <see cref="UserPermissions.Objects"/>).
/// A user holding <see cref="PulsePrivilege.AddDashboardsWithoutLimit"/> (or
/// <see cref="PulsePrivilege.AddWidgetsWithoutLimit"/>) gets <see cref="int.MaxValue"/> as that cap.
/// </remarks>
public sealed class PermissionCalculator
{
    /// <summary>A calculator with the caps of <paramref name="options"/> (copied now).</summary>
    /// <param name="options">The caps; the defaults of <see cref="PermissionOptions"/> when null.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists what to change.</exception>
    public PermissionCalculator(PermissionOptions? options = null)
    {
        options ??= new PermissionOptions();
        options.ThrowIfInvalid();
        MaxTabsPerUser = options.MaxTabsPerUser;
        MaxWidgetsPerUser = options.MaxWidgetsPerUser;
    }

    /// <summary><c>max_tabs_per_user</c>.</summary>
    public int MaxTabsPerUser { get; }

    /// <summary><c>max_widgets_per_user</c>.</summary>
    public int MaxWidgetsPerUser { get; }

    /// <summary>The permissions of every user of every tenant: tenant id → user id → permissions.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <exception cref="ConfigurationException">A privilege name is unknown or a user id repeats; the message lists every such problem, naming tenant and user.</exception>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, UserPermissions>> ComputeAll(PulseConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var result = new Dictionary<string, IReadOnlyDictionary<string, UserPermissions>>(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var tenant in configuration.Tenants ?? [])
        {
            if (tenant is null) continue;
            var users = Compute(tenant, errors);
            if (!result.TryAdd(tenant.Id, users)) errors.Add($"tenant '{tenant.Id}': duplicate tenant id");
        }
        ThrowIfAny(errors);
        return result;
    }

    /// <summary>The permissions of one user of <paramref name="tenant"/>.</summary>
    /// <param name="tenant">The user's tenant.</param>
    /// <param name="user">The user.</param>
    /// <exception cref="ConfigurationException">A privilege name is unknown; the message names the tenant, the user and the name.</exception>
    public UserPermissions Compute(TenantConfig tenant, UserConfig user)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(user);
        return Compute(tenant.Id, user, new TenantObjects(tenant), PrivilegeLadder.Parse(tenant.Id, user));
    }

    private Dictionary<string, UserPermissions> Compute(TenantConfig tenant, List<string> errors)
    {
        var objects = new TenantObjects(tenant);
        var users = new Dictionary<string, UserPermissions>(StringComparer.Ordinal);
        var where = $"tenant '{tenant.Id}'";
        foreach (var user in tenant.Users ?? [])
        {
            if (user is null) continue;
            List<string>? problems = null;
            var privileges = PrivilegeLadder.Read(user, where, ref problems);
            if (problems is not null)
            {
                errors.AddRange(problems);
                continue;
            }
            if (!users.TryAdd(user.Id, Compute(tenant.Id, user, objects, privileges)))
                errors.Add($"tenant '{tenant.Id}' user '{user.Id}': duplicate user id");
        }
        return users;
    }

    private UserPermissions Compute(string tenant, UserConfig user, TenantObjects objects, IReadOnlySet<PulsePrivilege> privileges)
    {
        var access = user.Access ?? new ObjectAccess();
        var visible = new HashSet<(ObjectType, string)>();
        if (!access.All)
        {
            Grant(visible, access.Agents, objects.Agents, ObjectType.Agent);
            Grant(visible, access.AgentGroups, objects.AgentGroups, ObjectType.GroupAgents);
            Grant(visible, access.QueueGroups, objects.QueueGroups, ObjectType.GroupQueues);
            Grant(visible, access.RoutePoints, objects.RoutePoints, ObjectType.RoutePoint);
            Grant(visible, access.InteractionQueues, objects.InteractionQueues, ObjectType.StagingArea);
            foreach (var id in access.Queues ?? [])
                if (id is not null && objects.Queues.TryGetValue(id, out var type)) visible.Add((type, id));
        }
        return new UserPermissions
        {
            Tenant = tenant,
            User = user.Id,
            Privileges = privileges,
            AllObjects = access.All,
            Objects = visible,
            MaxTabs = privileges.Contains(PulsePrivilege.AddDashboardsWithoutLimit) ? int.MaxValue : MaxTabsPerUser,
            MaxWidgets = privileges.Contains(PulsePrivilege.AddWidgetsWithoutLimit) ? int.MaxValue : MaxWidgetsPerUser,
        };
    }

    private static void Grant(HashSet<(ObjectType, string)> visible, IReadOnlyList<string>? ids, HashSet<string> configured, ObjectType type)
    {
        foreach (var id in ids ?? [])
            if (id is not null && configured.Contains(id)) visible.Add((type, id));
    }

    private static void ThrowIfAny(List<string> errors)
    {
        if (errors.Count > 0) throw new ConfigurationException("cannot compute permissions:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", errors));
    }

    /// <summary>The configured ids of a tenant by kind; queues and virtual queues share one id space.</summary>
    private sealed class TenantObjects
    {
        public TenantObjects(TenantConfig tenant)
        {
            Agents = Ids(tenant.Agents, a => a.Id);
            AgentGroups = Ids(tenant.AgentGroups, g => g.Id);
            QueueGroups = Ids(tenant.QueueGroups, g => g.Id);
            RoutePoints = Ids(tenant.RoutePoints, r => r.Id);
            InteractionQueues = Ids(tenant.InteractionQueues, q => q.Id);
            foreach (var q in tenant.Queues ?? []) if (q?.Id is not null) Queues.TryAdd(q.Id, ObjectType.Queue);
            foreach (var q in tenant.VirtualQueues ?? []) if (q?.Id is not null) Queues.TryAdd(q.Id, ObjectType.VirtualQueue);
        }

        public HashSet<string> Agents { get; }
        public HashSet<string> AgentGroups { get; }
        public HashSet<string> QueueGroups { get; }
        public HashSet<string> RoutePoints { get; }
        public HashSet<string> InteractionQueues { get; }
        public Dictionary<string, ObjectType> Queues { get; } = new(StringComparer.Ordinal);

        private static HashSet<string> Ids<T>(IReadOnlyList<T>? items, Func<T, string?> id) where T : class
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in items ?? []) if (item is not null && id(item) is { } value) set.Add(value);
            return set;
        }
    }
}
