using Pulse.Sdk.Configuration;

namespace Pulse.Sdk.Permissions;

/// <summary>
/// Reads privilege names from the configuration and expands the privilege ladder (docs/api.md, "Authentication and permissions"): each of the
/// first seven privileges (<see cref="PulsePrivilege.ViewDashboardRestricted"/> at the bottom up to
/// <see cref="PulsePrivilege.ManageTemplates"/>) includes every one below it; the last three stand alone.
/// </summary>
public static class PrivilegeLadder
{
    /// <summary>The rungs of the ladder, bottom first.</summary>
    public static IReadOnlyList<PulsePrivilege> Rungs { get; } =
    [
        PulsePrivilege.ViewDashboardRestricted,
        PulsePrivilege.ViewDashboard,
        PulsePrivilege.ManageTabs,
        PulsePrivilege.EditWidgetDisplay,
        PulsePrivilege.ManageWidgets,
        PulsePrivilege.ManageSharedDashboards,
        PulsePrivilege.ManageTemplates,
    ];

    /// <summary>Every privilege name, as written in the configuration, in ladder order then the stand-alone ones.</summary>
    public static IReadOnlyList<string> Names => PrivilegeNames.Names;

    /// <summary>Whether <paramref name="privilege"/> is on the ladder (and so includes the rungs below it).</summary>
    /// <param name="privilege">The privilege.</param>
    public static bool IsRung(PulsePrivilege privilege) => privilege is >= PulsePrivilege.ViewDashboardRestricted and <= PulsePrivilege.ManageTemplates;

    /// <summary>
    /// Reads one privilege name. Names are those of <see cref="PulsePrivilege"/>, compared ignoring case (like
    /// every enum of the configuration file); numbers and surrounding spaces are not accepted.
    /// </summary>
    /// <param name="name">The name, for example <c>ManageWidgets</c>.</param>
    /// <param name="privilege">The privilege, when the name is known.</param>
    /// <returns>True when <paramref name="name"/> names a privilege.</returns>
    public static bool TryParse(string? name, out PulsePrivilege privilege) => PrivilegeNames.TryParse(name, out privilege);

    /// <summary>
    /// The problems of a user's privilege list, one message per unknown name, each naming the tenant, the user
    /// and the name: <c>tenant 't1' user 'alice'.privileges[2]: 'ManageWidget' is not a privilege; expected one of: ...</c>.
    /// Empty when every name is known.
    /// </summary>
    /// <param name="tenant">The user's tenant id (for the message).</param>
    /// <param name="user">The user.</param>
    public static IReadOnlyList<string> Validate(string tenant, UserConfig user) => PrivilegeNames.Validate(user, $"tenant '{tenant}'");

    /// <summary>Reads a user's privilege names and expands the ladder (<see cref="Expand"/>).</summary>
    /// <param name="tenant">The user's tenant id (for the message).</param>
    /// <param name="user">The user.</param>
    /// <returns>Every privilege the user holds.</returns>
    /// <exception cref="ConfigurationException">A name is not a privilege; the message names the tenant, the user and the name.</exception>
    public static IReadOnlySet<PulsePrivilege> Parse(string tenant, UserConfig user)
    {
        ArgumentNullException.ThrowIfNull(user);
        List<string>? errors = null;
        var privileges = Read(user, $"tenant '{tenant}'", ref errors);
        if (errors is not null) throw new ConfigurationException(string.Join(Environment.NewLine, errors));
        return privileges;
    }

    /// <summary>
    /// Reads a user's privilege names in one pass: the expanded privileges of the known names, and one message per
    /// unknown name (starting with <paramref name="where"/>) added to <paramref name="errors"/>, created when needed.
    /// </summary>
    internal static IReadOnlySet<PulsePrivilege> Read(UserConfig user, string where, ref List<string>? errors) => Expand(PrivilegeNames.Read(user, where, ref errors));

    /// <summary>
    /// The privileges <paramref name="granted"/> gives: each one, plus every rung below a granted rung
    /// (<see cref="PulsePrivilege.ManageWidgets"/> gives <see cref="PulsePrivilege.EditWidgetDisplay"/>,
    /// <see cref="PulsePrivilege.ManageTabs"/>, <see cref="PulsePrivilege.ViewDashboard"/> and
    /// <see cref="PulsePrivilege.ViewDashboardRestricted"/> too). Undefined values are ignored.
    /// </summary>
    /// <param name="granted">The privileges granted by name.</param>
    public static IReadOnlySet<PulsePrivilege> Expand(IEnumerable<PulsePrivilege> granted)
    {
        ArgumentNullException.ThrowIfNull(granted);
        var result = new HashSet<PulsePrivilege>();
        var top = 0;
        foreach (var p in granted)
        {
            if (!Enum.IsDefined(p)) continue;
            if (IsRung(p)) top = Math.Max(top, (int)p);
            else result.Add(p);
        }
        for (var rung = (int)PulsePrivilege.ViewDashboardRestricted; rung <= top; rung++) result.Add((PulsePrivilege)rung);
        return result;
    }
}
