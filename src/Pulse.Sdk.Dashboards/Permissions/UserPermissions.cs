using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Permissions;

/// <summary>
/// What one user of one tenant may do and see, as computed by the permissions role: the privileges (ladder
/// already expanded), the objects whose values the user may receive, and the caps on tabs and widgets.
/// </summary>
public sealed record UserPermissions
{
    /// <summary>The user's tenant. Nothing of another tenant is ever visible.</summary>
    public required string Tenant { get; init; }

    /// <summary>The user id (login name).</summary>
    public required string User { get; init; }

    /// <summary>Every privilege the user holds, the ladder expanded (holding <c>ManageWidgets</c> includes <c>ViewDashboard</c>).</summary>
    public IReadOnlySet<PulsePrivilege> Privileges { get; init; } = new HashSet<PulsePrivilege>();

    /// <summary>When true, every object of the tenant is visible and <see cref="Objects"/> is ignored.</summary>
    public bool AllObjects { get; init; }

    /// <summary>The objects of the tenant the user may see.</summary>
    public IReadOnlySet<(ObjectType Type, string Id)> Objects { get; init; } = new HashSet<(ObjectType, string)>();

    /// <summary>The most tabs the user may own, unless they hold <see cref="PulsePrivilege.AddDashboardsWithoutLimit"/>.</summary>
    public int MaxTabs { get; init; } = int.MaxValue;

    /// <summary>The most widgets the user may own, unless they hold <see cref="PulsePrivilege.AddWidgetsWithoutLimit"/>.</summary>
    public int MaxWidgets { get; init; } = int.MaxValue;

    /// <summary>Whether the user holds <paramref name="privilege"/>.</summary>
    /// <param name="privilege">The privilege.</param>
    public bool Has(PulsePrivilege privilege) => Privileges.Contains(privilege);

    /// <summary>
    /// Whether the user may own one more tab when owning <paramref name="ownedTabs"/> now: <c>max_tabs_per_user</c>,
    /// unless they hold <see cref="PulsePrivilege.AddDashboardsWithoutLimit"/>. (Whether they may create tabs at
    /// all is <see cref="PulsePrivilege.ManageTabs"/>.)
    /// </summary>
    /// <param name="ownedTabs">Tabs the user owns now.</param>
    public bool CanAddTab(int ownedTabs) => Has(PulsePrivilege.AddDashboardsWithoutLimit) || ownedTabs < MaxTabs;

    /// <summary>
    /// Whether the user may own one more widget when owning <paramref name="ownedWidgets"/> now:
    /// <c>max_widgets_per_user</c>, unless they hold <see cref="PulsePrivilege.AddWidgetsWithoutLimit"/>.
    /// </summary>
    /// <param name="ownedWidgets">Widgets the user owns now.</param>
    public bool CanAddWidget(int ownedWidgets) => Has(PulsePrivilege.AddWidgetsWithoutLimit) || ownedWidgets < MaxWidgets;

    /// <summary>Whether the user may see the values of <paramref name="obj"/>: same tenant and in the user's access.</summary>
    /// <param name="obj">The object.</param>
    public bool CanSee(ObjectRef obj) =>
        string.Equals(obj.Tenant, Tenant, StringComparison.Ordinal) && (AllObjects || Objects.Contains((obj.Type, obj.Id)));
}
