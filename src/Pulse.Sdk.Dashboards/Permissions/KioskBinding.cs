using System.Security.Claims;

namespace Pulse.Sdk.Permissions;

/// <summary>
/// What a request authenticated by a kiosk credential is bound to (docs/api.md, "Kiosk sessions"): the session, its one tab,
/// and its name, read from the principal's claims (<see cref="PulseClaimTypes.Kiosk"/>, <see cref="PulseClaimTypes.KioskTab"/>,
/// <see cref="PulseClaimTypes.KioskName"/>). The principal's <c>sub</c> is the session's creator, whose permissions bound it.
/// </summary>
/// <param name="Id">The kiosk session id.</param>
/// <param name="TabId">The one tab it may show.</param>
/// <param name="Name">Its name.</param>
public sealed record KioskBinding(Guid Id, Guid TabId, string Name)
{
    /// <summary>The privileges a kiosk may hold: the view privileges, and only those of its creator.</summary>
    private static readonly PulsePrivilege[] ViewPrivileges = [PulsePrivilege.ViewDashboardRestricted, PulsePrivilege.ViewDashboard];

    /// <summary>The kiosk binding of <paramref name="principal"/>; null when it is not a kiosk's (or its claims are malformed).</summary>
    /// <param name="principal">The request's principal.</param>
    public static KioskBinding? Of(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return Guid.TryParse(principal.FindFirst(PulseClaimTypes.Kiosk)?.Value, out var id)
            && Guid.TryParse(principal.FindFirst(PulseClaimTypes.KioskTab)?.Value, out var tab)
            ? new KioskBinding(id, tab, principal.FindFirst(PulseClaimTypes.KioskName)?.Value ?? "")
            : null;
    }

    /// <summary>
    /// The permissions of a kiosk whose creator has <paramref name="creator"/>: the creator's objects, and of the privileges only
    /// the view privileges the creator holds; no tab or widget may be added.
    /// </summary>
    /// <param name="creator">The creator's permissions now.</param>
    public static UserPermissions ViewOnly(UserPermissions creator)
    {
        ArgumentNullException.ThrowIfNull(creator);
        return creator with { Privileges = ViewPrivileges.Where(creator.Has).ToHashSet(), MaxTabs = 0, MaxWidgets = 0 };
    }
}
