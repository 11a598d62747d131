using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pulse.Host;

namespace Pulse.Deploy.Tests.Support;

/// <summary>
/// A container of the Pulse.Host image: its command (the first argument) and its settings, from the other arguments
/// (<c>--name value</c>, <c>--name=value</c>) and from the environment (<c>Pulse__Name</c>), read against
/// <see cref="HostCli"/>, the host's own command table.
/// </summary>
internal sealed partial class HostContainer
{
    public HostContainer(Workload workload, JsonObject container)
    {
        Workload = workload;
        Node = container;
        Name = container["name"].Text() ?? "";
        var args = container["args"].Items().Select(a => a.Text() ?? "").ToList();
        CommandName = args.FirstOrDefault() ?? "";
        Command = HostCli.Commands.FirstOrDefault(c => c.Name == CommandName || (c.Aliases ?? []).Contains(CommandName));
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            string name, value;
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains('=', StringComparison.Ordinal))
                (name, value) = (arg[..arg.IndexOf('=', StringComparison.Ordinal)], arg[(arg.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            else if (arg.StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Count)
                (name, value) = (arg, args[++i]);
            else
            {
                Problems.Add($"argument '{arg}' is not --name value");
                continue;
            }
            AddSetting(name, new Setting(value, null, "args"));
        }
        foreach (var env in container["env"].Items().OfType<JsonObject>())
        {
            var variable = env["name"].Text() ?? "";
            if (!variable.StartsWith(HostSettings.Section + "__", StringComparison.OrdinalIgnoreCase)) continue;
            var option = Command?.Options.FirstOrDefault(o => HostSettings.EnvironmentVariable(o.Name) == variable);
            if (option is null)
            {
                Problems.Add($"environment variable {variable} is no option of '{CommandName}'");
                continue;
            }
            AddSetting(option.Name, new Setting(env["value"].Text(), env["valueFrom"] as JsonObject, "env " + variable));
        }
        if (container["envFrom"].Items().Any()) Problems.Add("envFrom: settings must be named one by one, so that they can be checked");
    }

    public Workload Workload { get; }

    public JsonObject Node { get; }

    public string Name { get; }

    /// <summary>The first argument.</summary>
    public string CommandName { get; }

    /// <summary>The host's command of that name, or null when it knows none.</summary>
    public HostCommand? Command { get; }

    /// <summary>Settings by option name (<c>--redis</c>).</summary>
    public Dictionary<string, Setting> Settings { get; } = new(StringComparer.Ordinal);

    /// <summary>Arguments or variables that name no option of the command, or set one twice.</summary>
    public List<string> Problems { get; } = [];

    public static bool IsHostImage(JsonObject container) =>
        container["image"].Text() is { } image && ImageName(image) == "pulse-host";

    /// <summary>The last path segment of an image reference, without tag or digest.</summary>
    public static string ImageName(string image)
    {
        var name = image.Split('@')[0];
        var slash = name.LastIndexOf('/');
        var colon = name.LastIndexOf(':');
        if (colon > slash) name = name[..colon];
        return name[(slash + 1)..];
    }

    public bool Accepts(string option) => Command?.Options.Any(o => o.Name == option) == true;

    /// <summary>The literal value of a setting (args or env value), or null.</summary>
    public string? Value(string option) => Settings.TryGetValue(option, out var s) ? s.Literal : null;

    /// <summary>
    /// The ports the role listens on: its <c>--port</c> (the feed protocol for the roles that serve it, HTTP otherwise)
    /// and <c>--metrics-port</c>, each the setting's value or the default HostCli gives.
    /// </summary>
    public IReadOnlyList<RolePort> Ports
    {
        get
        {
            var ports = new List<RolePort>();
            foreach (var option in new[] { "--port", "--metrics-port" })
            {
                if (Command?.Options.FirstOrDefault(o => o.Name == option) is not { } o) continue;
                var number = Value(option) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : DefaultPort(o);
                var kind = option == "--metrics-port" ? PortKind.Metrics : Accepts("--feed-tls-cert") ? PortKind.Feed : PortKind.Http;
                ports.Add(new RolePort(option, number, kind));
            }
            return ports;
        }
    }

    /// <summary>The port to scrape /metrics on: the metrics port, or the HTTP port of a role without one.</summary>
    public RolePort? ScrapePort => Ports.FirstOrDefault(p => p.Kind == PortKind.Metrics) ?? Ports.FirstOrDefault(p => p.Kind == PortKind.Http);

    /// <summary>The container's declared ports: name → number.</summary>
    public IReadOnlyDictionary<string, int> ContainerPorts =>
        Node["ports"].Items().ToDictionary(p => p["name"].Text() ?? "", p => int.Parse(p["containerPort"].Text()!, CultureInfo.InvariantCulture));

    /// <summary>A probe's port (a name or a number) as a number, or null when it is neither a declared name nor a number.</summary>
    public int? ResolvePort(string? port) =>
        port is null ? null : ContainerPorts.TryGetValue(port, out var n) ? n : int.TryParse(port, CultureInfo.InvariantCulture, out var k) ? k : null;

    public override string ToString() => $"{Workload}/{Name} ({CommandName})";

    /// <summary>The default of a port option, from its help text ("default 8100").</summary>
    public static int DefaultPort(HostOption option) =>
        DefaultPattern().Match(option.Description) is { Success: true } m
            ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"{option.Name}: no default in '{option.Description}'");

    [GeneratedRegex(@"\(default (\d+)")]
    private static partial Regex DefaultPattern();

    private void AddSetting(string name, Setting setting)
    {
        if (!Accepts(name)) Problems.Add($"{setting.Source}: '{name}' is no option of '{CommandName}'");
        else if (!Settings.TryAdd(name, setting)) Problems.Add($"{name} is set twice ({Settings[name].Source}, {setting.Source})");
    }
}

/// <summary>A setting: a literal value, or a reference (<c>valueFrom</c>), and where it was given.</summary>
internal sealed record Setting(string? Literal, JsonObject? ValueFrom, string Source);

internal enum PortKind
{
    Feed,
    Http,
    Metrics,
}

/// <summary>A port a role listens on.</summary>
internal sealed record RolePort(string Option, int Number, PortKind Kind);
