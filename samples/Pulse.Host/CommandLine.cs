using System.Globalization;

namespace Pulse.Host;

/// <summary>
/// Parses the host's arguments by hand: <c>[live] [options]</c>, <c>replay options</c> or <c>--help</c>.
/// Options are <c>--name value</c> or <c>--name=value</c>, each at most once.
/// </summary>
internal static class CommandLine
{
    private static readonly string[] LiveNames = ["--speed", "--seed", "--duration", "--http-port"];
    private static readonly string[] ReplayNames = ["--config", "--events", "--at"];
    private static readonly string[] PortNames = ["--voice-port", "--voice-vq-port", "--ixn-port", "--ixn-vq-port", "--lds-port", "--lds-vq-port", "--metrics-port"];

    /// <summary>Parses <paramref name="args"/>.</summary>
    /// <exception cref="UsageException">The arguments are wrong; the message names the argument and what to change.</exception>
    public static HostCommandLine Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Any(a => a is "--help" or "-h" or "-?" or "help")) return new HelpRequest();

        var command = args.Count > 0 && !args[0].StartsWith('-') ? args[0] : "live";
        var rest = args.Count > 0 && !args[0].StartsWith('-') ? args.Skip(1).ToList() : args.ToList();
        return command switch
        {
            "live" => ParseLive(ReadOptions(rest, LiveNames, "live")),
            "replay" => ParseReplay(ReadOptions(rest, ReplayNames, "replay")),
            "serve" => ParseServe(ReadOptions(rest, [.. LiveNames, .. PortNames, "--config", "--events"], "serve")),
            "init" => new InitOptions(Required(ReadOptions(rest, ["--postgres"], "init"), "init", "--postgres")),
            "init-tenant" => ParseInitTenant(ReadOptions(rest, ["--postgres", "--tenant", "--overwrite-edited"], "init-tenant")),
            _ => throw new UsageException($"unknown command '{command}'; the commands are 'live' (the default), 'serve', 'replay', 'init' and 'init-tenant'"),
        };
    }

    private static LiveOptions ParseLive(Dictionary<string, string> o)
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
        return new LiveOptions(speed, seed, duration, HttpPort: httpPort);
    }

    private static LiveOptions ParseServe(Dictionary<string, string> o)
    {
        var live = ParseLive(o);
        int Port(string name, int fallback)
        {
            if (!o.TryGetValue(name, out var text)) return fallback;
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) || port is < 0 or > 65535)
                throw new UsageException($"{name}: '{text}' is not a port; give 0 to 65535 (0 = any free port)");
            return port;
        }
        var d = new ServePorts();
        var ports = new ServePorts(Port("--voice-port", d.Voice), Port("--voice-vq-port", d.VoiceVq), Port("--ixn-port", d.Ixn),
            Port("--ixn-vq-port", d.IxnVq), Port("--lds-port", d.Lds), Port("--lds-vq-port", d.LdsVq), Port("--metrics-port", d.Metrics));
        ServeFiles? files = null;
        if (o.ContainsKey("--config") != o.ContainsKey("--events"))
            throw new UsageException("serve: --config and --events go together (a configuration and the events to serve), or neither (the simulator)");
        if (o.TryGetValue("--config", out var config)) files = new ServeFiles(config, o["--events"]);
        return live with { Serve = ports, Replay = files };
    }

    private static ReplayOptions ParseReplay(Dictionary<string, string> o)
    {
        var missing = ReplayNames.Where(n => !o.ContainsKey(n)).ToList();
        if (missing.Count > 0)
            throw new UsageException($"replay needs {string.Join(", ", missing)} (missing {(missing.Count == 1 ? "option" : "options")})");
        return new ReplayOptions(o["--config"], o["--events"], ParseInstant("--at", o["--at"]));
    }

    private static InitTenantOptions ParseInitTenant(Dictionary<string, string> o)
    {
        var overwrite = false;
        if (o.TryGetValue("--overwrite-edited", out var text) && !bool.TryParse(text, out overwrite))
            throw new UsageException($"--overwrite-edited: '{text}' is not true or false");
        return new InitTenantOptions(Required(o, "init-tenant", "--postgres"), Required(o, "init-tenant", "--tenant"), overwrite);
    }

    private static string Required(Dictionary<string, string> o, string command, string name) =>
        o.TryGetValue(name, out var value) ? value : throw new UsageException($"{command} needs {name}");

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

    /// <summary>Reads <c>--name value</c> and <c>--name=value</c> pairs, allowing only <paramref name="allowed"/>.</summary>
    private static Dictionary<string, string> ReadOptions(List<string> args, string[] allowed, string command)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
                throw new UsageException($"unexpected argument '{arg}' for {command}; its options are {string.Join(", ", allowed)}");

            string name, value;
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                name = arg[..eq];
                value = arg[(eq + 1)..];
            }
            else
            {
                name = arg;
                if (!allowed.Contains(name, StringComparer.Ordinal)) throw Unknown(name, allowed, command);
                if (i + 1 >= args.Count || (args[i + 1].StartsWith("--", StringComparison.Ordinal) && args[i + 1].Length > 2))
                    throw new UsageException($"{name} needs a value");
                value = args[++i];
            }

            if (!allowed.Contains(name, StringComparer.Ordinal)) throw Unknown(name, allowed, command);
            if (string.IsNullOrWhiteSpace(value)) throw new UsageException($"{name} needs a value");
            if (!options.TryAdd(name, value)) throw new UsageException($"{name} is given twice");
        }
        return options;
    }

    private static UsageException Unknown(string name, string[] allowed, string command) =>
        new($"unknown option '{name}' for {command}; its options are {string.Join(", ", allowed)}");
}
