using Pulse.Host;

namespace Pulse.Host.Tests;

/// <summary>The replay command's edges: bad lines, standard input, --at, time order, and its errors and exit codes.</summary>
public class ReplayCommandTests
{
    private static string Event(int seq, string time, string body) =>
        $$"""{"seq":{{seq}},"time":"2026-11-26T{{time}}.000Z","tenant":"demo","source":"voice",{{body}}}""";

    private static string Queued(int seq, string time, string conn) => Event(seq, time, $$"""
        "event":"EventQueued","connId":"{{conn}}","dn":"8001"
        """.Trim());

    [Fact]
    public async Task A_malformed_line_is_reported_with_file_and_line_the_rest_is_applied_and_the_exit_code_is_1()
    {
        using var dir = new TempDirectory();
        var lines = File.ReadAllLines(HostRunner.EventsFixture).ToList();
        lines.Insert(16, """{"seq":100,"time":"2026-11-26T09:10:00.000Z", not json""");                     // becomes line 17
        lines.Insert(30, """{"seq":101,"time":"2026-11-26T09:20:00.000Z","tenant":"demo","source":"voice","event":"EventQueued","dn":"8001"}"""); // line 31: no connId
        var events = dir.Write("events.jsonl", lines);

        var run = await HostRunner.ReplayAsync(events);
        var expected = await HostRunner.ReplayAsync(HostRunner.EventsFixture);

        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        var errors = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith($"{events}:17: invalid JSON", errors[0], StringComparison.Ordinal);
        Assert.Equal($"{events}:31: field 'connId' is required for this event", errors[1]);
        Assert.Equal($"{events}: 2 lines were rejected (see above); the other events were applied", errors[2]);
        Assert.Equal(3, errors.Length);
        Assert.Equal(expected.Out, run.Out); // the bad lines change nothing else
    }

    [Fact]
    public async Task A_dash_reads_standard_input()
    {
        var stdin = await File.ReadAllBytesAsync(HostRunner.EventsFixture);
        var run = await HostRunner.ReplayAsync("-", stdin: stdin);
        var fromFile = await HostRunner.ReplayAsync(HostRunner.EventsFixture);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.Equal(fromFile.Out, run.Out);
        Assert.Equal(7, run.Values().Number("Queue/Sales/Entered"));
    }

    [Fact]
    public async Task Rejected_lines_of_standard_input_are_named_stdin()
    {
        var stdin = System.Text.Encoding.UTF8.GetBytes(Queued(1, "09:00:00", "c1") + "\n{oops\n");
        var run = await HostRunner.ReplayAsync("-", at: "2026-11-26T09:00:10Z", stdin: stdin);

        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.StartsWith("stdin:2: invalid JSON", run.Error, StringComparison.Ordinal);
        Assert.Equal(1, run.Values().Number("Queue/Sales/Waiting"));
        Assert.Equal(10, run.Values().Number("Queue/Sales/LongestWait"));
    }

    [Theory]
    [InlineData("2026-11-26T09:31:00Z", 4, 1, 0)]       // C1..C4 (C4 queued at exactly 09:31:00); C3 abandoned; C4 waits 0 s
    [InlineData("2026-11-26T09:31:30Z", 4, 1, 30)]
    [InlineData("2026-11-26T10:30:00+00:30", 7, 3, 60)] // 10:00:00Z with an offset
    [InlineData("2026-11-26T10:00:00", 7, 3, 60)]       // no offset: UTC
    public async Task Events_after_at_are_not_applied(string at, double entered, double abandoned, double longestWait)
    {
        var run = await HostRunner.ReplayAsync(HostRunner.EventsFixture, at);

        Assert.Equal(0, run.ExitCode);
        var values = run.Values();
        Assert.Equal(entered, values.Number("Queue/Sales/Entered"));
        Assert.Equal(abandoned, values.Number("Queue/Sales/Abandoned"));
        Assert.Equal(longestWait, values.Number("Queue/Sales/LongestWait"));
    }

    [Fact]
    public async Task Reading_stops_at_the_first_event_after_at_even_if_later_lines_are_earlier()
    {
        using var dir = new TempDirectory();
        var events = dir.Write("events.jsonl", [Queued(1, "09:00:00", "c1"), Queued(2, "09:30:00", "c2"), Queued(3, "09:10:00", "c3")]);

        var run = await HostRunner.ReplayAsync(events, "2026-11-26T09:20:00Z");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(1, run.Values().Number("Queue/Sales/Entered"));
    }

    [Fact]
    public async Task The_clock_never_goes_back_an_older_event_is_applied_at_the_clock_time()
    {
        using var dir = new TempDirectory();
        // c2 says 09:05 but comes after an event of 09:10: it is applied at 09:10.
        var events = dir.Write("events.jsonl", [Queued(1, "09:10:00", "c1"), Queued(2, "09:05:00", "c2")]);

        var run = await HostRunner.ReplayAsync(events, "2026-11-26T09:20:00Z");

        Assert.Equal(0, run.ExitCode);
        var values = run.Values();
        Assert.Equal(2, values.Number("Queue/Sales/Waiting"));
        Assert.Equal(600, values.Number("Queue/Sales/LongestWait"));
    }

    [Fact]
    public async Task Without_events_up_to_at_every_statistic_is_printed_at_at()
    {
        using var dir = new TempDirectory();
        var events = dir.Write("events.jsonl", ["# only a comment", Queued(1, "11:00:00", "c1")]);

        var run = await HostRunner.ReplayAsync(events);

        Assert.Equal(0, run.ExitCode);
        var values = run.Values();
        Assert.Equal(320, values.Count);
        Assert.Equal(0, values.Number("Queue/Sales/Entered"));
        Assert.Equal("LoggedOut", values.Text("Agent/a1001/CurrentState"));
    }

    [Fact]
    public async Task Events_the_engine_skips_are_noted_but_are_not_an_input_error()
    {
        using var dir = new TempDirectory();
        var events = dir.Write("events.jsonl",
        [
            Queued(1, "09:00:00", "c1"),
            Queued(1, "09:00:01", "c1"), // duplicate seq
            """{"seq":2,"time":"2026-11-26T09:00:02.000Z","tenant":"acme","source":"voice","event":"EventQueued","connId":"c9","dn":"8001"}""",
        ]);

        var run = await HostRunner.ReplayAsync(events);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("replay: note: of 3 events, 1 duplicate, 1 for an unknown tenant (docs/statistics.md §7)\n", run.Error);
        Assert.Equal(1, run.Values().Number("Queue/Sales/Entered"));
    }

    [Fact]
    public async Task A_missing_configuration_file_is_an_input_error()
    {
        var missing = Path.Combine(AppContext.BaseDirectory, "no-such-config.json");
        var run = await HostRunner.RunAsync(["replay", "--config", missing, "--events", HostRunner.EventsFixture, "--at", HostRunner.At]);

        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.StartsWith($"{missing}: cannot read the configuration file", run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task An_invalid_configuration_is_reported_with_file_and_line()
    {
        using var dir = new TempDirectory();
        var config = dir.Write("config.json", ["{", "  \"tenants\": [", "    { \"id\": \"demo\", \"queues\": [ { \"id\": \"Sales\" } ] }", "  ]", "}"]);

        var run = await HostRunner.RunAsync(["replay", "--config", config, "--events", HostRunner.EventsFixture, "--at", HostRunner.At]);

        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Equal($"{config}:3: $.tenants[0].queues[0].dn: required property is missing\n", run.Error);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task A_missing_event_file_is_an_input_error()
    {
        var missing = Path.Combine(AppContext.BaseDirectory, "no-such-events.jsonl");
        var run = await HostRunner.ReplayAsync(missing);

        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.StartsWith($"{missing}: cannot read the event file: ", run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task A_directory_as_event_file_is_an_input_error()
    {
        using var dir = new TempDirectory();
        var run = await HostRunner.ReplayAsync(dir.Path);

        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Equal($"{dir.Path}: cannot read the event file: it is a directory\n", run.Error);
    }

    [Theory]
    [InlineData(new[] { "replay" }, "replay needs --config, --events, --at (missing options)")]
    [InlineData(new[] { "replay", "--config", "c.json", "--events", "e.jsonl" }, "replay needs --at (missing option)")]
    [InlineData(new[] { "replay", "--config", "c.json", "--events", "e.jsonl", "--at", "tomorrow" }, "--at: 'tomorrow' is not a date and time; give an ISO 8601 instant such as 2026-11-26T10:00:00Z")]
    [InlineData(new[] { "replay", "--config", "c.json", "--events", "e.jsonl", "--at", "2026-11-26T10:00:00Z", "--speed", "2" }, "Unrecognized command or argument '--speed'.")]
    [InlineData(new[] { "replay", "--config", "c.json", "--config", "d.json" }, "Option '--config' expects a single argument but 2 were provided.")]
    [InlineData(new[] { "replay", "--config" }, "Required argument missing for option: '--config'.")]
    [InlineData(new[] { "replay", "c.json" }, "Unrecognized command or argument 'c.json'.")]
    [InlineData(new[] { "--speed", "fast" }, "--speed: 'fast' is not a number")]
    [InlineData(new[] { "replya" }, "Unrecognized command or argument 'replya'.")]
    public async Task Usage_errors_print_the_message_and_a_hint_and_exit_2(string[] args, string message)
    {
        var run = await HostRunner.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith($"Pulse.Host: {message}\n", run.Error, StringComparison.Ordinal);
        Assert.Contains("--help' for the options", run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task Help_prints_the_usage_on_standard_output()
    {
        var run = await HostRunner.RunAsync(["--help"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("[command] [options]", run.Out, StringComparison.Ordinal);
        Assert.Contains("replay ", run.Out, StringComparison.Ordinal);
        Assert.Equal("", run.Error);
    }
}
