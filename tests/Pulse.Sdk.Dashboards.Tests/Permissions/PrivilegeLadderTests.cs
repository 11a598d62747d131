using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Permissions;

namespace Pulse.Sdk.Dashboards.Tests.Permissions;

public sealed class PrivilegeLadderTests
{
    private static readonly PulsePrivilege[] All = Enum.GetValues<PulsePrivilege>();

    [Fact]
    public void Manage_widgets_gives_every_rung_below_it_and_nothing_above_or_beside()
    {
        var p = PrivilegeLadder.Expand([PulsePrivilege.ManageWidgets]);
        Assert.Equal(
            new HashSet<PulsePrivilege>
            {
                PulsePrivilege.ViewDashboardRestricted, PulsePrivilege.ViewDashboard, PulsePrivilege.ManageTabs,
                PulsePrivilege.EditWidgetDisplay, PulsePrivilege.ManageWidgets,
            },
            p);
    }

    [Fact]
    public void View_dashboard_restricted_is_the_bottom_and_gives_only_itself()
    {
        Assert.Equal(new HashSet<PulsePrivilege> { PulsePrivilege.ViewDashboardRestricted }, PrivilegeLadder.Expand([PulsePrivilege.ViewDashboardRestricted]));
        Assert.Contains(PulsePrivilege.ViewDashboardRestricted, PrivilegeLadder.Expand([PulsePrivilege.ViewDashboard]));
    }

    [Fact]
    public void The_stand_alone_privileges_give_no_rung()
    {
        var p = PrivilegeLadder.Expand([PulsePrivilege.ManageUsers, PulsePrivilege.AddWidgetsWithoutLimit]);
        Assert.Equal(new HashSet<PulsePrivilege> { PulsePrivilege.ManageUsers, PulsePrivilege.AddWidgetsWithoutLimit }, p);
        Assert.DoesNotContain(PulsePrivilege.ViewDashboard, p);
    }

    [Property(MaxTest = 300)]
    public bool Expansion_holds_what_was_granted_every_rung_below_the_highest_and_no_rung_above(int[] picks)
    {
        var granted = (picks ?? []).Select(i => All[Math.Abs(i % All.Length)]).ToList();
        var p = PrivilegeLadder.Expand(granted);
        var top = granted.Where(PrivilegeLadder.IsRung).Select(g => (int)g).DefaultIfEmpty(0).Max();
        return granted.All(p.Contains)
            && PrivilegeLadder.Rungs.All(r => p.Contains(r) == ((int)r <= top))
            && p.Where(x => !PrivilegeLadder.IsRung(x)).All(granted.Contains)
            // Expanding twice changes nothing.
            && PrivilegeLadder.Expand(p).SetEquals(p);
    }

    [Fact]
    public void Names_are_read_ignoring_case_and_numbers_or_spaces_are_refused()
    {
        Assert.True(PrivilegeLadder.TryParse("manageWIDGETS", out var p));
        Assert.Equal(PulsePrivilege.ManageWidgets, p);
        Assert.False(PrivilegeLadder.TryParse("5", out _));
        Assert.False(PrivilegeLadder.TryParse(" ManageWidgets", out _));
        Assert.False(PrivilegeLadder.TryParse("", out _));
        Assert.False(PrivilegeLadder.TryParse(null, out _));
        Assert.Equal(All.Length, PrivilegeLadder.Names.Count);
    }

    [Fact]
    public void An_unknown_name_is_an_error_naming_tenant_user_position_and_name()
    {
        var user = new UserConfig { Id = "alice", Privileges = ["ViewDashboard", "ManageWidget"] };
        var e = Assert.Throws<ConfigurationException>(() => PrivilegeLadder.Parse("t1", user));
        Assert.StartsWith("tenant 't1' user 'alice'.privileges[1]: 'ManageWidget' is not a privilege; expected one of: ViewDashboardRestricted, ViewDashboard,", e.Message);
        Assert.Contains("ManageUsers", e.Message);
    }

    [Fact]
    public void Parse_expands_the_names_of_a_user()
    {
        var user = new UserConfig { Id = "bob", Privileges = ["ManageTabs", "manageusers"] };
        Assert.Equal(
            new HashSet<PulsePrivilege> { PulsePrivilege.ViewDashboardRestricted, PulsePrivilege.ViewDashboard, PulsePrivilege.ManageTabs, PulsePrivilege.ManageUsers },
            PrivilegeLadder.Parse("t1", user));
        Assert.Empty(PrivilegeLadder.Parse("t1", new UserConfig { Id = "nobody" }));
    }
}
