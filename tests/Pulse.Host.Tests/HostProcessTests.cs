using System.Diagnostics;

namespace Pulse.Host.Tests;

/// <summary>The built host, run as a process the way README runs it (<c>dotnet Pulse.Host.dll replay ...</c>).</summary>
public class HostProcessTests
{
    /// <summary>The host's build output, copied next to the test assembly by the project reference.</summary>
    private static string HostDll => Path.Combine(AppContext.BaseDirectory, "Pulse.Host.dll");

    /// <summary>The dotnet executable running these tests (set by the dotnet CLI for its children), or dotnet on the PATH.</summary>
    private static string DotNet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";

    [Fact]
    public async Task Replay_as_a_process_prints_the_same_lines_and_exits_0()
    {
        Assert.True(File.Exists(HostDll), $"{HostDll} is missing: the test project must reference samples/Pulse.Host");
        var start = new ProcessStartInfo(DotNet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var arg in new[] { HostDll, "replay", "--config", HostRunner.DemoConfig, "--events", HostRunner.EventsFixture, "--at", HostRunner.At })
            start.ArgumentList.Add(arg);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        var inProcess = await HostRunner.ReplayAsync(HostRunner.EventsFixture);
        Assert.Equal("", await stderr);
        Assert.Equal(0, process.ExitCode);
        Assert.Equal(inProcess.Out, await stdout);
        Assert.Contains("""{"tenant":"demo","objectType":"Queue","objectId":"Sales","statistic":"ServiceLevel1","value":66.666667}""", await stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_usage_error_exits_2_as_a_process()
    {
        var start = new ProcessStartInfo(DotNet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { HostDll, "replay", "--config", HostRunner.DemoConfig })
            start.ArgumentList.Add(arg);

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(2, process.ExitCode);
        Assert.StartsWith("Pulse.Host: replay needs --events, --at (missing options)", await stderr, StringComparison.Ordinal);
        Assert.Equal("", await stdout);
    }
}
