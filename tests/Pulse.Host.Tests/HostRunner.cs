using Pulse.Host;

namespace Pulse.Host.Tests;

/// <summary>Runs the host in process, with string writers for its output and a byte array for its standard input.</summary>
internal static class HostRunner
{
    /// <summary>The demo configuration of samples/Pulse.Host, as README's replay command uses it.</summary>
    public static string DemoConfig => RepositoryFiles.Find(Path.Combine("samples", "Pulse.Host", "demo-config.json"));

    /// <summary>The replay fixture, copied next to the test assembly.</summary>
    public static string EventsFixture => Path.Combine(AppContext.BaseDirectory, "Fixtures", "replay-events.jsonl");

    /// <summary>The instant of README's replay command.</summary>
    public const string At = "2026-11-26T10:00:00Z";

    public static async Task<HostRunResult> RunAsync(string[] args, byte[]? stdin = null, bool redirected = true, CancellationToken cancellationToken = default)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = new HostConsole(output, error, () => new MemoryStream(stdin ?? []), redirected);
        var code = await HostApp.RunAsync(args, console, cancellationToken);
        return new HostRunResult(code, output.ToString(), error.ToString());
    }

    /// <summary>Replays <paramref name="events"/> against the demo configuration at <paramref name="at"/>.</summary>
    public static Task<HostRunResult> ReplayAsync(string events, string at = At, byte[]? stdin = null) =>
        RunAsync(["replay", "--config", DemoConfig, "--events", events, "--at", at], stdin);
}
