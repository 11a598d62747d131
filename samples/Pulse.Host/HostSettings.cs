using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;

namespace Pulse.Host;

/// <summary>
/// The settings of one command, read in the usual .NET order: <c>appsettings.json</c> (current directory), then
/// environment variables (<c>Pulse__Redis=...</c>), then the command line, which wins. Every option
/// <c>--some-name</c> is the configuration key <c>Pulse:SomeName</c> and the environment variable <c>Pulse__SomeName</c>.
/// </summary>
internal sealed class HostSettings
{
    /// <summary>The configuration section of the host's settings.</summary>
    public const string Section = "Pulse";

    private readonly IConfiguration _configuration;

    public HostSettings(string command, IConfiguration configuration)
    {
        Command = command;
        _configuration = configuration;
    }

    /// <summary>The command the settings are for (in messages).</summary>
    public string Command { get; }

    /// <summary>Builds the configuration: appsettings.json, environment variables, then <paramref name="commandLine"/> (keys <c>Pulse:Name</c>).</summary>
    public static IConfiguration BuildConfiguration(IEnumerable<KeyValuePair<string, string?>> commandLine) =>
        new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(commandLine)
            .Build();

    /// <summary><c>--metrics-port</c> → <c>MetricsPort</c>.</summary>
    public static string Name(string option) =>
        string.Concat(option.TrimStart('-').Split('-').Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));

    /// <summary>The configuration key of an option: <c>Pulse:MetricsPort</c>.</summary>
    public static string Key(string option) => Section + ":" + Name(option);

    /// <summary>The environment variable of an option: <c>Pulse__MetricsPort</c>.</summary>
    public static string EnvironmentVariable(string option) => Section + "__" + Name(option);

    /// <summary>The value of a single-valued option, or null when no source sets it.</summary>
    public string? Get(string option)
    {
        var value = _configuration[Key(option)];
        if (value is not null && string.IsNullOrWhiteSpace(value)) throw new UsageException($"{option} needs a value");
        return value;
    }

    /// <summary>The values of a repeatable option (<c>Pulse:Backend:0</c>, <c>:1</c> ..., or one comma-separated value).</summary>
    public IReadOnlyList<string> GetList(string option)
    {
        var section = _configuration.GetSection(Key(option));
        var values = section.GetChildren().Select(c => c.Value).Where(v => v is not null).Select(v => v!).ToList();
        if (values.Count == 0 && section.Value is { } single) values.Add(single);
        return values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
    }

    /// <summary>The options among <paramref name="options"/> that some source sets, as <c>--name</c> → value.</summary>
    public Dictionary<string, string> ToDictionary(IEnumerable<string> options)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var o in options)
            if (Get(o) is { } v) result[o] = v;
        return result;
    }

    /// <summary>A setting the command cannot run without.</summary>
    /// <exception cref="UsageException">No source sets it; the message names the option, the key and the environment variable.</exception>
    public string Require(string option) => Get(option) ?? throw Missing(option);

    /// <summary>The error of a missing setting.</summary>
    public UsageException Missing(string option) =>
        new($"{Command} needs {option} (configuration key {Key(option)}, environment variable {EnvironmentVariable(option)})");

    /// <summary>A port (0 to 65535; 0 = any free port).</summary>
    public int Port(string option, int fallback)
    {
        if (Get(option) is not { } text) return fallback;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) || port is < 0 or > 65535)
            throw new UsageException($"{option}: '{text}' is not a port; give 0 to 65535 (0 = any free port)");
        return port;
    }

    /// <summary>An integer within a range.</summary>
    public int Int(string option, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        if (Get(option) is not { } text) return fallback;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            throw new UsageException($"{option}: '{text}' is not an integer");
        if (value < min || value > max) throw new UsageException($"{option}: '{text}' is out of range; give {min} to {max}");
        return value;
    }

    /// <summary>A number of milliseconds (0 or more) as a duration.</summary>
    public TimeSpan Milliseconds(string option, TimeSpan fallback)
    {
        if (Get(option) is not { } text) return fallback;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) || !(ms >= 0) || ms > int.MaxValue)
            throw new UsageException($"{option}: '{text}' is not a number of milliseconds (0 or more)");
        return TimeSpan.FromMilliseconds(ms);
    }

    /// <summary>The address to listen on (<c>--bind</c>, default 127.0.0.1; <c>0.0.0.0</c> or <c>::</c> for every interface).</summary>
    public IPAddress Bind()
    {
        var text = Get("--bind") ?? "127.0.0.1";
        if (text == "localhost") return IPAddress.Loopback;
        return IPAddress.TryParse(text, out var address)
            ? address
            : throw new UsageException($"--bind: '{text}' is not an IP address; give e.g. 127.0.0.1, 0.0.0.0 or ::");
    }

    /// <summary>A <c>HOST:PORT</c> endpoint.</summary>
    public (string Host, int Port) Endpoint(string option, string fallback) => ParseEndpoint(option, Get(option) ?? fallback);

    /// <summary>The <c>HOST:PORT</c> endpoints of a repeatable option (or one comma-separated value); empty when none is set.</summary>
    public IReadOnlyList<(string Host, int Port)> Endpoints(string option) => [.. GetList(option).Select(text => ParseEndpoint(option, text))];

    private static (string Host, int Port) ParseEndpoint(string option, string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            throw new UsageException($"{option}: '{text}' is not HOST:PORT (e.g. 127.0.0.1:8100)");
        return (text[..colon].Trim('[', ']'), port);
    }

    /// <summary>An ISO 8601 instant (no offset = UTC), or null.</summary>
    public DateTimeOffset? Instant(string option) => Get(option) is { } text ? CommandLine.ParseInstant(option, text) : null;

    /// <summary>An absolute http(s) URL, or null.</summary>
    public Uri? Url(string option)
    {
        if (Get(option) is not { } text) return null;
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new UsageException($"{option}: '{text}' is not an http or https URL");
    }
}
