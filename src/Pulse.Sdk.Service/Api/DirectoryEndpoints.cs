using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Service.Api.Contracts;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Service.Api;

/// <summary>
/// What the configuration says about the caller's tenant: <c>/api/wbrt/users</c> (others only with ManageUsers; with the
/// privileges and objects in effect and the access assigned in Pulse) and
/// <c>/api/wbrt/objects</c> (only the objects the caller may see). <c>GET /api/session</c> is the authentication
/// package's (<c>MapPulseSession</c>).
/// </summary>
internal static class DirectoryEndpoints
{
    public static void Map(RouteGroupBuilder wbrt)
    {
        wbrt.MapGet("/users", ListUsersAsync).Produces<ListBody>().WithName("ListUsers");
        wbrt.MapGet("/users/{id}", GetUserAsync).Produces<UserBody>().WithName("GetUser");
        wbrt.MapGet("/objects", ListObjectsAsync).Produces<ListBody>().WithName("ListObjects");
    }

    private static List<string> Names(UserPermissions p) => [.. p.Privileges.Order().Select(x => x.ToString())];

    private static TenantConfig? Tenant(IPulseConfigurationProvider configuration, string tenant) =>
        configuration.Current.Tenants.FirstOrDefault(t => t.Id == tenant);

    private static async Task<UserBody> UserAsync(UserConfig user, PulseCaller caller, IPermissionEvaluator evaluator, UserAccess? assigned,
        CancellationToken cancellationToken)
    {
        var p = user.Id == caller.User ? caller.Permissions : await evaluator.GetAsync(caller.Tenant, user.Id, cancellationToken).ConfigureAwait(false);
        if (p is null || p.Tenant != caller.Tenant) p = new UserPermissions { Tenant = caller.Tenant, User = user.Id };
        return new UserBody(user.Id, user.Name, Names(p), AccessOf(p), assigned is null ? null : UserAccessBody.From(assigned));
    }

    /// <summary>The objects in effect, in the shape of the configuration's <c>access</c>.</summary>
    private static ObjectAccess AccessOf(UserPermissions p)
    {
        List<string> Of(params ObjectType[] types) => [.. p.Objects.Where(o => types.Contains(o.Type)).Select(o => o.Id).Order(StringComparer.Ordinal)];
        return p.AllObjects ? new ObjectAccess { All = true } : new ObjectAccess
        {
            Agents = Of(ObjectType.Agent), AgentGroups = Of(ObjectType.GroupAgents), Queues = Of(ObjectType.Queue, ObjectType.VirtualQueue),
            QueueGroups = Of(ObjectType.GroupQueues), RoutePoints = Of(ObjectType.RoutePoint), InteractionQueues = Of(ObjectType.StagingArea),
        };
    }

    private static async Task<IResult> ListUsersAsync(HttpContext http, IPulseConfigurationProvider configuration, IPermissionEvaluator evaluator, IMetadataStore store)
    {
        var caller = PulseCaller.Of(http);
        var users = Tenant(configuration, caller.Tenant)?.Users ?? [];
        var assigned = http.RequestServices.GetService<IUserAccessStore>() is { } access
            ? (await access.GetAllAsync(http.RequestAborted).ConfigureAwait(false)).Where(a => a.Tenant == caller.Tenant).ToDictionary(a => a.User, StringComparer.Ordinal)
            : [];
        var items = new List<object>();
        foreach (var u in users.OrderBy(u => u.Id, StringComparer.Ordinal))
            if (u.Id == caller.User || caller.Has(PulsePrivilege.ManageUsers))
                items.Add(await UserAsync(u, caller, evaluator, assigned.GetValueOrDefault(u.Id), http.RequestAborted).ConfigureAwait(false));
        var uscn = await store.GetUscnAsync(caller.Tenant, http.RequestAborted).ConfigureAwait(false);
        return ApiResults.Ok(new ListBody(uscn, items));
    }

    private static async Task<IResult> GetUserAsync(HttpContext http, string id, IPulseConfigurationProvider configuration, IPermissionEvaluator evaluator)
    {
        var caller = PulseCaller.Of(http);
        if (id != caller.User && !caller.Has(PulsePrivilege.ManageUsers)) return ApiResults.Forbidden(PulsePrivilege.ManageUsers);
        var user = Tenant(configuration, caller.Tenant)?.Users.FirstOrDefault(u => u.Id == id);
        if (user is null) return ApiResults.Error(StatusCodes.Status404NotFound, $"no user {RequestValues.Shorten(id)}");
        var assigned = http.RequestServices.GetService<IUserAccessStore>() is { } access
            ? await access.GetAsync(caller.Tenant, user.Id, http.RequestAborted).ConfigureAwait(false)
            : null;
        return ApiResults.Ok(await UserAsync(user, caller, evaluator, assigned, http.RequestAborted).ConfigureAwait(false));
    }

    private static IResult ListObjectsAsync(HttpContext http, IPulseConfigurationProvider configuration)
    {
        var caller = PulseCaller.Of(http);
        if (!caller.CanView) return ApiResults.Forbidden(PulsePrivilege.ViewDashboard);
        if (!RequestValues.TryObjectType(http.Request, out var only, out var bad)) return bad!;
        var items = new List<object>();
        if (Tenant(configuration, caller.Tenant) is { } tenant)
            foreach (var (type, id, name) in Objects(tenant))
                if ((only is null || only == type) && caller.Permissions.CanSee(new ObjectRef(caller.Tenant, type, id)))
                    items.Add(new ObjectInfoBody(type, id, name));
        return ApiResults.Ok(new ListBody(0, items));
    }

    internal static IEnumerable<(ObjectType Type, string Id, string? Name)> Objects(TenantConfig t)
    {
        yield return (ObjectType.Tenant, t.Id, t.Id);
        foreach (var x in t.Agents) yield return (ObjectType.Agent, x.Id, x.Name);
        foreach (var x in t.AgentGroups) yield return (ObjectType.GroupAgents, x.Id, x.Name);
        foreach (var x in t.Queues) yield return (ObjectType.Queue, x.Id, x.Name);
        foreach (var x in t.VirtualQueues) yield return (ObjectType.VirtualQueue, x.Id, x.Name);
        foreach (var x in t.RoutePoints) yield return (ObjectType.RoutePoint, x.Id, x.Name);
        foreach (var x in t.QueueGroups) yield return (ObjectType.GroupQueues, x.Id, x.Name);
        foreach (var x in t.InteractionQueues) yield return (ObjectType.StagingArea, x.Id, x.Name);
    }
}
