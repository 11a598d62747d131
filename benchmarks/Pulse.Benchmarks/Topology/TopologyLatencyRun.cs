using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Pulse.Benchmarks.Live;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Feed;

namespace Pulse.Benchmarks.Topology;

/// <summary>
/// One run of <c>latency-topology</c>: event → wallboard through every Pulse component in its own process.
/// <c>scripts/topology.sh up --upstream external</c> starts PostgreSQL, Redis, the LDS, the LDS-VQ, the DCU (the
/// workload's configuration, wall clock, no reorder window, the given flush interval), the permissions and
/// authentication roles, two Pulse replicas and the ingress; this process is the voice upstream: a
/// <see cref="FeedServer"/> serving the <see cref="PacedEventSource"/> (markers stamped with the wall clock when the
/// feed server takes them) on the voice port, and silent feeds on the three others. The layouts are imported through
/// the ingress (<c>POST /api/wbrt/import</c>), and the subscribers run in a separate process
/// (<see cref="LatencyClientCommand"/>) that logs in and connects through the ingress too.
/// </summary>
public static class TopologyLatencyRun
{
    /// <param name="viaIngress">The clients connect through the ingress (true), or straight to the replicas, spread evenly (false).</param>
    public static async Task<LatencyResult> RunAsync(LatencySettings settings, TimeSpan flushInterval, string dir, bool build, bool viaIngress, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);
        var root = Machine.RepositoryRoot();
        var work = Directory.CreateTempSubdirectory("pulse-latency-topology-").FullName;
        var workload = new LatencyWorkload(settings);
        var configPath = Path.Combine(work, "config.json");
        await File.WriteAllTextAsync(configPath, ConfigurationJson.Serialize(ConfigurationFor(workload))).ConfigureAwait(false);

        string[] up =
        [
            "up", "--dir", dir, "--ports", "free", "--upstream", "external", "--config", configPath, "--clock", "wall", "--reorder-window", "0",
            "--flush-interval", Ms(flushInterval), "--max-push-rate", settings.MaxRate.ToString(CultureInfo.InvariantCulture),
        ];
        var starting = Stopwatch.StartNew();
        Process? clients = null;
        var servers = new List<FeedServer>();
        try
        {
            await Machine.TopologyAsync(root, log, build ? up : [.. up, "--no-build"]).ConfigureAwait(false);
            var ports = Machine.ReadPorts(dir);
            var ledger = new MarkerLedger(settings.MarkerCapacity, settings.Clients, wallClock: true);
            var generator = new PacedEventSource(workload, ledger);
            using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync("127.0.0.1:" + ports["REDIS_PORT"]).ConfigureAwait(false);
            await using var published = await RedisMarkerWatch.StartAsync(redis, ledger).ConfigureAwait(false);
            servers.Add(await ServeAsync(generator, "latency-voice", ports["VOICE_PORT"]).ConfigureAwait(false));
            foreach (var name in new[] { "VOICE_VQ_PORT", "IXN_PORT", "IXN_VQ_PORT" }) servers.Add(await ServeAsync(new Machine.Silent(name), name, ports[name]).ConfigureAwait(false));

            var ingress = new Uri("http://127.0.0.1:" + ports["INGRESS_PORT"] + "/");
            var replicas = ports.Where(p => p.Key.StartsWith("PULSE_", StringComparison.Ordinal) && p.Key.EndsWith("_PORT", StringComparison.Ordinal) && !p.Key.Contains("METRICS", StringComparison.Ordinal))
                .Select(p => new Uri("http://127.0.0.1:" + p.Value + "/")).ToList();
            var layouts = await ImportLayoutsAsync(ingress, replicas, workload).ConfigureAwait(false);
            var layoutsPath = Path.Combine(work, "layouts.txt");
            await File.WriteAllLinesAsync(layoutsPath, layouts.Select(l => l.ToString())).ConfigureAwait(false);
            var received = Path.Combine(work, "received.bin");
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  topology up and layouts imported in {starting.Elapsed.TotalSeconds:0} s; starting {settings.Clients:N0} clients"));

            clients = Machine.StartSelf("latency-client", "--url", viaIngress ? ingress.ToString() : string.Join(',', replicas), "--user", LatencyWorkload.Viewer, "--password", "pulse",
                "--clients", Text(settings.Clients), "--capacity", Text(settings.MarkerCapacity), "--max-rate", settings.MaxRate.ToString(CultureInfo.InvariantCulture),
                "--layouts", layoutsPath, "--out", received);
            var errors = clients.StandardError.ReadToEndAsync();
            var ready = await AnswerAsync(clients, errors, "ready").ConfigureAwait(false);
            log.WriteLine($"  {settings.Clients:N0} clients subscribed {(viaIngress ? "through the ingress" : "straight to the replicas")} in {ready[1]} s; warming up {settings.Warmup.TotalSeconds:0} s");

            generator.Start();
            await Task.Delay(settings.Warmup).ConfigureAwait(false);
            var processes = Processes(dir, clients);
            var busyBefore = processes.ToDictionary(p => p.Key, p => Machine.ProcessBusy(p.Value));
            var start = await Window.ReadAsync(ledger, generator, clients, errors).ConfigureAwait(false);
            await Task.Delay(settings.Duration).ConfigureAwait(false);
            var end = await Window.ReadAsync(ledger, generator, clients, errors).ConfigureAwait(false);
            var window = (end.Timestamp - start.Timestamp) / (double)Stopwatch.Frequency;
            log.WriteLine("  CPU in the window (cores): " + string.Join(", ", processes
                .Select(p => (p.Key, Cores: (Machine.ProcessBusy(p.Value) - busyBefore[p.Key]).TotalSeconds / window))
                .OrderByDescending(p => p.Cores).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Cores:0.00}"))));
            generator.Stop();

            var patience = TimeSpan.FromSeconds(5) + flushInterval * 20;
            await clients.StandardInput.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"collect {end.Markers} {(int)patience.TotalMilliseconds}")).ConfigureAwait(false);
            await clients.StandardInput.FlushAsync().ConfigureAwait(false);
            var done = await AnswerAsync(clients, errors, "done").ConfigureAwait(false);
            await using (var file = File.OpenRead(received)) ledger.ReadReceived(file);

            var samples = ledger.Collect(start.Markers, end.Markers);
            if (samples.Missed == 0) log.WriteLine("  " + Spread(samples.LatenciesMs, settings.Clients, end.Markers - start.Markers));
            var toRedis = new LatencyDistribution(published.LatenciesMs(start.Markers, end.Markers));
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  event → published on Redis by the DCU: p50 {toRedis.Percentile(50):0.0} ms, p90 {toRedis.Percentile(90):0.0} ms, p99 {toRedis.Percentile(99):0.0} ms, max {toRedis.Max:0} ms ({toRedis.Count:N0} markers)"));
            var latencies = new LatencyDistribution(samples.LatenciesMs);
            var seconds = (end.Timestamp - start.Timestamp) / (double)Stopwatch.Frequency;
            var messages = end.Messages - start.Messages;
            var busy = end.MachineBusy - start.MachineBusy;
            return new LatencyResult(
                flushInterval, settings.Clients, latencies.Count, latencies.Percentile(50), latencies.Percentile(90), latencies.Percentile(99), latencies.Max,
                samples.Missed, samples.Superseded, long.Parse(done[1], CultureInfo.InvariantCulture),
                (end.Events - start.Events) / seconds, messages / seconds, (end.Bytes - start.Bytes) / seconds / 1e6,
                busy.TotalSeconds / seconds, busy.TotalMicroseconds / Math.Max(1, messages),
                double.NaN, double.NaN, 0, Machine.LoadAverage(), 0);
        }
        finally
        {
            if (clients is not null)
            {
                if (!clients.HasExited) clients.Kill();
                clients.Dispose();
            }
            foreach (var s in servers) await s.DisposeAsync().ConfigureAwait(false);
            await Machine.TopologyAsync(root, log, "down", "--dir", dir).ConfigureAwait(false);
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// Whether the slow samples belong to some clients (a replica, a connection) or to some moments (a stall of the
    /// pipeline): the clients whose median is over 500 ms, and the markers (10 ms apart) whose median over the clients is.
    /// <paramref name="latencies"/> is client-major (as <see cref="MarkerLedger.Collect"/> gives them when nothing was missed).
    /// </summary>
    public static string Spread(double[] latencies, int clients, int markers)
    {
        ArgumentNullException.ThrowIfNull(latencies);
        if (markers <= 0 || latencies.Length != clients * markers) return "spread: not computed";
        var slowClients = Enumerable.Range(0, clients).Count(c => LatencyDistribution.Median(latencies.Skip(c * markers).Take(markers)) > 500);
        var late = Enumerable.Range(0, markers).Select(k => LatencyDistribution.Median(Enumerable.Range(0, clients).Select(c => latencies[c * markers + k])) > 500).ToArray();
        // The stretches of consecutive late markers, as marker numbers from the window's start (10 ms apart by default).
        var stretches = new List<string>();
        for (var k = 0; k < markers; k++)
        {
            if (!late[k] || (k > 0 && late[k - 1])) continue;
            var end = k;
            while (end + 1 < markers && late[end + 1]) end++;
            stretches.Add(string.Create(CultureInfo.InvariantCulture, $"{k}–{end}"));
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"spread: {slowClients} of {clients} clients have a median over 500 ms; {late.Count(l => l)} of {markers} markers have a median (over the clients) over 500 ms") +
            (stretches.Count == 0 ? "" : " (markers " + string.Join(", ", stretches.Take(20)) + (stretches.Count > 20 ? ", ..." : "") + ")");
    }

    /// <summary>The processes of the run by name: every role of the topology (its pid file), the clients and this harness.</summary>
    private static Dictionary<string, int> Processes(string dir, Process clients)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal) { ["clients"] = clients.Id, ["harness (upstream)"] = Environment.ProcessId };
        foreach (var role in Directory.GetDirectories(dir))
        {
            var pidFile = Path.Combine(role, Path.GetFileName(role) == "redis" ? "redis.pid" : "pid");
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid))
                result[Path.GetFileName(role)] = pid;
        }
        return result;
    }

    /// <summary>The workload's configuration, its viewer also allowed to import the template and the layouts.</summary>
    public static PulseConfiguration ConfigurationFor(LatencyWorkload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var tenant = workload.Configuration.Tenants[0];
        var users = tenant.Users.Select(u => u.Id == LatencyWorkload.Viewer
            ? u with { Privileges = [.. u.Privileges, "ManageTemplates", "ManageWidgets", "AddWidgetsWithoutLimit"] }
            : u).ToList();
        return workload.Configuration with { Tenants = [tenant with { Users = users }] };
    }

    /// <summary>The body of <c>POST /api/wbrt/import</c>: the workload's template and layouts, owned by the viewer.</summary>
    public static object ImportBody(LatencyWorkload workload, Guid template, IReadOnlyList<Guid> layouts)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(layouts);
        return new
        {
            templates = new[]
            {
                new
                {
                    id = template, name = "Queue KPIs", widgetType = "Grid", objectType = "Queue",
                    statistics = LatencyWorkload.TemplateStatistics.Select(s => new { alias = s.Alias, statisticType = s.StatisticType, displayFormat = s.DisplayFormat.ToString() }).ToArray(),
                },
            },
            layouts = layouts.Select((id, j) => new
            {
                id, templateId = template, name = "Layout " + Text(j), owner = LatencyWorkload.Viewer,
                objects = workload.LayoutObjects(j).Select(o => new { type = o.Type.ToString(), id = o.Id }).ToArray(),
            }).ToArray(),
            tabs = Array.Empty<object>(),
        };
    }

    /// <summary>
    /// Logs in as the viewer through the ingress and imports the layouts into every replica (the same ids: an import
    /// upserts), retrying while the replicas and the permissions start (up to a minute). Into each replica rather than
    /// once through the ingress, so that a replica that keeps its dashboards in memory (before AddPostgresMetadata
    /// registered the service's IMetadataStore) has them too; with PostgreSQL the later imports change nothing.
    /// </summary>
    private static async Task<Guid[]> ImportLayoutsAsync(Uri ingress, IReadOnlyList<Uri> replicas, LatencyWorkload workload)
    {
        var layouts = Enumerable.Range(0, workload.Settings.Layouts).Select(_ => Guid.NewGuid()).ToArray();
        var body = ImportBody(workload, Guid.NewGuid(), layouts);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var token = await LatencyClientCommand.LogInAsync(ingress, LatencyWorkload.Viewer, "pulse").ConfigureAwait(false);
                using var http = new HttpClient();
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
                foreach (var replica in replicas)
                {
                    using var response = await http.PostAsJsonAsync(new Uri(replica, "/api/wbrt/import"), body).ConfigureAwait(false);
                    if (!response.IsSuccessStatusCode)
                        throw new InvalidOperationException($"POST /api/wbrt/import answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync().ConfigureAwait(false)}");
                }
                return layouts;
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException && deadline.Elapsed < TimeSpan.FromMinutes(1))
            {
                await Task.Delay(500).ConfigureAwait(false);
            }
        }
    }

    private static async Task<FeedServer> ServeAsync(Pulse.Sdk.Events.IEventSource source, string name, string port)
    {
        // A ring as large as the whole run, so that a late subscriber (the LDS starts before this server) misses nothing.
        var server = new FeedServer(source, new FeedServerOptions { Name = name, StreamId = name, RingCapacity = 1 << 20 });
        var endPoint = new IPEndPoint(IPAddress.Loopback, int.Parse(port, CultureInfo.InvariantCulture));
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                server.Start(endPoint);
                return server;
            }
            catch (System.Net.Sockets.SocketException) when (attempt < 200)
            {
                // The port is in the ephemeral range, and the LDS or the DCU, reconnecting to it while nothing listens,
                // can connect a socket to itself (TCP simultaneous open): the port is busy until that socket closes.
                await Task.Delay(50).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The next line of the client process, which must start with <paramref name="word"/>.</summary>
    private static async Task<string[]> AnswerAsync(Process clients, Task<string> errors, string word)
    {
        var line = await clients.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(4)).ConfigureAwait(false);
        if (line is null)
        {
            await clients.WaitForExitAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"the client process exited {clients.ExitCode}: {await errors.ConfigureAwait(false)}");
        }
        var words = line.Split(' ');
        return words[0] == word ? words : throw new InvalidOperationException($"the client process said '{line}', expected '{word} ...'");
    }

    private static string Ms(TimeSpan t) => ((int)t.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    private static string Text(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>Counters read at the start and at the end of the measured window.</summary>
    private readonly record struct Window(long Timestamp, int Markers, long Events, long Messages, long Bytes, TimeSpan MachineBusy)
    {
        public static async Task<Window> ReadAsync(MarkerLedger ledger, PacedEventSource generator, Process clients, Task<string> errors)
        {
            await clients.StandardInput.WriteLineAsync("count").ConfigureAwait(false);
            await clients.StandardInput.FlushAsync().ConfigureAwait(false);
            var count = await AnswerAsync(clients, errors, "count").ConfigureAwait(false);
            return new Window(Stopwatch.GetTimestamp(), ledger.Count, generator.Emitted, long.Parse(count[1], CultureInfo.InvariantCulture),
                long.Parse(count[2], CultureInfo.InvariantCulture), Machine.MachineBusy());
        }
    }
}
