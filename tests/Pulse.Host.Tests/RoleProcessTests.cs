using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Pulse.Sdk.Events;
using Pulse.Sdk.Feed;

namespace Pulse.Host.Tests;

/// <summary>The role commands as processes: <c>voice-sip</c> behind an <c>lds</c>, read by a feed client; the LDS's published metric names.</summary>
public class RoleProcessTests
{
    private static string HostDll => Path.Combine(AppContext.BaseDirectory, "Pulse.Host.dll");

    private static string DotNet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private static Process Start(params string[] args) => StartWith(null, args);

    private static Process StartWith(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo(DotNet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        start.ArgumentList.Add(HostDll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>The value of the one series of <paramref name="metric"/> in a Prometheus text, whatever its labels; null when absent.</summary>
    private static double? Sample(string text, string metric)
    {
        var m = System.Text.RegularExpressions.Regex.Match(text, "^" + metric + @"(\{[^}]*\})? ([0-9.eE+-]+)$", System.Text.RegularExpressions.RegexOptions.Multiline);
        return m.Success ? double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : null;
    }

    [Fact]
    public async Task Voice_sip_behind_an_lds_serves_voice_events_only()
    {
        var (voicePort, ldsPort, ldsMetricsPort) = (FreePort(), FreePort(), FreePort());
        // Ten simulated minutes before now at speed 1: the morning's first events are due at once.
        var start = DateTimeOffset.UtcNow.AddMinutes(-10).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        using var voice = Start("voice-sip", "--start", start, "--seed", "4", "--port", voicePort.ToString(CultureInfo.InvariantCulture),
            "--metrics-port", FreePort().ToString(CultureInfo.InvariantCulture));
        using var lds = Start("lds", "--upstream", $"127.0.0.1:{voicePort}", "--port", ldsPort.ToString(CultureInfo.InvariantCulture),
            "--metrics-port", ldsMetricsPort.ToString(CultureInfo.InvariantCulture));
        try
        {
            using var client = new FeedClient(new FeedClientOptions { Port = ldsPort, ClientId = "test", ResumeFrom = 0, InitialBackoff = TimeSpan.FromMilliseconds(200) });
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var events = new List<PulseEvent>();
            using var http = new HttpClient();
            var metrics = "";
            await foreach (var e in client.ReadAllAsync(timeout.Token))
            {
                events.Add(e);
                if (events.Count < 50) continue;
                // Read while this client is still the LDS's receiver (leaving the loop disconnects it).
                metrics = await http.GetStringAsync($"http://127.0.0.1:{ldsMetricsPort}/metrics");
                break;
            }

            Assert.All(events, e => Assert.Equal(EventSourceKind.Voice, e.Source));
            Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), events.Select(e => e.Seq));

            // The LDS's /metrics carries the names the Pulse documentation publishes (docs/metrics.md), with this
            // connection counted: one receiver, one sender.
            Assert.Equal(1, Sample(metrics, "pulse_lds_receivers_number"));
            Assert.Equal(1, Sample(metrics, "pulse_lds_senders_number"));
            Assert.True(Sample(metrics, "pulse_lds_uptime_seconds") > 0);
            Assert.True(Sample(metrics, "pulse_lds_sender_connected_seconds") > 0);
            Assert.NotNull(Sample(metrics, "pulse_lds_sender_disconnected_seconds"));
            Assert.NotNull(Sample(metrics, "pulse_lds_sender_registered_dns_number"));
            Assert.False(voice.HasExited);
            Assert.False(lds.HasExited);
        }
        finally
        {
            foreach (var p in new[] { lds, voice })
            {
                if (!p.HasExited) p.Kill(entireProcessTree: true);
                await p.WaitForExitAsync();
            }
        }
    }

    /// <summary>
    /// The feed secret and TLS through processes (docs/protocol.md, "Subscribers", "TLS"): voice-sip and the LDS given
    /// the secret in the environment, as topology.sh does, and a certificate (PEM files) each; the LDS trusts the CA
    /// upstream. A plain subscriber is refused 'tls_required', one without the secret 'unauthorized'; the LDS sends the
    /// secret upstream over TLS, so one with both gets the voice events the LDS read from voice-sip.
    /// </summary>
    [Fact]
    public async Task Voice_sip_and_its_lds_serve_only_subscribers_that_send_the_feed_secret_over_tls()
    {
        var (voicePort, ldsPort) = (FreePort(), FreePort());
        var tls = Directory.CreateTempSubdirectory("pulse-feed-tls-");
        var ca = TestCertificates.CreateCa("role-process-ca");
        using (var server = TestCertificates.IssueServer(ca))
        {
            File.WriteAllText(Path.Combine(tls.FullName, "server.pem"), server.ExportCertificatePem());
            File.WriteAllText(Path.Combine(tls.FullName, "server.key"), server.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
            File.WriteAllText(Path.Combine(tls.FullName, "ca.pem"), ca.ExportCertificatePem());
        }
        var environment = new Dictionary<string, string>
        {
            ["Pulse__FeedSecret"] = "a-test-secret-of-enough-length",
            ["Pulse__FeedTlsCert"] = Path.Combine(tls.FullName, "server.pem"),
            ["Pulse__FeedTlsKey"] = Path.Combine(tls.FullName, "server.key"),
            ["Pulse__FeedTlsCa"] = Path.Combine(tls.FullName, "ca.pem"),
        };
        var start = DateTimeOffset.UtcNow.AddMinutes(-10).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        using var voice = StartWith(environment, "voice-sip", "--start", start, "--seed", "4", "--port", voicePort.ToString(CultureInfo.InvariantCulture),
            "--metrics-port", FreePort().ToString(CultureInfo.InvariantCulture));
        using var lds = StartWith(environment, "lds", "--upstream", $"127.0.0.1:{voicePort}", "--port", ldsPort.ToString(CultureInfo.InvariantCulture),
            "--metrics-port", FreePort().ToString(CultureInfo.InvariantCulture));
        try
        {
            var plainOptions = new FeedClientOptions { Port = ldsPort, ClientId = "test", ResumeFrom = 0, InitialBackoff = TimeSpan.FromMilliseconds(200), Secret = environment["Pulse__FeedSecret"] };
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            using (var plain = new FeedClient(plainOptions))
            {
                var refused = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
                {
                    await foreach (var _ in plain.ReadAllAsync(timeout.Token)) { }
                });
                Assert.Contains("tls_required", refused.Message);
            }

            var options = plainOptions with { Secret = null, Tls = TestCertificates.Trusting(ca) };
            using (var intruder = new FeedClient(options))
            {
                var refused = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
                {
                    await foreach (var _ in intruder.ReadAllAsync(timeout.Token)) { }
                });
                Assert.Contains("unauthorized", refused.Message);
            }

            using var subscriber = new FeedClient(options with { Secret = environment["Pulse__FeedSecret"] });
            var events = new List<PulseEvent>();
            await foreach (var e in subscriber.ReadAllAsync(timeout.Token))
            {
                events.Add(e);
                if (events.Count == 20) break;
            }
            Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), events.Select(e => e.Seq));
        }
        finally
        {
            foreach (var p in new[] { lds, voice })
            {
                if (!p.HasExited) p.Kill(entireProcessTree: true);
                await p.WaitForExitAsync();
            }
            tls.Delete(recursive: true);
        }
    }

    /// <summary>A role that loses Redis keeps running, says so on /health/detail, and is healthy again when Redis returns.</summary>
    [Fact]
    public async Task The_dcu_reports_a_lost_redis_on_health_detail_and_recovers_when_it_returns()
    {
        var server = Environment.GetEnvironmentVariable("PULSE_TEST_REDIS_SERVER") is { Length: > 0 } path
            ? path
            : throw new InvalidOperationException("PULSE_TEST_REDIS_SERVER is not set: run the tests with `bash scripts/test.sh`, which installs redis-server and sets it");
        var (redisPort, metricsPort) = (FreePort(), FreePort());
        var dir = Directory.CreateTempSubdirectory("pulse-dcu-health-").FullName;
        Process StartRedis() => Process.Start(new ProcessStartInfo(server, ["--bind", "127.0.0.1", "--port", redisPort.ToString(CultureInfo.InvariantCulture),
            "--save", "", "--appendonly", "no", "--dir", dir]) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var redis = StartRedis();
        // No upstream listens on port 9: the feeds keep retrying, which is not what this test is about.
        using var dcu = Start("dcu", "--redis", $"127.0.0.1:{redisPort}", "--metrics-port", metricsPort.ToString(CultureInfo.InvariantCulture),
            "--voice", "127.0.0.1:9", "--voice-vq", "127.0.0.1:9", "--ixn", "127.0.0.1:9", "--ixn-vq", "127.0.0.1:9");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        async Task<string> HealthAsync(Func<string, bool> done)
        {
            var last = "";
            for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline; await Task.Delay(100)) // the poll interval
            {
                try { last = await http.GetStringAsync($"http://127.0.0.1:{metricsPort}/health/detail"); }
                catch (HttpRequestException e) { last = e.Message; continue; }
                if (done(last)) return last;
            }
            return last;
        }
        try
        {
            Assert.Contains("\"status\":\"Healthy\"", await HealthAsync(h => h.Contains("\"Healthy\"", StringComparison.Ordinal)));
            redis.Kill();
            await redis.WaitForExitAsync();
            var down = await HealthAsync(h => h.Contains("\"Degraded\"", StringComparison.Ordinal));
            Assert.Contains("\"status\":\"Degraded\"", down);
            Assert.Contains("Redis store", down);
            Assert.False(dcu.HasExited);

            redis = StartRedis();
            Assert.Contains("\"status\":\"Healthy\"", await HealthAsync(h => h.Contains("\"Healthy\"", StringComparison.Ordinal)));
            Assert.False(dcu.HasExited);
        }
        finally
        {
            foreach (var p in new[] { dcu, redis })
            {
                if (!p.HasExited) p.Kill(entireProcessTree: true);
                await p.WaitForExitAsync();
                p.Dispose();
            }
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The auth role logs in the users of its <c>--logins</c> file, and only them: the demo password opens nothing.</summary>
    [Fact]
    public async Task The_auth_role_logs_in_the_users_of_its_logins_file_and_not_the_demo_ones()
    {
        using var dir = new TempDirectory();
        var hash = Pulse.Sdk.Authentication.PasswordHasher.Hash("s3cret-of-alice", Pulse.Sdk.Authentication.PasswordHasher.MinIterations);
        var logins = dir.Write("logins.json", [$$"""[{"userName":"alice","tenant":"demo","passwordHash":"{{hash}}"}]"""]);
        var port = FreePort();
        using var auth = Start("auth", "--logins", logins, "--port", port.ToString(CultureInfo.InvariantCulture));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        async Task<HttpStatusCode> LoginAsync(string user, string password)
        {
            for (var deadline = DateTime.UtcNow.AddSeconds(60); ; await Task.Delay(100)) // the poll interval
            {
                try
                {
                    using var r = await http.PostAsync($"http://127.0.0.1:{port}/auth/token",
                        new StringContent($$"""{"username":"{{user}}","password":"{{password}}"}""", System.Text.Encoding.UTF8, "application/json"));
                    return r.StatusCode;
                }
                catch (HttpRequestException) when (DateTime.UtcNow < deadline && !auth.HasExited) { }
            }
        }
        try
        {
            Assert.Equal(HttpStatusCode.OK, await LoginAsync("alice", "s3cret-of-alice"));
            Assert.Equal(HttpStatusCode.Unauthorized, await LoginAsync("supervisor", "pulse"));
            Assert.Equal(HttpStatusCode.Unauthorized, await LoginAsync("alice", "pulse"));
        }
        finally
        {
            if (!auth.HasExited) auth.Kill(entireProcessTree: true);
            await auth.WaitForExitAsync();
        }
    }

    /// <summary>
    /// The config role seeds an empty store with <c>--seed-file</c> and leaves a store that holds a version alone, so a
    /// restarted pod of the deployment does not undo the changes made through the API.
    /// </summary>
    [Fact]
    public async Task The_config_role_seeds_only_an_empty_store_from_its_seed_file()
    {
        var server = Environment.GetEnvironmentVariable("PULSE_TEST_POSTGRES") is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException("PULSE_TEST_POSTGRES is not set: run the tests with `bash scripts/test.sh`, which starts PostgreSQL and sets it");
        var database = "pulse_seed_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = Npgsql.NpgsqlDataSource.Create(server))
        await using (var create = admin.CreateCommand($"CREATE DATABASE {database}"))
            await create.ExecuteNonQueryAsync();
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
        using var dir = new TempDirectory();
        static string Site(string tenant) => Pulse.Sdk.Configuration.ConfigurationJson.Serialize(new Pulse.Sdk.Configuration.PulseConfiguration
        {
            Tenants = [new Pulse.Sdk.Configuration.TenantConfig { Id = tenant, Queues = [new Pulse.Sdk.Configuration.QueueConfig { Id = "q1", Dn = "7001" }] }],
        });
        var first = dir.Write("first.json", [Site("first")]);
        var second = dir.Write("second.json", [Site("second")]);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        async Task<string> RunAndReadAsync(string seedFile)
        {
            var port = FreePort();
            using var config = StartWith(new Dictionary<string, string> { ["Pulse__ConfigAdminSecret"] = "an-admin-secret-of-the-test" },
                "config", "--postgres", connection, "--seed-file", seedFile, "--port", port.ToString(CultureInfo.InvariantCulture));
            try
            {
                for (var deadline = DateTime.UtcNow.AddSeconds(60); ; await Task.Delay(100)) // the poll interval
                {
                    try { return await http.GetStringAsync($"http://127.0.0.1:{port}/config/v1/configuration"); }
                    catch (HttpRequestException) when (DateTime.UtcNow < deadline && !config.HasExited) { }
                }
            }
            finally
            {
                if (!config.HasExited) config.Kill(entireProcessTree: true);
                await config.WaitForExitAsync();
            }
        }

        var seeded = await RunAndReadAsync(first);
        Assert.Contains("\"version\":1", seeded);
        Assert.Contains("\"first\"", seeded);
        var restarted = await RunAndReadAsync(second);
        Assert.Contains("\"version\":1", restarted);
        Assert.Contains("\"first\"", restarted);
        Assert.DoesNotContain("\"second\"", restarted);
    }
}
