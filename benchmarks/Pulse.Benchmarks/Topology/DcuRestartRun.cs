using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Pulse.Benchmarks.Live;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Events;
using Pulse.Sdk.Feed;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Redis;
using Pulse.Sdk.Simulation;
using PacedEventSource = Pulse.Benchmarks.Live.PacedEventSource;
using StackExchange.Redis;

namespace Pulse.Benchmarks.Topology;

/// <summary>What one restart measured (milliseconds from the kill unless named otherwise).</summary>
/// <param name="Opened">Statistics the restarted DCU opened.</param>
/// <param name="CheckpointBytes">The checkpoint it restored.</param>
/// <param name="SpawnMs">Kill → the new process started.</param>
/// <param name="OpenedMs">Kill → "opened N statistics" logged (runtime start, configuration, catalogue opened).</param>
/// <param name="RestoredMs">Kill → "restored checkpoint" logged (checkpoint read from Redis, decoded, restored).</param>
/// <param name="FirstValueMs">Kill → the first pub/sub message written by the new process.</param>
/// <param name="FlowingMs">Kill → the first value of a marker event sent after the restart began: values flowing again.</param>
/// <param name="LoadAverage">The machine's one-minute load average after the run.</param>
public sealed record DcuRestartResult(int Opened, long CheckpointBytes, double SpawnMs, double OpenedMs, double RestoredMs, double FirstValueMs, double FlowingMs, double LoadAverage)
{
    public const string MarkdownHeader =
        "| statistics open | checkpoint | kill → process started | → catalogue opened | → checkpoint restored | → first value written | → **values flowing** | load |\n" +
        "|---|---|---|---|---|---|---|---|";

    public string ToMarkdownRow() => string.Create(CultureInfo.InvariantCulture,
        $"| {Opened:N0} | {CheckpointBytes / 1e6:0.0} MB | {SpawnMs:0} ms | {OpenedMs:0} ms | {RestoredMs:0} ms | {FirstValueMs:0} ms | **{FlowingMs:0} ms** | {LoadAverage:0.0} |");
}

/// <summary>
/// One run of <c>dcu-restart</c>: a Redis server and the <c>dcu</c> role of Pulse.Host (Redis writer, checkpoints every
/// second) with a configuration large enough for ≥ 1,000,000 statistics of the standard catalogue: the simulator's
/// Benchmark site scaled up (tenant <c>bench</c>) plus the latency workload's tenant (<c>t1</c>, 500 queues and the marker
/// queue). This process serves the voice feed: the simulator's first voice events (warm state: agents logged in, calls
/// in progress), then steady paced traffic on <c>t1</c> with a marker call every 10 ms. Once the DCU has stored
/// checkpoints of that state, it is killed (SIGKILL) and started again at once; the harness stamps each line the new
/// process logs and each pub/sub message on <c>pulse:{t1}:updates</c>, and reports the time from the kill to the first
/// marker value of an event sent after the restart began.
/// </summary>
public static class DcuRestartRun
{
    public static async Task<DcuRestartResult> RunAsync(DcuRestartSettings settings, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);
        var root = Machine.RepositoryRoot();
        var site = new ContactCenterSimulator(SimulatorOptions.Benchmark with
        {
            Agents = settings.Agents, Queues = settings.Queues, AgentGroups = settings.AgentGroups,
            Start = DateTimeOffset.UtcNow.AddHours(-1),
        });
        var workload = new LatencyWorkload(new LatencySettings { EventsPerSecond = settings.EventsPerSecond, Warmup = TimeSpan.FromMinutes(5), Duration = TimeSpan.FromMinutes(5) });
        var config = new PulseConfiguration { Tenants = [.. site.Configuration.Tenants, .. workload.Configuration.Tenants] };
        var work = Directory.CreateTempSubdirectory("pulse-dcu-restart-").FullName;
        var configPath = Path.Combine(work, "config.json");
        await File.WriteAllTextAsync(configPath, ConfigurationJson.Serialize(config)).ConfigureAwait(false);

        var redisPort = FreePort();
        using var redis = Process.Start(new ProcessStartInfo("redis-server",
            ["--bind", "127.0.0.1", "--port", redisPort.ToString(CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no", "--dir", work])
            { RedirectStandardOutput = true })!;
        _ = redis.StandardOutput.ReadToEndAsync();
        var ledger = new MarkerLedger(1 << 20, 1, wallClock: true);
        var generator = new PacedEventSource(workload, ledger);
        var servers = new List<FeedServer>();
        DcuProcess? first = null, second = null;
        try
        {
            using var connection = await ConnectAsync(redisPort).ConfigureAwait(false);
            var marker = new MarkerWatch();
            await using var subscription = await RedisStatisticSubscriber.SubscribeAsync(connection, LatencyWorkload.Tenant, marker.OnChange).ConfigureAwait(false);

            var warm = site.Generate().Where(e => e.Source == EventSourceKind.Voice).Take(settings.WarmEvents);
            servers.Add(Serve(new Concatenated(warm, generator), "restart-voice"));
            foreach (var name in new[] { "restart-voice-vq", "restart-ixn", "restart-ixn-vq" }) servers.Add(Serve(new Machine.Silent(name), name));
            string[] dcu =
            [
                Machine.HostDll(root), "dcu", "--redis", "127.0.0.1:" + redisPort.ToString(CultureInfo.InvariantCulture), "--config", configPath,
                "--voice", Endpoint(servers[0]), "--voice-vq", Endpoint(servers[1]), "--ixn", Endpoint(servers[2]), "--ixn-vq", Endpoint(servers[3]),
                "--clock", "wall", "--metrics-port", "0", "--checkpoint-interval", Text(settings.CheckpointIntervalMs),
            ];

            log.WriteLine($"  first DCU: {settings.WarmEvents:N0} warm-up voice events of the simulator, then {settings.EventsPerSecond:N0} events/s on t1");
            first = DcuProcess.Start(dcu);
            var opened = await first.WaitForAsync("opened", TimeSpan.FromMinutes(3)).ConfigureAwait(false);
            log.WriteLine($"  {first.Line(opened)}");
            generator.Start();
            await marker.WaitForAsync(1, TimeSpan.FromMinutes(3)).ConfigureAwait(false);
            log.WriteLine($"  warm-up applied, markers flowing; {settings.SteadySeconds} s of steady traffic and checkpoints");
            await Task.Delay(TimeSpan.FromSeconds(settings.SteadySeconds)).ConfigureAwait(false);
            var checkpointKey = "pulse:checkpoint:{dcu}";
            var stored = await connection.GetDatabase().StringLengthAsync(checkpointKey).ConfigureAwait(false);
            if (stored == 0) throw new InvalidOperationException($"no checkpoint in Redis ({checkpointKey}) after {settings.SteadySeconds} s; the DCU's log:\n{first.Log()}");

            var killed = Stopwatch.GetTimestamp();
            first.Kill();
            second = DcuProcess.Start(dcu);
            var spawned = Stopwatch.GetTimestamp();
            var sentAfter = ledger.Count + 1; // the first marker handed over after the restart began
            var reopened = await second.WaitForAsync("opened", TimeSpan.FromMinutes(3)).ConfigureAwait(false);
            var restored = await second.WaitForAsync("restored checkpoint", TimeSpan.FromMinutes(3)).ConfigureAwait(false);
            var flowing = await marker.WaitForAsync(sentAfter + 1, TimeSpan.FromMinutes(3)).ConfigureAwait(false);
            var firstValue = marker.FirstAfter(second.Stamp(reopened));
            await Task.Delay(500).ConfigureAwait(false);
            foreach (var line in second.Lines()) log.WriteLine($"    restarted DCU {line}");
            var count = int.Parse(second.Text(reopened).Split("opened ")[1].Split(' ')[0], CultureInfo.InvariantCulture);
            var bytes = long.Parse(second.Text(restored).Split('(')[1].Split(' ')[0], CultureInfo.InvariantCulture);
            second.Kill();
            if (settings.Profile) await DcuRestartProfile.RunAsync(configPath, connection.GetDatabase(), checkpointKey, log).ConfigureAwait(false);
            return new DcuRestartResult(count, bytes, Ms(killed, spawned), Ms(killed, second.Stamp(reopened)), Ms(killed, second.Stamp(restored)),
                Ms(killed, firstValue), Ms(killed, flowing), Machine.LoadAverage());
        }
        finally
        {
            generator.Stop();
            first?.Kill();
            second?.Kill();
            foreach (var s in servers) await s.DisposeAsync().ConfigureAwait(false);
            redis.Kill();
            await redis.WaitForExitAsync().ConfigureAwait(false);
            Directory.Delete(work, recursive: true);
        }
    }

    private static double Ms(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    private static string Text(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Endpoint(FeedServer server) => "127.0.0.1:" + server.LocalEndPoint!.Port.ToString(CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static async Task<ConnectionMultiplexer> ConnectAsync(int port)
    {
        for (var attempt = 0; ; attempt++)
        {
            try { return await ConnectionMultiplexer.ConnectAsync("127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false); }
            catch (RedisConnectionException) when (attempt < 50) { await Task.Delay(100).ConfigureAwait(false); }
        }
    }

    private static FeedServer Serve(IEventSource source, string name)
    {
        // The ring holds the whole run: the first DCU reads the warm-up from offset 0, the second resumes after its checkpoint.
        var server = new FeedServer(source, new FeedServerOptions { Name = name, StreamId = name, RingCapacity = 1 << 21 });
        server.Start(new IPEndPoint(IPAddress.Loopback, 0));
        return server;
    }

    /// <summary>The warm-up events, then the paced source; every event renumbered so that seq keeps increasing.</summary>
    private sealed class Concatenated(IEnumerable<PulseEvent> first, IEventSource then) : IEventSource
    {
        public string Name => "warm-up+" + then.Name;

        public async IAsyncEnumerable<PulseEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            long seq = 0;
            foreach (var e in first) yield return e with { Seq = ++seq };
            await foreach (var e in then.ReadAllAsync(cancellationToken).ConfigureAwait(false)) yield return e with { Seq = ++seq };
        }
    }

    /// <summary>The marker queue's Entered values written to Redis, and when each pub/sub message arrived.</summary>
    private sealed class MarkerWatch
    {
        private readonly Lock _gate = new();
        private readonly List<(long Stamp, double Marker)> _seen = [];
        private readonly List<TaskCompletionSource<long>> _waiters = [];
        private readonly List<double> _targets = [];

        public void OnChange(RedisStatisticChange change)
        {
            var stamp = Stopwatch.GetTimestamp();
            var isMarker = change.Object.Type == ObjectType.Queue && change.Object.Id == LatencyWorkload.MarkerQueue && change.Statistic == LatencyWorkload.MarkerStatistic;
            lock (_gate)
            {
                _seen.Add((stamp, isMarker ? change.Value.Number : -1));
                if (!isMarker) return;
                for (var i = _waiters.Count - 1; i >= 0; i--)
                {
                    if (change.Value.Number < _targets[i]) continue;
                    _waiters[i].TrySetResult(stamp);
                    _waiters.RemoveAt(i);
                    _targets.RemoveAt(i);
                }
            }
        }

        /// <summary>When the marker statistic first reached <paramref name="value"/>.</summary>
        public Task<long> WaitForAsync(double value, TimeSpan timeout)
        {
            lock (_gate)
            {
                foreach (var (stamp, marker) in _seen)
                    if (marker >= value) return Task.FromResult(stamp);
                var tcs = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add(tcs);
                _targets.Add(value);
                return tcs.Task.WaitAsync(timeout);
            }
        }

        /// <summary>The first change of any statistic that arrived after <paramref name="stamp"/>.</summary>
        public long FirstAfter(long stamp)
        {
            lock (_gate) return _seen.Select(s => s.Stamp).FirstOrDefault(s => s > stamp);
        }
    }
}
