using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Pulse.Sdk.Permissions;

namespace Pulse.Sdk.Service.Api;

/// <summary>The user of a request: tenant and id from the token's claims, permissions from the <see cref="IPermissionEvaluator"/>.</summary>
/// <param name="Tenant">The <c>tenant</c> claim.</param>
/// <param name="User">The <c>sub</c> claim.</param>
/// <param name="Permissions">What the user may do and see.</param>
internal sealed record PulseCaller(string Tenant, string User, UserPermissions Permissions)
{
    private static readonly object Key = new();

    /// <summary>Holds at least the restricted view: may read dashboards of some kind.</summary>
    public bool CanView => Permissions.Has(PulsePrivilege.ViewDashboard) || Permissions.Has(PulsePrivilege.ViewDashboardRestricted);

    /// <summary>Sees only shared dashboards (<see cref="PulsePrivilege.ViewDashboardRestricted"/> without <see cref="PulsePrivilege.ViewDashboard"/>).</summary>
    public bool Restricted => !Permissions.Has(PulsePrivilege.ViewDashboard);

    public bool Has(PulsePrivilege privilege) => Permissions.Has(privilege);

    /// <summary>The kiosk session the request was authenticated by (docs/api.md, "Kiosk sessions"); null for a person.</summary>
    public KioskBinding? Kiosk { get; init; }

    /// <summary>The tenant and user named by <paramref name="principal"/>'s claims (<c>tenant</c> and <c>sub</c>, see <see cref="ClaimsPrincipalExtensions.GetPulseIdentity"/>); nulls when it names none.</summary>
    public static (string? Tenant, string? User) ClaimsOf(ClaimsPrincipal principal) =>
        // The same reading as GET /api/session's (one rule: authenticated, exactly one non-empty sub and tenant).
        principal.GetPulseIdentity() is { } identity ? (identity.Tenant, identity.User) : (null, null);

    /// <summary>The caller the <see cref="CallerFilter"/> resolved for this request.</summary>
    public static PulseCaller Of(HttpContext context) =>
        context.Items[Key] as PulseCaller ?? throw new InvalidOperationException("no Pulse caller: the endpoint is not in MapPulseApi's group");

    internal static void Set(HttpContext context, PulseCaller caller) => context.Items[Key] = caller;
}
