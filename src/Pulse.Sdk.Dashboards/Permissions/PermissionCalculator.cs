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
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, UserPermissions>> ComputeAll(PulseConfiguration configuration) =>
        ComputeAll(configuration, null, null);

    /// <summary>
    /// The permissions of every user of every tenant, with the access assigned in Pulse (<paramref name="assigned"/>)
    /// replacing the configuration's where set. An assignment for a user or tenant the configuration does not name is
    /// ignored; one that fails <see cref="Validate"/> (a privilege or an object that does not exist, for example after
    /// the configuration changed) gives that user nothing, so a stale assignment never widens access, and its problems
    /// go to <paramref name="rejected"/>.
    /// </summary>
    /// <param name="configuration">The configuration.</param>
    /// <param name="assigned">The assignments; none when null.</param>
    /// <param name="rejected">Receives one message per problem of an assignment not applied, naming tenant and user; may be null.</param>
    /// <exception cref="ConfigurationException">A privilege name of the configuration is unknown or a user id repeats.</exception>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, UserPermissions>> ComputeAll(PulseConfiguration configuration,
        IEnumerable<UserAccess>? assigned, ICollection<string>? rejected)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var byUser = new Dictionary<(string, string), UserAccess>();
        foreach (var a in assigned ?? []) if (a is not null) byUser[(a.Tenant, a.User)] = a;
        var result = new Dictionary<string, IReadOnlyDictionary<string, UserPermissions>>(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var tenant in configuration.Tenants ?? [])
        {
            if (tenant is null) continue;
            var users = Compute(tenant, errors, byUser, rejected);
            if (!result.TryAdd(tenant.Id, users)) errors.Add($"tenant '{tenant.Id}': duplicate tenant id");
        }
        ThrowIfAny(errors);
        return result;
    }

    /// <summary>
    /// What is wrong with an assignment for <paramref name="tenant"/>: one message per problem, naming the field
    /// (<c>privileges[1]: 'Boss' is not a privilege; ...</c>, <c>access.agents[0]: tenant 't1' has no agent 'x'</c>);
    /// empty when it may be applied.
    /// </summary>
    /// <param name="tenant">The tenant, as configured.</param>
    /// <param name="access">The assignment.</param>
    public static IReadOnlyList<string> Validate(TenantConfig tenant, UserAccess access)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(access);
        return Problems(new TenantObjects(tenant), tenant.Id, access);
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

    private Dictionary<string, UserPermissions> Compute(TenantConfig tenant, List<string> errors,
        Dictionary<(string, string), UserAccess> assigned, ICollection<string>? rejected)
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
            var permissions = assigned.TryGetValue((tenant.Id, user.Id), out var access)
                ? Assigned(tenant.Id, user, objects, access, rejected)
                : Compute(tenant.Id, user, objects, privileges);
            if (!users.TryAdd(user.Id, permissions))
                errors.Add($"tenant '{tenant.Id}' user '{user.Id}': duplicate user id");
        }
        return users;
    }

    private UserPermissions Assigned(string tenant, UserConfig user, TenantObjects objects, UserAccess access, ICollection<string>? rejected)
    {
        var problems = Problems(objects, tenant, access);
        if (problems.Count > 0)
        {
            foreach (var p in problems) rejected?.Add($"tenant '{tenant}' user '{user.Id}': access assigned in Pulse not applied (the user gets none): {p}");
            return new UserPermissions { Tenant = tenant, User = user.Id, MaxTabs = 0, MaxWidgets = 0 };
        }
        var effective = user with { Privileges = access.Privileges ?? user.Privileges, Access = access.Access ?? user.Access };
        List<string>? ignored = null;
        return Compute(tenant, effective, objects, PrivilegeLadder.Read(effective, "", ref ignored));
    }

    private static List<string> Problems(TenantObjects objects, string tenant, UserAccess access)
    {
        var errors = new List<string>();
        var names = access.Privileges ?? [];
        for (var i = 0; i < names.Count; i++)
            if (!PrivilegeLadder.TryParse(names[i], out _))
                errors.Add($"privileges[{i}]: '{names[i]}' is not a privilege; expected one of: {string.Join(", ", PrivilegeLadder.Names)}");
        if (access.Access is { } a)
            foreach (var named in objects.Named(a))
                if (named.Type is null) errors.Add($"access.{named.Field}: tenant '{tenant}' has no {named.Noun} '{named.Id}'");
        return errors;
    }

    /// <summary>
    /// The objects of <paramref name="tenant"/> that <paramref name="access"/>'s lists name, each with the field that
    /// names it (<c>queues[1]</c>) and its type as configured (a queue id is a <see cref="ObjectType.Queue"/> or a
    /// <see cref="ObjectType.VirtualQueue"/>); ids that name no object of the tenant are left out (see <see cref="Validate"/>).
    /// </summary>
    /// <param name="tenant">The tenant, as configured.</param>
    /// <param name="access">The access lists (<see cref="ObjectAccess.All"/> is not looked at).</param>
    public static IEnumerable<(string Field, ObjectType Type, string Id)> ObjectsNamedBy(TenantConfig tenant, ObjectAccess access)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(access);
        foreach (var named in new TenantObjects(tenant).Named(access))
            if (named.Type is { } type) yield return (named.Field, type, named.Id!);
    }

    private UserPermissions Compute(string tenant, UserConfig user, TenantObjects objects, IReadOnlySet<PulsePrivilege> privileges)
    {
        var access = user.Access ?? new ObjectAccess();
        var visible = new HashSet<(ObjectType, string)>();
        if (!access.All)
            foreach (var named in objects.Named(access))
                if (named.Type is { } type) visible.Add((type, named.Id!));
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

        /// <summary>
        /// Every id the lists of <paramref name="access"/> name, with the field (<c>agents[0]</c>), the kind's noun for
        /// messages and the type of the object it names in this tenant (null: none). The one table of the six lists.
        /// </summary>
        public IEnumerable<(string Field, string Noun, string? Id, ObjectType? Type)> Named(ObjectAccess access)
        {
            (string Field, string Noun, IReadOnlyList<string>? Ids, Func<string, ObjectType?> TypeOf)[] kinds =
            [
                ("agents", "agent", access.Agents, id => Agents.Contains(id) ? ObjectType.Agent : null),
                ("agentGroups", "agent group", access.AgentGroups, id => AgentGroups.Contains(id) ? ObjectType.GroupAgents : null),
                ("queues", "queue or virtual queue", access.Queues, id => Queues.TryGetValue(id, out var t) ? t : null),
                ("queueGroups", "queue group", access.QueueGroups, id => QueueGroups.Contains(id) ? ObjectType.GroupQueues : null),
                ("routePoints", "route point", access.RoutePoints, id => RoutePoints.Contains(id) ? ObjectType.RoutePoint : null),
                ("interactionQueues", "interaction queue", access.InteractionQueues, id => InteractionQueues.Contains(id) ? ObjectType.StagingArea : null),
            ];
            foreach (var (field, noun, ids, typeOf) in kinds)
                for (var i = 0; i < (ids?.Count ?? 0); i++)
                    yield return ($"{field}[{i}]", noun, ids![i], ids[i] is null ? null : typeOf(ids[i]));
        }

        private static HashSet<string> Ids<T>(IReadOnlyList<T>? items, Func<T, string?> id) where T : class
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in items ?? []) if (item is not null && id(item) is { } value) set.Add(value);
            return set;
        }
    }
}
