using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Hep.Tests.Support;
using Pulse.Sdk.Statistics;
using C = Pulse.Sdk.Statistics.StandardCatalogue;
using T = Pulse.Sdk.Events.PulseEventType;

namespace Pulse.Sdk.Hep.Tests.EndToEnd;

/// <summary>
/// Real peers: SIPp places calls from a caller (UAC, to queue DN 8001) to an agent (UAS, DN 5001) over loopback;
/// sngrep captures the SIP on <c>lo</c> and mirrors it as HEP3 over UDP to a <see cref="HepEventSource"/>; the
/// events drive a <see cref="StatisticsEngine"/> and the statistics are asserted. Needs <c>sipp</c> (package
/// sip-tester), <c>sngrep</c> and root (packet capture); <c>scripts/test.sh</c> installs the packages. Missing
/// tools fail the test, they do not skip it.
/// </summary>
public class SippSngrepEndToEndTests
{
    [Fact]
    public async Task Answered_cancelled_and_held_calls_captured_by_sngrep_give_the_expected_statistics()
    {
        RequireTools();
        var h = new EngineHarness(DateTimeOffset.UtcNow.AddMinutes(-1));
        var entered = h.Open(C.Entered, ObjectType.Queue, "q1");
        var answered = h.Open(C.Answered, ObjectType.Queue, "q1");
        var abandoned = h.Open(C.Abandoned, ObjectType.Queue, "q1");
        var handled = h.Open(C.Handled, ObjectType.Agent, "a1");
        var hold = h.Open(C.HoldTime, ObjectType.Agent, "a1");
        h.LoginAgents(h.Clock.GetUtcNow());

        await using var run = new SourceRunner(h.Provider, tcp: false);
        await run.StartedAsync();
        int hepPort = run.Source.UdpLocalEndpoints[0].Port;
        int agentPort = FreeUdpPort(), callerPort = FreeUdpPort();
        string fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures");

        using var sngrep = Start("sngrep", $"-d lo -N -q -H udp:127.0.0.1:{hepPort} udp port {agentPort}");
        try
        {
            // sngrep is capturing once a probe sent to the agent port comes back as HEP.
            using (var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
            {
                var probeText = Sip.Bytes(Sip.Request("OPTIONS", "probe", "probe", 1, to: "probe"));
                var deadline = DateTime.UtcNow.AddSeconds(15);
                while (run.Source.PacketCount == 0)
                {
                    if (sngrep.HasExited) Assert.Fail($"sngrep exited with code {sngrep.ExitCode}: {await sngrep.StandardError.ReadToEndAsync()}");
                    Assert.True(DateTime.UtcNow < deadline, "sngrep sent no HEP packet within 15 s of starting");
                    await probe.SendAsync(probeText, new IPEndPoint(IPAddress.Loopback, agentPort));
                    await Task.Delay(200); // the probe's resend interval while sngrep starts capturing
                }
            }

            foreach (var (agent, caller) in new[] { ("answer", "answered"), ("cancel", "cancel"), ("hold", "hold") })
            {
                using var uas = Start("sipp", $"-sf {fixtures}/agent-{agent}.xml -s 5001 -i 127.0.0.1 -p {agentPort} -m 1 -nostdin -timeout 20s -timeout_error");
                // The agent's SIPp must listen before the caller's dials: its UDP port is taken once it does.
                await Eventually.UntilAsync(() => ProcNet.UdpPortTaken(agentPort), $"SIPp agent ({agent}) listening", TimeSpan.FromSeconds(15));
                using var uac = Start("sipp", $"127.0.0.1:{agentPort} -sf {fixtures}/caller-{caller}.xml -s 8001 -i 127.0.0.1 -p {callerPort} -m 1 -nostdin -timeout 20s -timeout_error");
                await ExitedAsync(uac, $"SIPp caller ({caller})");
                await ExitedAsync(uas, $"SIPp agent ({agent})");
            }

            await run.WaitForAsync(() => run.Events.Count(e => e.Type is T.Released or T.Abandoned) >= 3, TimeSpan.FromSeconds(10), "the three calls to end");
            await Task.Delay(300); // a negative check bounded by time, not a wait: late copies (retransmissions) must add nothing
        }
        finally
        {
            if (!sngrep.HasExited) sngrep.Kill();
        }

        var events = run.Events.ToList();
        Assert.Equal(3, events.Count(e => e.Type == T.Queued));
        Assert.Equal(2, events.Count(e => e.Type == T.Established));
        Assert.Equal(1, events.Count(e => e.Type == T.Abandoned));
        Assert.Equal(1, events.Count(e => e.Type == T.Held));
        Assert.Equal(1, events.Count(e => e.Type == T.Retrieved));
        Assert.Equal(2, events.Count(e => e.Type == T.Released));
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Seq));

        h.Apply(events);
        Assert.All(h.Outcomes, o => Assert.Equal(EventOutcome.Applied, o));
        Assert.Equal(3, h.Value(entered));
        Assert.Equal(2, h.Value(answered));
        Assert.Equal(1, h.Value(abandoned));
        Assert.Equal(2, h.Value(handled));
        Assert.InRange(h.Value(hold), 0.7, 5); // the caller holds for about 1 s
    }

    private static void RequireTools()
    {
        var missing = new[] { "sipp", "sngrep" }.Where(t => !OnPath(t)).ToList();
        Assert.True(missing.Count == 0,
            $"end-to-end test needs {string.Join(" and ", missing)} (Debian packages sip-tester, sngrep): run scripts/test.sh, which installs them");
        Assert.True(Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root",
            "end-to-end test needs root: sngrep captures packets on the loopback interface");
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, tool)));

    private static int FreeUdpPort()
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }

    private static Process Start(string file, string arguments)
    {
        var psi = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        p.OutputDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        return p;
    }

    private static async Task ExitedAsync(Process p, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(25));
        try
        {
            await p.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill();
            Assert.Fail($"{what} did not finish within 25 s");
        }

        Assert.True(p.ExitCode == 0, $"{what} failed with exit code {p.ExitCode}: {await p.StandardError.ReadToEndAsync()}");
    }
}
