using System.Globalization;

namespace Pulse.Host;

/// <summary>
/// Checks and converts the settings of <c>all</c>, <c>replay</c>, <c>init</c> and <c>init-tenant</c> (given as
/// <c>--name</c> → value, from the command line, the environment or appsettings.json; see <see cref="HostSettings"/>).
/// </summary>
internal static class CommandLine
{
    /// <summary>The options of the live mode (<c>all</c>).</summary>
    public static readonly string[] LiveNames = ["--speed", "--seed", "--duration", "--http-port", "--start", "--until", "--clock"];

    /// <summary>The options of <c>replay</c>, all required.</summary>
    public static readonly string[] ReplayNames = ["--config", "--events", "--at"];

    public static LiveOptions ParseLive(Dictionary<string, string> o)
    {
        var speed = 1.0;
        if (o.TryGetValue("--speed", out var s))
        {
            speed = ParseDouble("--speed", s);
            if (!(speed > 0) || double.IsInfinity(speed) || speed > 10_000)
                throw new UsageException($"--speed: '{s}' is out of range; give a number above 0 and at most 10000 (1 = real time)");
        }

        var seed = 1;
        if (o.TryGetValue("--seed", out var seedText) && !int.TryParse(seedText, NumberStyles.Integer, CultureInfo.InvariantCulture, out seed))
            throw new UsageException($"--seed: '{seedText}' is not an integer");

        TimeSpan? duration = null;
        if (o.TryGetValue("--duration", out var d))
        {
            var seconds = ParseDouble("--duration", d);
            if (!(seconds > 0) || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
                throw new UsageException($"--duration: '{d}' is out of range; give a positive number of seconds");
            duration = TimeSpan.FromSeconds(seconds);
        }
        int? httpPort = LiveOptions.DefaultHttpPort;
        if (o.TryGetValue("--http-port", out var h))
        {
            if (h == "off") httpPort = null;
            else if (!int.TryParse(h, NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) || p is < 0 or > 65535)
                throw new UsageException($"--http-port: '{h}' is not a port; give 0 to 65535 (0 = any free port) or off (no web application)");
            else httpPort = p;
        }
        DateTimeOffset? start = o.TryGetValue("--start", out var st) ? ParseInstant("--start", st) : null;
        DateTimeOffset? until = o.TryGetValue("--until", out var u) ? ParseInstant("--until", u) : null;
        if (until is not null && start is not null && until <= start) throw new UsageException($"--until: {until:O} is not after --start {start:O}");
        var clock = o.GetValueOrDefault("--clock") switch
        {
            null or "wall" => Pulse.Sdk.Engine.PulseClock.Wall,
            "events" => Pulse.Sdk.Engine.PulseClock.Events,
            var other => throw new UsageException($"--clock: '{other}' is not wall or events"),
        };
        return new LiveOptions(speed, seed, duration, httpPort, start, until, clock);
    }

    public static ReplayOptions ParseReplay(Dictionary<string, string> o)
    {
        var missing = ReplayNames.Where(n => !o.ContainsKey(n)).ToList();
        if (missing.Count > 0)
            throw new UsageException($"replay needs {string.Join(", ", missing)} (missing {(missing.Count == 1 ? "option" : "options")})");
        return new ReplayOptions(o["--config"], o["--events"], ParseInstant("--at", o["--at"]));
    }

    public static InitTenantOptions ParseInitTenant(Dictionary<string, string> o)
    {
        var overwrite = false;
        if (o.TryGetValue("--overwrite-edited", out var text) && !bool.TryParse(text, out overwrite))
            throw new UsageException($"--overwrite-edited: '{text}' is not true or false");
        var demo = false;
        if (o.TryGetValue("--demo-dashboards", out var demoText) && !bool.TryParse(demoText, out demo))
            throw new UsageException($"--demo-dashboards: '{demoText}' is not true or false");
        return new InitTenantOptions(Required(o, "init-tenant", "--postgres"), Required(o, "init-tenant", "--tenant"), overwrite, demo);
    }

    public static string Required(Dictionary<string, string> o, string command, string name) =>
        o.TryGetValue(name, out var value) ? value : throw new UsageException(
            $"{command} needs {name} (configuration key {HostSettings.Key(name)}, environment variable {HostSettings.EnvironmentVariable(name)})");

    /// <summary>Parses an ISO 8601 instant; without an offset it is UTC.</summary>
    public static DateTimeOffset ParseInstant(string option, string text)
    {
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)) return at;
        throw new UsageException($"{option}: '{text}' is not a date and time; give an ISO 8601 instant such as 2026-11-26T10:00:00Z");
    }

    private static double ParseDouble(string option, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new UsageException($"{option}: '{text}' is not a number");
}
