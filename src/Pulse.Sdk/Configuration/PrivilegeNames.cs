using System.Collections.Frozen;
using Pulse.Sdk.Permissions;

namespace Pulse.Sdk.Configuration;

/// <summary>
/// The privilege names a configured user may hold (<see cref="UserConfig.Privileges"/>): read here so the configuration
/// is checked where it is loaded; what they grant (the ladder) is the dashboards package's <c>PrivilegeLadder</c>.
/// </summary>
internal static class PrivilegeNames
{
    public static IReadOnlyList<string> Names { get; } = Enum.GetValues<PulsePrivilege>().Select(p => p.ToString()).ToArray();

    private static readonly string NameList = string.Join(", ", Names);

    private static readonly FrozenDictionary<string, PulsePrivilege> ByName =
        Enum.GetValues<PulsePrivilege>().ToFrozenDictionary(p => p.ToString(), StringComparer.OrdinalIgnoreCase);

    /// <summary>One name, compared ignoring case (like every enum of the configuration file); numbers and surrounding spaces are not names.</summary>
    public static bool TryParse(string? name, out PulsePrivilege privilege)
    {
        privilege = default;
        return name is not null && ByName.TryGetValue(name, out privilege);
    }

    /// <summary>One message per unknown name of <paramref name="user"/>, each starting with <paramref name="where"/>.</summary>
    public static IReadOnlyList<string> Validate(UserConfig user, string where)
    {
        ArgumentNullException.ThrowIfNull(user);
        List<string>? errors = null;
        Read(user, where, ref errors);
        return errors ?? (IReadOnlyList<string>)[];
    }

    /// <summary>The privileges named, in one pass; one message per unknown name added to <paramref name="errors"/>, created when needed.</summary>
    public static List<PulsePrivilege> Read(UserConfig user, string where, ref List<string>? errors)
    {
        var names = user.Privileges ?? [];
        var granted = new List<PulsePrivilege>(names.Count);
        for (var i = 0; i < names.Count; i++)
        {
            if (TryParse(names[i], out var p)) granted.Add(p);
            else (errors ??= []).Add($"{where} user '{user.Id}'.privileges[{i}]: '{names[i]}' is not a privilege; expected one of: {NameList}");
        }
        return granted;
    }
}
