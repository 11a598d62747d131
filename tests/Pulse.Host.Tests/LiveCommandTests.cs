using System.Diagnostics;
using System.Text.RegularExpressions;
using Pulse.Host;

namespace Pulse.Host.Tests;

/// <summary>The live mode, for real but short: the simulator at 50x real time for a second or two.</summary>
public class LiveCommandTests
{
    private static int Count(string text, string part) => Regex.Count(text, Regex.Escape(part));

    [Fact]
    public async Task Redirected_with_a_duration_prints_the_intro_and_a_final_snapshot_then_exits_0()
    {
        var time = Stopwatch.StartNew();
        var run = await HostRunner.RunAsync(["--duration", "2", "--speed", "50", "--http-port", "off"], redirected: true);
        time.Stop();

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.StartsWith("Pulse.Host live (simulator seed 1, speed 50x): standard output is not a terminal", run.Out, StringComparison.Ordinal);
        Assert.Equal(1, Count(run.Out, "Queue  ")); // one snapshot: the final one (the next periodic one is due at 5 s)
        foreach (var row in new[] { "\nq001  ", "\nq002  ", "\nq003  ", "\nvq001 (VQ)  ", "\nall_queues (group)  ", "\ng001  ", "\ng003  " })
            Assert.Contains(row, run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", run.Out, StringComparison.Ordinal);

        // 100 simulated seconds of a busy demo site: calls entered and agents logged in.
        var calls = Regex.Match(run.Out, @"Tenant demo  calls: \d+ waiting \(longest \d+:\d\d\), (\d+) entered");
        Assert.True(calls.Success, run.Out);
        Assert.True(int.Parse(calls.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, run.Out);
        Assert.Contains("agents: 24 logged in", run.Out, StringComparison.Ordinal);
        // The duration ends the run (2 s and the process's start; generous for a loaded machine, far from never).
        Assert.True(time.Elapsed < TimeSpan.FromSeconds(20), $"took {time.Elapsed}");
    }

    [Fact]
    public async Task Redirected_prints_a_snapshot_every_plain_interval()
    {
        var (output, text) = SharedOutput();
        var console = new HostConsole(output, new StringWriter(), () => Stream.Null, IsOutputRedirected: true);
        var live = new LiveCommand(console) { RefreshInterval = TimeSpan.FromMilliseconds(100), PlainInterval = TimeSpan.FromMilliseconds(300) };

        // Stopped once two periodic snapshots are out, however long the start took.
        using var stop = new CancellationTokenSource();
        var running = live.RunAsync(new LiveOptions(Speed: 50, Seed: 3), stop.Token);
        await Eventually.UntilAsync(() => Count(text(), "Queue  ") >= 2, "two periodic snapshots");
        await stop.CancelAsync();
        Assert.Equal(0, await running);

        Assert.True(Count(text(), "Queue  ") >= 2, text());
        Assert.Contains("simulator seed 3", text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_a_terminal_frames_are_redrawn_and_cancellation_stops_cleanly_with_exit_code_0()
    {
        var (output, text) = SharedOutput();
        var console = new HostConsole(output, new StringWriter(), () => Stream.Null, IsOutputRedirected: false);
        var live = new LiveCommand(console) { RefreshInterval = TimeSpan.FromMilliseconds(200) };

        // Cancelled once two frames are drawn, however long the start took.
        using var stop = new CancellationTokenSource();
        var running = live.RunAsync(new LiveOptions(Speed: 50), stop.Token);
        await Eventually.UntilAsync(() => Count(text(), "\u001b[HPulse.Host live") >= 2, "two frames drawn");
        await stop.CancelAsync();
        Assert.Equal(0, await running);

        var all = text();
        Assert.StartsWith("\u001b[?25l\u001b[2J", all, StringComparison.Ordinal);
        Assert.True(Count(all, "\u001b[HPulse.Host live") >= 2, all);
        Assert.Contains("Ctrl+C stops.", all, StringComparison.Ordinal);
        Assert.EndsWith("Stopped.\u001b[K\n\u001b[J\u001b[?25h", all, StringComparison.Ordinal);
    }

    /// <summary>A writer the command writes to from its own thread, and a way to read what it wrote so far meanwhile.</summary>
    private static (TextWriter Writer, Func<string> Text) SharedOutput()
    {
        var inner = new StringWriter();
        var writer = TextWriter.Synchronized(inner);
        // The synchronized writer locks on itself for each call: reading under the same lock sees whole writes.
        return (writer, () =>
        {
            lock (writer) return inner.ToString();
        });
    }
}
