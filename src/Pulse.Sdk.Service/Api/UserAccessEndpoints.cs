using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Service.Api.Contracts;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Service.Api;

/// <summary>
/// <c>PUT</c> and <c>DELETE /api/wbrt/users/{id}/access</c>: a holder of ManageUsers assigns a user of the same tenant
/// privileges and object access in Pulse (the <see cref="IUserAccessStore"/>), or removes the assignment. Nobody grants
/// more than they hold nor changes a user who holds more (docs/api.md, "Who may do what").
/// </summary>
internal static class UserAccessEndpoints
{
    public static void Map(RouteGroupBuilder wbrt)
    {
        wbrt.MapPut("/users/{id}/access", AssignAsync).WithMetadata(new JsonRequestBody(typeof(UserAccessBody))).Produces<UserAccessBody>().WithName("AssignUserAccess");
        wbrt.MapDelete("/users/{id}/access", RemoveAsync).Produces(204).WithName("RemoveUserAccess");
    }

    private static async Task<IResult> AssignAsync(HttpContext http, string id, IPulseConfigurationProvider configuration, IPermissionEvaluator evaluator,
        IOptions<PulseServiceOptions> options, ILoggerFactory loggers)
    {
        var caller = PulseCaller.Of(http);
        var (target, tenant, refused) = await TargetAsync(http, caller, id, configuration, evaluator).ConfigureAwait(false);
        if (refused is not null) return refused;
        var (body, error) = await JsonBody.ReadAsync<UserAccessBody>(http.Request, options.Value.MaxBodyBytes).ConfigureAwait(false);
        if (body is null) return error!;
        if (body.Privileges is null && body.Access is null)
            return ApiResults.BadRequest("body: set privileges, access or both (DELETE /api/wbrt/users/{id}/access restores the configuration's)");
        var access = new UserAccess
        {
            Tenant = caller.Tenant, User = target!.User, Privileges = body.Privileges, Access = body.Access,
            ChangedBy = caller.User, ChangedAt = (http.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow(),
        };
        var problems = PermissionCalculator.Validate(tenant!, access);
        if (problems.Count > 0) return ApiResults.BadRequest(string.Join("; ", problems));
        if (Exceeds(caller, tenant!, access) is { } beyond) return ApiResults.Error(StatusCodes.Status403Forbidden, beyond);
        if (Store(http) is not { } store) return NoStore();
        var saved = await store.SaveAsync(access, http.RequestAborted).ConfigureAwait(false);
        var logger = loggers.CreateLogger(ServiceLog.UserAccessCategory);
        ServiceLog.AccessAssigned(logger, saved.User, saved.Tenant, caller.User, saved.Version);
        return ApiResults.Ok(UserAccessBody.From(saved));
    }

    private static async Task<IResult> RemoveAsync(HttpContext http, string id, IPulseConfigurationProvider configuration, IPermissionEvaluator evaluator,
        IOptions<Permissions.PermissionOptions> permissionOptions, ILoggerFactory loggers)
    {
        var caller = PulseCaller.Of(http);
        var (target, tenant, refused) = await TargetAsync(http, caller, id, configuration, evaluator).ConfigureAwait(false);
        if (refused is not null) return refused;
        // Removing restores the configuration's access, which must not exceed the caller's either.
        var configured = tenant!.Users.First(u => u.Id == target!.User);
        if (Exceeds(caller, new PermissionCalculator(permissionOptions.Value).Compute(tenant, configured), "the configuration gives") is { } beyond)
            return ApiResults.Error(StatusCodes.Status403Forbidden, beyond);
        if (Store(http) is not { } store) return NoStore();
        // Idempotent: removing what is not there leaves the user where the caller wants them, on the configuration's access.
        if (!await store.RemoveAsync(caller.Tenant, target!.User, http.RequestAborted).ConfigureAwait(false)) return Results.NoContent();
        var logger = loggers.CreateLogger(ServiceLog.UserAccessCategory);
        ServiceLog.AccessRemoved(logger, target.User, caller.Tenant, caller.User);
        return Results.NoContent();
    }

    /// <summary>The user to change, refused unless the caller holds ManageUsers, is not that user, and holds all the user holds now.</summary>
    private static async Task<(UserPermissions? Target, TenantConfig? Tenant, IResult? Refused)> TargetAsync(HttpContext http, PulseCaller caller, string id,
        IPulseConfigurationProvider configuration, IPermissionEvaluator evaluator)
    {
        if (!caller.Has(PulsePrivilege.ManageUsers)) return (null, null, ApiResults.Forbidden(PulsePrivilege.ManageUsers));
        if (id == caller.User) return (null, null, ApiResults.Error(StatusCodes.Status403Forbidden, "nobody may change their own access; ask another holder of ManageUsers"));
        var tenant = configuration.Current.Tenants.FirstOrDefault(t => t.Id == caller.Tenant);
        if (tenant?.Users.FirstOrDefault(u => u.Id == id) is null)
            return (null, null, ApiResults.Error(StatusCodes.Status404NotFound, $"no user {RequestValues.Shorten(id)}"));
        var current = await evaluator.GetAsync(caller.Tenant, id, http.RequestAborted).ConfigureAwait(false)
            ?? new UserPermissions { Tenant = caller.Tenant, User = id };
        if (Exceeds(caller, current, $"user {id} holds") is { } beyond) return (null, null, ApiResults.Error(StatusCodes.Status403Forbidden, beyond));
        return (current, tenant, null);
    }

    /// <summary>Why <paramref name="access"/> grants more than the caller holds; null when it does not.</summary>
    private static string? Exceeds(PulseCaller caller, TenantConfig tenant, UserAccess access)
    {
        var names = access.Privileges ?? [];
        for (var i = 0; i < names.Count; i++)
        {
            // Validated before; an unknown name is refused rather than read as the default privilege.
            if (!PrivilegeLadder.TryParse(names[i], out var p)) return $"privileges[{i}]: '{names[i]}' is not a privilege";
            foreach (var implied in PrivilegeLadder.Expand([p]).Order())
                if (!caller.Has(implied))
                    return implied == p
                        ? $"privileges[{i}]: you do not hold {p}, so you may not grant it"
                        : $"privileges[{i}]: {p} includes {implied}, which you do not hold";
        }
        if (access.Access is not { } a) return null;
        if (a.All && !caller.Permissions.AllObjects) return "access.all: you do not see every object of the tenant";
        // Validated before: every id names an object of the tenant.
        foreach (var (field, type, id) in PermissionCalculator.ObjectsNamedBy(tenant, a))
            if (!caller.Permissions.CanSee(new ObjectRef(caller.Tenant, type, id)))
                return $"access.{field}: you may not see '{id}', so you may not grant it";
        return null;
    }

    /// <summary>Why <paramref name="other"/> holds more than the caller; null when it does not.</summary>
    private static string? Exceeds(PulseCaller caller, UserPermissions other, string who)
    {
        foreach (var p in other.Privileges.Order())
            if (!caller.Has(p)) return $"{who} {p}, which you do not hold";
        if (other.AllObjects && !caller.Permissions.AllObjects) return $"{who} access to every object of the tenant, which you do not have";
        foreach (var (type, objectId) in other.Objects.Order())
            if (!caller.Permissions.CanSee(new ObjectRef(caller.Tenant, type, objectId))) return $"{who} access to {type} '{objectId}', which you do not have";
        return null;
    }

    private static IUserAccessStore? Store(HttpContext http) => http.RequestServices.GetService<IUserAccessStore>();

    private static IResult NoStore() => ApiResults.Error(StatusCodes.Status501NotImplemented,
        "access is only assigned in the configuration here: the service has no user access store (AddPostgresMetadata registers one)");
}
