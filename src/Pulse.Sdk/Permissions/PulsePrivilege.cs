namespace Pulse.Sdk.Permissions;

/// <summary>
/// The privileges of the Pulse web application (docs/api.md, "Authentication and permissions"). The first seven form a ladder: each one
/// includes the ones before it (<see cref="ManageTemplates"/> can also manage shared dashboards, widgets,
/// ...). The last three stand alone.
/// </summary>
public enum PulsePrivilege
{
    /// <summary>See dashboards, but only those shared with the user; no own tabs.</summary>
    ViewDashboardRestricted = 1,
    /// <summary>See dashboards and their widgets.</summary>
    ViewDashboard = 2,
    /// <summary>Create, rename, reorder and delete one's own tabs (dashboards).</summary>
    ManageTabs = 3,
    /// <summary>Change how a widget looks (size, colours, thresholds shown) without changing what it shows.</summary>
    EditWidgetDisplay = 4,
    /// <summary>Create, change and delete widgets (layouts) from templates.</summary>
    ManageWidgets = 5,
    /// <summary>Create and change dashboards shared with other users.</summary>
    ManageSharedDashboards = 6,
    /// <summary>Create, change and delete widget templates.</summary>
    ManageTemplates = 7,

    /// <summary>Not bound by <c>max_tabs_per_user</c>.</summary>
    AddDashboardsWithoutLimit = 100,
    /// <summary>Not bound by <c>max_widgets_per_user</c>.</summary>
    AddWidgetsWithoutLimit = 101,
    /// <summary>See and change the users of the tenant.</summary>
    ManageUsers = 102,
}
