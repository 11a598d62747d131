using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Pulse.Deploy.Tests.Support;

namespace Pulse.Deploy.Tests;

/// <summary>
/// deploy/make-secrets.sh writes what deploy/secrets.example.yaml names, and what it writes works: the feed certificate
/// chains to its CA and names every feed Service the clients connect to, and the roles start with its files, answering
/// their probes' paths.
/// </summary>
public class SecretsScriptTests
{
    private static readonly Lazy<List<JsonObject>> DemoSecrets = new(() => Run(["--demo"], []));

    private static List<JsonObject> Run(string[] args, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Repository.File("deploy/make-secrets.sh"));
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"make-secrets.sh {string.Join(' ', args)} exited {process.ExitCode}: {stderr.Result}");
        return [.. Yaml.Documents(stdout)];
    }

    private static string Data(IEnumerable<JsonObject> objects, string name, string key)
    {
        var o = objects.Single(s => s["metadata"]?["name"].Text() == name);
        var value = o["data"]?[key].Text();
        Assert.NotNull(value);
        return o["kind"].Text() == "Secret" ? Encoding.UTF8.GetString(Convert.FromBase64String(value)) : value;
    }

    private static HashSet<string> Keys(JsonObject o) => [.. o["data"].Properties().Select(p => p.Key)];

    [KustomizeFact]
    public void The_demo_run_writes_every_prerequisite_with_its_type_and_keys()
    {
        var made = DemoSecrets.Value;
        foreach (var p in Prerequisites.Objects)
        {
            var o = made.SingleOrDefault(m => m["kind"].Text() == p.Kind && m["metadata"]?["name"].Text() == p.Name);
            Assert.True(o is not null, $"make-secrets.sh --demo does not write {p.Kind} {p.Name}");
            Assert.Equal(p.Type ?? (p.Kind == "Secret" ? "Opaque" : null), o["type"].Text() ?? (p.Kind == "Secret" ? "Opaque" : null));
            Assert.Equal(p.Keys.Order(StringComparer.Ordinal), Keys(o).Order(StringComparer.Ordinal));
            Assert.Equal("pulse", o["metadata"]?["namespace"].Text());
        }
        Assert.True(Data(made, "pulse-feed", "secret").Length >= 16);
        Assert.True(Data(made, "pulse-forwarder", "secret").Length >= 16);
        Assert.True(DateTimeOffset.TryParse(Data(made, "pulse-demo-clock", "start"), CultureInfo.InvariantCulture, DateTimeStyles.None, out _));
    }

    [KustomizeFact]
    public void A_site_run_takes_the_sites_redis_and_postgres_and_writes_no_demo_objects()
    {
        var logins = Path.Combine(Directory.CreateTempSubdirectory("pulse-logins-").FullName, "logins.json");
        File.WriteAllText(logins, """[{"userName":"ops","tenant":"site","passwordHash":"pbkdf2-sha256$600000$c2FsdA==$a2V5"}]""");
        var made = Run(["--logins", logins], new() { ["PULSE_REDIS"] = "redis.test:6380,password=x", ["PULSE_POSTGRES"] = "Host=pg.test;Username=pulse;Password=x;Database=pulse" });
        Assert.Equal(File.ReadAllText(logins), Data(made, "pulse-auth-logins", "logins.json")); // the site's, untouched
        Assert.Equal("redis.test:6380,password=x", Data(made, "pulse-redis", "configuration"));
        Assert.Equal("Host=pg.test;Username=pulse;Password=x;Database=pulse", Data(made, "pulse-postgres", "connection-string"));
        Assert.DoesNotContain(made, m => m["metadata"]?["name"].Text() == "pulse-demo-clock");
        Assert.All(made, m => Assert.Subset(Prerequisites.Find(m["kind"].Text()!, m["metadata"]?["name"].Text()!)!.Keys.ToHashSet(), Keys(m)));
    }

    [KustomizeFact]
    public void The_feed_certificate_chains_to_its_ca_and_names_every_feed_service_a_client_connects_to()
    {
        var made = DemoSecrets.Value;
        using var certificate = X509Certificate2.CreateFromPem(Data(made, "pulse-feed-tls", "tls.crt"), Data(made, "pulse-feed-tls", "tls.key"));
        using var ca = X509Certificate2.CreateFromPem(Data(made, "pulse-feed-tls", "ca.crt"));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(certificate), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));

        var hosts = Rendering.Demo.HostContainers.Where(c => c.Accepts("--feed-tls-ca"))
            .SelectMany(c => c.Command!.Options.Where(o => o.HelpName == "HOST:PORT").Select(o => c.Value(o.Name)).OfType<string>())
            .Select(v => v[..v.LastIndexOf(':')]).Distinct().ToList();
        Assert.Equal(6, hosts.Count); // voice-sip, voice-sip-vq (the LDS pair's), lds, lds-vq, ixn, ixn-vq (the DCU's)
        foreach (var host in hosts.SelectMany(h => new[] { h, $"{h}.pulse.svc", $"{h}.pulse.svc.cluster.local" }))
            Assert.True(certificate.MatchesHostname(host), $"the feed certificate does not name {host}");
    }

    [KustomizeFact]
    public async Task The_lds_and_auth_roles_start_with_its_files_and_answer_their_probes()
    {
        var made = DemoSecrets.Value;
        var dir = Directory.CreateTempSubdirectory("pulse-deploy-");
        try
        {
            string Write(string name, string text)
            {
                var path = Path.Combine(dir.FullName, name);
                File.WriteAllText(path, text);
                return path;
            }
            var cert = Write("tls.crt", Data(made, "pulse-feed-tls", "tls.crt"));
            var key = Write("tls.key", Data(made, "pulse-feed-tls", "tls.key"));
            var ca = Write("ca.crt", Data(made, "pulse-feed-tls", "ca.crt"));
            var signingKey = Write("signing-key.pem", Data(made, "pulse-auth-signing-key", "signing-key.pem"));
            var logins = Write("logins.json", Data(made, "pulse-auth-logins", "logins.json"));
            var (ldsMetrics, authPort) = (HostProcess.FreePort(), HostProcess.FreePort());
            // Secrets through the environment, as the pods give them.
            await using var lds = HostProcess.Start(new Dictionary<string, string> { ["Pulse__FeedSecret"] = Data(made, "pulse-feed", "secret") },
                "lds", "--upstream", $"127.0.0.1:{HostProcess.FreePort()}", "--feed-tls-cert", cert, "--feed-tls-key", key, "--feed-tls-ca", ca,
                "--port", HostProcess.FreePort().ToString(CultureInfo.InvariantCulture), "--metrics-port", ldsMetrics.ToString(CultureInfo.InvariantCulture));
            await using var auth = HostProcess.Start(new Dictionary<string, string> { ["Pulse__ForwarderSecret"] = Data(made, "pulse-forwarder", "secret") },
                "auth", "--signing-key", signingKey, "--logins", logins, "--port", authPort.ToString(CultureInfo.InvariantCulture));
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

            foreach (var (role, process, port) in new[] { ("lds", lds, ldsMetrics), ("auth", auth, authPort) })
            {
                var container = Rendering.Demo.HostContainers.Single(c => c.CommandName == role);
                var paths = new[] { "readinessProbe", "livenessProbe", "startupProbe" }.Select(p => container.Node[p]?["httpGet"]?["path"].Text()).OfType<string>().Append("/metrics").Distinct();
                foreach (var path in paths)
                {
                    using var response = await process.GetWhenUpAsync(http, $"http://127.0.0.1:{port}{path}");
                    Assert.True(response.IsSuccessStatusCode, $"{role} {path}: {(int)response.StatusCode}\n{process.Log}");
                }
            }
            using var jwks = await auth.GetWhenUpAsync(http, $"http://127.0.0.1:{authPort}/auth/.well-known/jwks.json");
            Assert.True(jwks.IsSuccessStatusCode);
            Assert.Contains("\"kty\":\"RSA\"", await jwks.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(signingKey, Directory.GetFiles(dir.FullName, "signing-key*").Single()); // read, not rewritten aside
            // The demo logins the script hashed with openssl are what the role's PasswordHasher checks.
            using (var ok = await http.PostAsync($"http://127.0.0.1:{authPort}/auth/token", new StringContent("""{"username":"supervisor","password":"pulse"}""", System.Text.Encoding.UTF8, "application/json")))
                Assert.Equal(System.Net.HttpStatusCode.OK, ok.StatusCode);
            using (var wrong = await http.PostAsync($"http://127.0.0.1:{authPort}/auth/token", new StringContent("""{"username":"supervisor","password":"nope"}""", System.Text.Encoding.UTF8, "application/json")))
                Assert.Equal(System.Net.HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
