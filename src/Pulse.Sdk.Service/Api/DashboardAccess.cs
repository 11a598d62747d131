using Microsoft.AspNetCore.Http;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Permissions;

namespace Pulse.Sdk.Service.Api;

/// <summary>
/// Which metadata of its tenant a user sees and may change (docs/api.md, "Who may do what"). Everything here is already
/// of the caller's tenant (the store never returns another's). A tab is seen by its owner and, when shared, by everyone
/// who may view dashboards; a layout (a widget's content) by its owner and, when it sits on a shared tab or has no owner
/// (made for the whole tenant, e.g. by an integrator through the store), by everyone who may view dashboards. A user
/// with only <c>ViewDashboardRestricted</c> sees shared tabs and their layouts only.
/// What a user may see but not change answers 403; what they may not see answers 404, as a missing id. A kiosk sees what
/// its creator sees of its one tab, nothing else (<see cref="KioskAccess"/>).
/// </summary>
internal static class DashboardAccess
{
    public static bool Sees(PulseCaller caller, Tab tab) =>
        caller.CanView && (tab.Shared || (!caller.Restricted && tab.Owner == caller.User)) && (caller.Kiosk is null || tab.Id == caller.Kiosk.TabId);

    /// <summary>Whether the caller sees <paramref name="layout"/> without looking at the tabs: its own, or the tenant's (no owner). Never a kiosk (its tab decides).</summary>
    public static bool SeesWithoutTabs(PulseCaller caller, Layout layout) => caller.Kiosk is null && OwnOrTenants(caller, layout);

    public static bool Sees(PulseCaller caller, Layout layout, IEnumerable<Tab> tabs) =>
        caller.CanView && (OwnOrTenants(caller, layout) || OnSharedTab(layout.Id, tabs))
        && (caller.Kiosk is null || tabs.Any(t => !t.Deleted && t.LayoutIds.Contains(layout.Id) && Sees(caller, t)));

    private static bool OwnOrTenants(PulseCaller caller, Layout layout) => !caller.Restricted && (layout.Owner == caller.User || layout.Owner is null);

    /// <summary>
    /// The one rule for changing a dashboard, whichever route reaches it (a tab, a layout, a widget): what a shared tab
    /// shows (the tab, a layout on it) takes <c>ManageSharedDashboards</c>, owner or not; private content only its owner
    /// may change. 403 otherwise. (Which change needs which privilege, and whether the caller sees it, is checked before.)
    /// </summary>
    public static IResult? MayChange(PulseCaller caller, bool shared, string? owner) =>
        (shared ? caller.Has(PulsePrivilege.ManageSharedDashboards) : !caller.Restricted && owner == caller.User)
            ? null
            : ApiResults.Forbidden(PulsePrivilege.ManageSharedDashboards);

    /// <summary><see cref="MayChange(PulseCaller, bool, string?)"/> for a layout: shared when it sits on a shared tab or has no owner.</summary>
    public static IResult? MayChange(PulseCaller caller, Layout layout, IEnumerable<Tab> tabs) =>
        MayChange(caller, layout.Owner is null || OnSharedTab(layout.Id, tabs), layout.Owner);

    /// <summary>The layouts on the tenant's shared tabs.</summary>
    public static HashSet<Guid> SharedLayouts(IEnumerable<Tab> tabs) => [.. tabs.Where(t => t.Shared && !t.Deleted).SelectMany(t => t.LayoutIds)];

    private static bool OnSharedTab(Guid layout, IEnumerable<Tab> tabs) => tabs.Any(t => t.Shared && !t.Deleted && t.LayoutIds.Contains(layout));
}
