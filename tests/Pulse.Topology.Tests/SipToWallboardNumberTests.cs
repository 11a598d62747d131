using System.Net.Sockets;
using System.Globalization;
using System.Text;
using Pulse.Topology.Tests.Support;

namespace Pulse.Topology.Tests;

/// <summary>
/// How a SIP message becomes a number, through real processes: SIPp places three calls (answered, cancelled, held) from a
/// caller to queue DN 8001 and on to agent DN 5001; sngrep mirrors the SIP as HEP v3 to the <c>hep</c> role; the <c>dcu</c>
/// role subscribes to it over the feed protocol and writes Redis; the queue's values are read from Redis. Needs sipp,
/// sngrep, redis-server and root (packet capture): <c>scripts/test.sh</c> installs them; missing, the test fails.
/// </summary>
public sealed class SipToWallboardNumberTests
{
    private const string Configuration = """
        { "tenants": [ { "id": "t1",
            "queues": [ { "id": "q1", "dn": "8001", "serviceLevelThresholdSeconds": 20 } ],
            "agents": [ { "id": "a1", "dns": ["5001"] } ],
            "agentGroups": [ { "id": "g1", "agents": ["a1"] } ] } ] }
        """;

    [Fact]
    public async Task Calls_captured_as_hep_reach_redis_through_the_hep_and_dcu_processes_as_the_queue_counts()
    {
        var missing = new[] { "sipp", "sngrep", "redis-server", "redis-cli" }.Where(t => !OnPath(t)).ToList();
        Assert.True(missing.Count == 0, $"needs {string.Join(", ", missing)}: run scripts/test.sh, which installs sip-tester, sngrep and redis-server");
        Assert.True(Environment.UserName == "root", "needs root: sngrep captures packets on the loopback interface");

        var dir = Directory.CreateTempSubdirectory("pulse-sip-").FullName;
        var config = Path.Combine(dir, "config.json");
        await File.WriteAllTextAsync(config, Configuration);
        int redisPort = HostProcess.FreeTcpPort(), feedPort = HostProcess.FreeTcpPort(), hepPort = HostProcess.FreeUdpPort();
        int agentPort = HostProcess.FreeUdpPort(), callerPort = HostProcess.FreeUdpPort();
        string P(int port) => port.ToString(CultureInfo.InvariantCulture);
        var fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures");

        await using var redis = HostProcess.Start("redis-server", "--bind", "127.0.0.1", "--port", P(redisPort), "--save", "", "--appendonly", "no", "--dir", dir);
        var hepMetrics = HostProcess.FreeTcpPort();
        await using var hep = HostProcess.Role("hep", "--config", config, "--hep-port", P(hepPort), "--port", P(feedPort), "--metrics-port", P(hepMetrics));
        await using var dcu = HostProcess.Role("dcu", "--config", config, "--redis", $"127.0.0.1:{redisPort}", "--metrics-port", P(HostProcess.FreeTcpPort()),
            "--voice", $"127.0.0.1:{feedPort}", "--voice-vq", "127.0.0.1:9", "--ixn", "127.0.0.1:9", "--ixn-vq", "127.0.0.1:9");
        await using var sngrep = HostProcess.Start("sngrep", "-d", "lo", "-N", "-q", "-H", $"udp:127.0.0.1:{hepPort}", "udp", "port", P(agentPort));
        try
        {
            // The chain is up once the dcu has written its first values (the catalogue's initial ones) and the hep process
            // counts a probe that sngrep mirrored (an OPTIONS makes no event, so it changes no statistic).
            await EventuallyAsync(async () => (await QueueAsync(redisPort)).ContainsKey("Entered"), "the dcu's first values in Redis", dcu, hep);
            using (var probe = new UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0)))
            {
                var options = Encoding.UTF8.GetBytes("OPTIONS sip:probe@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKprobe\r\n" +
                    "From: <sip:probe@127.0.0.1>;tag=p\r\nTo: <sip:probe@127.0.0.1>\r\nCall-ID: probe\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
                await EventuallyAsync(async () =>
                {
                    await probe.SendAsync(options, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, agentPort));
                    return await MetricAsync(hepMetrics, "pulse_hep_packets_total") > 0;
                }, "sngrep mirroring SIP to the hep process", sngrep, hep);
            }
            // And the dcu reads the hep process's feed: calls made before it subscribed would not reach it.
            await EventuallyAsync(async () => await MetricAsync(hepMetrics, "pulse_feed_server_receivers") > 0, "the dcu subscribed to the hep process's feed", dcu, hep);

            foreach (var (agent, caller) in new[] { ("answer", "answered"), ("cancel", "cancel"), ("hold", "hold") })
            {
                await using var uas = HostProcess.Start("sipp", "-sf", $"{fixtures}/agent-{agent}.xml", "-s", "5001", "-i", "127.0.0.1", "-p", P(agentPort),
                    "-m", "1", "-nostdin", "-timeout", "20s", "-timeout_error");
                // The agent's SIPp must listen before the caller's dials: its UDP port is taken once it does.
                await EventuallyAsync(() => Task.FromResult(Pulse.Testing.ProcNet.UdpPortTaken(agentPort)), $"SIPp agent ({agent}) listening", uas);
                await using var uac = HostProcess.Start("sipp", $"127.0.0.1:{agentPort}", "-sf", $"{fixtures}/caller-{caller}.xml", "-s", "8001", "-i", "127.0.0.1",
                    "-p", P(callerPort), "-m", "1", "-nostdin", "-timeout", "20s", "-timeout_error");
                await uac.ExitedAsync($"SIPp caller ({caller})", TimeSpan.FromSeconds(25));
                await uas.ExitedAsync($"SIPp agent ({agent})", TimeSpan.FromSeconds(25));
            }

            // Three calls entered queue q1: two answered by the agent, one cancelled while it rang.
            await EventuallyAsync(async () =>
            {
                var q = await QueueAsync(redisPort);
                return q.GetValueOrDefault("Entered") == "3" && q.GetValueOrDefault("Answered") == "2" && q.GetValueOrDefault("Abandoned") == "1";
            }, "queue q1 in Redis: Entered 3, Answered 2, Abandoned 1", dcu, hep);
            var values = await QueueAsync(redisPort);
            Assert.Equal("0", values["Waiting"]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// The current values of queue q1 as the DCU stored them (docs/redis.md: one hash per object); none while Redis does
    /// not answer yet (a redis-server just started on a busy machine).
    /// </summary>
    private static async Task<Dictionary<string, string>> QueueAsync(int redisPort)
    {
        await using var cli = HostProcess.Start("redis-cli", "-p", redisPort.ToString(CultureInfo.InvariantCulture), "--raw", "HGETALL", "pulse:{t1}:Queue:q1");
        if (!await cli.EndedAsync(TimeSpan.FromSeconds(10)) || cli.ExitCode != 0) return [];
        var lines = cli.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var values = new Dictionary<string, string>();
        for (var i = 0; i + 1 < lines.Length; i += 2) values[lines[i]] = lines[i + 1];
        return values;
    }

    /// <summary>The sum of a metric's series in the Prometheus text of a process's /metrics; 0 while it does not answer.</summary>
    private static async Task<double> MetricAsync(int metricsPort, string name)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        string metrics;
        try { metrics = await http.GetStringAsync($"http://127.0.0.1:{metricsPort}/metrics"); }
        catch (HttpRequestException) { return 0; }
        return metrics.Split('\n').Where(l => l.StartsWith(name, StringComparison.Ordinal) && (l.Length == name.Length || l[name.Length] is ' ' or '{'))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, tool)));

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what, params HostProcess[] logs)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline; await Task.Delay(200)) // the poll interval
            if (await condition()) return;
        Assert.Fail($"timed out waiting for {what}\n" + string.Join("\n---\n", logs.Select(l => l.Output)));
    }
}
