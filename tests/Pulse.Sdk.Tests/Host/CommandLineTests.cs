using Pulse.Host;

namespace Pulse.Sdk.Tests.Host;

public class CommandLineTests
{
    [Fact]
    public void No_arguments_is_live_mode_with_the_defaults() =>
        Assert.Equal(new LiveOptions(Speed: 1, Seed: 1, Duration: null, HttpPort: 8080), CommandLine.Parse([]));

    [Theory]
    [InlineData("0", 0)]
    [InlineData("18080", 18080)]
    [InlineData("off", null)]
    public void Http_port_is_a_port_zero_or_off(string value, int? port) =>
        Assert.Equal(port, Assert.IsType<LiveOptions>(CommandLine.Parse(["--http-port", value])).HttpPort);

    [Theory]
    [InlineData("--speed 50 --seed 7 --duration 2.5")]
    [InlineData("live --speed=50 --seed=7 --duration=2.5")]
    [InlineData("--duration 2.5 --seed 7 --speed 5e1")]
    public void Live_options(string args) =>
        Assert.Equal(new LiveOptions(50, 7, TimeSpan.FromSeconds(2.5), HttpPort: 8080), CommandLine.Parse(args.Split(' ')));

    [Fact]
    public void Replay_options_in_any_order()
    {
        var parsed = CommandLine.Parse(["replay", "--at", "2026-11-26T11:00:00+01:00", "--events", "-", "--config", "c.json"]);

        var replay = Assert.IsType<ReplayOptions>(parsed);
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
    [InlineData("-h")]
    [InlineData("replay --help")]
    [InlineData("help")]
    public void Help(string args) => Assert.IsType<HelpRequest>(CommandLine.Parse(args.Split(' ')));

    [Theory]
    [InlineData(new[] { "--speed", "0" }, "--speed: '0' is out of range")]
    [InlineData(new[] { "--speed", "-3" }, "--speed: '-3' is out of range")]
    [InlineData(new[] { "--speed", "NaN" }, "--speed: 'NaN' is out of range")]
    [InlineData(new[] { "--seed", "1.5" }, "--seed: '1.5' is not an integer")]
    [InlineData(new[] { "--duration", "0" }, "--duration: '0' is out of range")]
    [InlineData(new[] { "--http-port", "65536" }, "--http-port: '65536' is not a port; give 0 to 65535 (0 = any free port) or off")]
    [InlineData(new[] { "--duration", "--speed", "2" }, "--duration needs a value")]
    [InlineData(new[] { "--duration=" }, "--duration needs a value")]
    [InlineData(new[] { "replay", "--config", " " }, "--config needs a value")]
    [InlineData(new[] { "--events", "e.jsonl" }, "unknown option '--events' for live; its options are --speed, --seed, --duration")]
    [InlineData(new[] { "--seed", "1", "--seed", "2" }, "--seed is given twice")]
    [InlineData(new[] { "live", "extra" }, "unexpected argument 'extra' for live")]
    public void Errors_name_the_argument(string[] args, string message)
    {
        var e = Assert.Throws<UsageException>(() => CommandLine.Parse(args));
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }
}
