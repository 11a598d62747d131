namespace Pulse.Sdk.Permissions;

/// <summary>
/// Settings of the permissions role that are not per user: the caps on tabs and widgets (docs/api.md, "Authentication and permissions")
/// (<c>max_tabs_per_user</c>, <c>max_widgets_per_user</c>). <see cref="Validate"/> says what to change.
/// </summary>
public sealed class PermissionOptions
{
    /// <summary>The most caps may be: a larger number is a typo more likely than a wish.</summary>
    public const int MaxCap = 100_000;

    /// <summary>
    /// <c>max_tabs_per_user</c>: the most tabs (dashboards) a user may own, 1 to <see cref="MaxCap"/>.
    /// Users holding <see cref="PulsePrivilege.AddDashboardsWithoutLimit"/> are not bound by it. Default 10.
    /// </summary>
    public int MaxTabsPerUser { get; set; } = 10;

    /// <summary>
    /// <c>max_widgets_per_user</c>: the most widgets a user may own, 1 to <see cref="MaxCap"/>. Users holding
    /// <see cref="PulsePrivilege.AddWidgetsWithoutLimit"/> are not bound by it. Default 50.
    /// </summary>
    public int MaxWidgetsPerUser { get; set; } = 50;

    /// <summary>Every problem of these options, each naming the option and what to set; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxTabsPerUser is < 1 or > MaxCap)
            errors.Add($"PermissionOptions.MaxTabsPerUser (max_tabs_per_user) must be 1 to {MaxCap} (e.g. 10); grant AddDashboardsWithoutLimit to lift it for a user; was {MaxTabsPerUser}");
        if (MaxWidgetsPerUser is < 1 or > MaxCap)
            errors.Add($"PermissionOptions.MaxWidgetsPerUser (max_widgets_per_user) must be 1 to {MaxCap} (e.g. 50); grant AddWidgetsWithoutLimit to lift it for a user; was {MaxWidgetsPerUser}");
        return errors;
    }

    /// <summary>Throws when <see cref="Validate"/> finds a problem.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists what to change.</exception>
    public void ThrowIfInvalid() => OptionsValidation.ThrowIfInvalid(Validate());
}
