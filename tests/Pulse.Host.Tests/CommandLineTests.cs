using Microsoft.Extensions.Configuration;
using Pulse.Host;

namespace Pulse.Host.Tests;

public class CommandLineTests
{
    private static Dictionary<string, string> Options(string args)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        var parts = args.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i += 2) d[parts[i]] = parts[i + 1];
        return d;
    }

    [Fact]
    public void No_settings_is_live_mode_with_the_defaults() =>
        Assert.Equal(new LiveOptions(Speed: 1, Seed: 1, Duration: null, HttpPort: 8080), CommandLine.ParseLive([]));

    [Theory]
    [InlineData("0", 0)]
    [InlineData("18080", 18080)]
    [InlineData("off", null)]
    public void Http_port_is_a_port_zero_or_off(string value, int? port) =>
        Assert.Equal(port, CommandLine.ParseLive(Options("--http-port " + value)).HttpPort);

    [Theory]
    [InlineData("--speed 50 --seed 7 --duration 2.5")]
    [InlineData("--duration 2.5 --seed 7 --speed 5e1")]
    public void Live_options(string args) =>
        Assert.Equal(new LiveOptions(50, 7, TimeSpan.FromSeconds(2.5), HttpPort: 8080), CommandLine.ParseLive(Options(args)));

    [Fact]
    public void Live_start_until_and_clock()
    {
        var o = CommandLine.ParseLive(Options("--start 2026-12-03T10:00:00Z --until 2026-12-03T10:05:00Z --clock events"));
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero), o.Start);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 10, 5, 0, TimeSpan.Zero), o.Until);
        Assert.Equal(Pulse.Sdk.Engine.PulseClock.Events, o.Clock);
        Assert.Equal(Pulse.Sdk.Engine.PulseClock.Wall, CommandLine.ParseLive([]).Clock);
    }

    [Fact]
    public void Replay_options()
    {
        var replay = CommandLine.ParseReplay(Options("--at 2026-11-26T11:00:00+01:00 --events - --config c.json"));
        Assert.Equal("c.json", replay.ConfigPath);
        Assert.Equal(ReplayOptions.StandardInput, replay.EventsPath);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero), replay.At);
    }

    [Theory]
    [InlineData("2026-11-26T10:00:00Z")]
    [InlineData("2026-11-26T10:00:00")]
    [InlineData("2026-11-26T10:00:00.000+00:00")]
    [InlineData("2026-11-26T05:00:00-05:00")]
    public void At_without_an_offset_is_utc(string text) =>
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero), CommandLine.ParseInstant("--at", text).ToUniversalTime());

    [Theory]
    [InlineData("--speed 0", "--speed: '0' is out of range")]
    [InlineData("--speed -3", "--speed: '-3' is out of range")]
    [InlineData("--speed NaN", "--speed: 'NaN' is out of range")]
    [InlineData("--seed 1.5", "--seed: '1.5' is not an integer")]
    [InlineData("--duration 0", "--duration: '0' is out of range")]
    [InlineData("--http-port 65536", "--http-port: '65536' is not a port; give 0 to 65535 (0 = any free port) or off")]
    [InlineData("--clock monotonic", "--clock: 'monotonic' is not wall or events")]
    [InlineData("--start 2026-12-03T10:00:00Z --until 2026-12-03T09:00:00Z", "--until: 2026-12-03T09:00:00.0000000+00:00 is not after --start")]
    public void Live_errors_name_the_option(string args, string message)
    {
        var e = Assert.Throws<UsageException>(() => CommandLine.ParseLive(Options(args)));
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_lists_every_command_and_exits_0(string arg)
    {
        var result = await HostRunner.RunAsync([arg]);
        Assert.Equal(0, result.ExitCode);
        foreach (var command in new[] { "all", "voice-sip", "voice-sip-vq", "ixn", "ixn-vq", "lds", "lds-vq", "hep", "auth", "dcu", "pulse", "permissions", "ingress", "replay", "init", "init-tenant" })
            Assert.Matches(@"(?m)^\s+" + command.Replace("-", "\\-", StringComparison.Ordinal) + @"[\s,]", result.Out);
    }

    [Fact]
    public async Task A_command_help_lists_its_options()
    {
        var result = await HostRunner.RunAsync(["dcu", "--help"]);
        Assert.Equal(0, result.ExitCode);
        foreach (var option in new[] { "--redis", "--postgres", "--voice", "--voice-vq", "--ixn", "--ixn-vq", "--clock", "--reorder-window", "--checkpoint-interval", "--partitions", "--metrics-port", "--bind", "--config" })
            Assert.Contains(option + " ", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pulse --postgres Host=x", "pulse needs --redis (configuration key Pulse:Redis, environment variable Pulse__Redis)")]
    [InlineData("pulse --redis 127.0.0.1:6380", "pulse needs --postgres (configuration key Pulse:Postgres, environment variable Pulse__Postgres)")]
    [InlineData("dcu", "dcu needs --redis (configuration key Pulse:Redis, environment variable Pulse__Redis)")]
    [InlineData("permissions", "permissions needs --redis (configuration key Pulse:Redis, environment variable Pulse__Redis)")]
    [InlineData("permissions --redis 127.0.0.1:6380", "permissions needs --postgres (configuration key Pulse:Postgres, environment variable Pulse__Postgres)")]
    [InlineData("ingress", "ingress needs --backend (configuration key Pulse:Backend, environment variable Pulse__Backend)")]
    [InlineData("init", "init needs --postgres (configuration key Pulse:Postgres, environment variable Pulse__Postgres)")]
    [InlineData("init-tenant --postgres Host=x", "init-tenant needs --tenant (configuration key Pulse:Tenant, environment variable Pulse__Tenant)")]
    [InlineData("replay --config c.json", "replay needs --events, --at (missing options)")]
    [InlineData("all --speed 0", "--speed: '0' is out of range")]
    [InlineData("--seed 1.5", "--seed: '1.5' is not an integer")]
    [InlineData("voice-sip --port 70000", "--port: '70000' is not a port")]
    [InlineData("voice-sip --events e.jsonl --seed 2", "voice-sip: --events serves a recorded file; --seed set the simulator")]
    [InlineData("lds --upstream nowhere", "--upstream: 'nowhere' is not HOST:PORT")]
    [InlineData("dcu --redis r --clock sundial", "--clock: 'sundial' is not wall or events")]
    [InlineData("ingress --backend ftp://x", "--backend: 'ftp://x' is not an http or https URL")]
    [InlineData("auth --bind nowhere", "--bind: 'nowhere' is not an IP address")]
    [InlineData("auth --forwarder-secret short", "--forwarder-secret: give at least 16 characters")]
    [InlineData("config --postgres Host=x --config-admin-secret an-admin-secret-0123 --seed-file a.json --seed 1", "--import, --seed-file and --seed: give one")]
    [InlineData("auth --bind 0.0.0.0", "auth: listening on 0.0.0.0, the demo logins (every user with the password 'pulse') are refused: give --logins FILE")]
    [InlineData("auth --logins /nonexistent/logins.json", "--logins: '/nonexistent/logins.json' cannot be read as logins")]
    [InlineData("pulse --redis r --postgres p --trusted-proxy nowhere", "--trusted-proxy: 'nowhere' is not an address or network")]
    [InlineData("voice-sip --feed-tls-cert /nonexistent/feed.pem", "--feed-tls-cert: no file '/nonexistent/feed.pem'")]
    [InlineData("ixn --feed-tls-cert /etc/passwd", "--feed-tls-cert: cannot load the certificate '/etc/passwd'")]
    [InlineData("lds --feed-tls-key /nonexistent/feed.key", "--feed-tls-key: give --feed-tls-cert too")]
    [InlineData("lds-vq --feed-tls-ca /nonexistent/ca.pem", "--feed-tls-ca: no file '/nonexistent/ca.pem'")]
    [InlineData("dcu --redis r --feed-tls-ca /etc/passwd", "--feed-tls-ca: cannot load the certificate '/etc/passwd'")]
    public async Task A_missing_or_bad_setting_exits_2_naming_it(string args, string message)
    {
        var result = await HostRunner.RunAsync(args.Split(' '));
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Pulse.Host: " + message, result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }

    [Theory]
    [InlineData("--events e.jsonl")]
    [InlineData("live extra")]
    [InlineData("serve")]
    [InlineData("--seed 1 --seed 2")]
    [InlineData("voice-sip --redis x")]
    public async Task Unknown_or_repeated_arguments_exit_2(string args)
    {
        var result = await HostRunner.RunAsync(args.Split(' '));
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Pulse.Host: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("--help", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_map_to_configuration_keys_and_environment_variables()
    {
        Assert.Equal("Pulse:MetricsPort", HostSettings.Key("--metrics-port"));
        Assert.Equal("Pulse__VoiceVq", HostSettings.EnvironmentVariable("--voice-vq"));
        Assert.Equal("Pulse:Redis", HostSettings.Key("--redis"));
    }

    [Fact]
    public void The_command_line_wins_over_the_environment()
    {
        const string variable = "Pulse__HostSettingsTestOnly";
        Environment.SetEnvironmentVariable(variable, "from-env");
        try
        {
            var fromEnv = new HostSettings("test", HostSettings.BuildConfiguration([]));
            Assert.Equal("from-env", fromEnv.Get("--host-settings-test-only"));
            var fromCli = new HostSettings("test", HostSettings.BuildConfiguration([new("Pulse:HostSettingsTestOnly", "from-cli")]));
            Assert.Equal("from-cli", fromCli.Get("--host-settings-test-only"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void Repeated_values_come_indexed_or_comma_separated()
    {
        var indexed = new HostSettings("t", new ConfigurationBuilder().AddInMemoryCollection([new("Pulse:Backend:0", "http://a"), new("Pulse:Backend:1", "http://b")]).Build());
        var joined = new HostSettings("t", new ConfigurationBuilder().AddInMemoryCollection([new("Pulse:Backend", "http://a, http://b")]).Build());
        Assert.Equal(["http://a", "http://b"], indexed.GetList("--backend"));
        Assert.Equal(["http://a", "http://b"], joined.GetList("--backend"));
    }

    [Fact]
    public void Push_targets_are_host_port_endpoints_repeated_or_comma_separated_and_only_the_interaction_servers_take_them()
    {
        var indexed = new HostSettings("ixn", new ConfigurationBuilder().AddInMemoryCollection([new("Pulse:PushTo:0", "dcu-1:2060"), new("Pulse:PushTo:1", "[::1]:2061")]).Build());
        var joined = new HostSettings("ixn", new ConfigurationBuilder().AddInMemoryCollection([new("Pulse:PushTo", "dcu-1:2060, [::1]:2061")]).Build());
        var bad = new HostSettings("ixn", new ConfigurationBuilder().AddInMemoryCollection([new("Pulse:PushTo", "dcu-1:2060,dcu-2")]).Build());
        Assert.Equal([("dcu-1", 2060), ("::1", 2061)], indexed.Endpoints("--push-to"));
        Assert.Equal(indexed.Endpoints("--push-to"), joined.Endpoints("--push-to"));
        Assert.Contains("--push-to: 'dcu-2' is not HOST:PORT", Assert.Throws<UsageException>(() => bad.Endpoints("--push-to")).Message, StringComparison.Ordinal);
        Assert.Empty(new HostSettings("ixn", new ConfigurationBuilder().Build()).Endpoints("--push-to"));

        bool Takes(string command) => HostCli.Commands.Single(c => c.Name == command).Options.Any(o => o is { Name: "--push-to", Repeatable: true });
        Assert.True(Takes("ixn"));
        Assert.True(Takes("ixn-vq"));
        Assert.False(Takes("voice-sip"));
    }
}
