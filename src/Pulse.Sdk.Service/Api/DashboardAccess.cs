using Pulse.Sdk.Metadata;

namespace Pulse.Sdk.Service.Api;

/// <summary>
/// Which metadata of its tenant a user sees. Everything here is already of the caller's tenant (the store never
/// returns another's). A tab is seen by its owner and, when shared, by everyone who may view dashboards; a user with
/// only <c>ViewDashboardRestricted</c> sees shared tabs only, and only the layouts on them.
/// </summary>
internal static class DashboardAccess
{
    public static bool Sees(PulseCaller caller, Tab tab) =>
        caller.CanView && (tab.Shared || (!caller.Restricted && tab.Owner == caller.User));

    public static bool Sees(PulseCaller caller, Layout layout, IEnumerable<Tab> tabs) =>
        caller.CanView && (!caller.Restricted || tabs.Any(t => t.Shared && !t.Deleted && t.LayoutIds.Contains(layout.Id)));

    /// <summary>The layouts a restricted user may see (those on shared tabs); null for a user who sees every layout.</summary>
    public static HashSet<Guid>? RestrictedLayouts(PulseCaller caller, IEnumerable<Tab> tabs) =>
        caller.Restricted ? [.. tabs.Where(t => t.Shared && !t.Deleted).SelectMany(t => t.LayoutIds)] : null;
}
