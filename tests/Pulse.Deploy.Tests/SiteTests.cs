using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pulse.Deploy.Tests.Support;
using Pulse.Host;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Simulation;

namespace Pulse.Deploy.Tests;

/// <summary>
/// The topology of the seed table, the configuration the roles get, the Ingress, the resources against the sizing
/// table of docs/deploy.md, and every manifest file in a kustomization.
/// </summary>
public partial class SiteTests
{
    /// <summary>The Pulse roles of the seed table: kind, name, command.</summary>
    private static readonly (string Kind, string Name, string Command)[] SeedRoles =
    [
        ("Deployment", "pulse", "pulse"), ("Deployment", "permissions", "permissions"), ("Deployment", "auth", "auth"), ("Deployment", "config", "config"),
        ("StatefulSet", "dcu", "dcu"), ("StatefulSet", "lds", "lds"), ("StatefulSet", "lds-vq", "lds-vq"),
        ("Job", "init", "init"), ("Job", "init-tenant", "init-tenant"),
    ];

    /// <summary>The demo's upstream services: the simulator, one stream each.</summary>
    private static readonly string[] Simulators = ["voice-sip", "voice-sip-vq", "ixn", "ixn-vq"];

    private static HashSet<(string, string, string)> HostWorkloads(Rendering r) =>
        [.. r.HostContainers.Select(c => (c.Workload.Kind, c.Workload.Name, c.CommandName))];

    [KustomizeFact]
    public void The_site_runs_the_seed_roles_and_reaches_the_upstreams_outside()
    {
        var site = Rendering.Site;
        Assert.Equal(SeedRoles.ToHashSet(), HostWorkloads(site));
        Assert.Equal("2", site.Workloads.Single(w => w.Name == "pulse").Node["spec"]?["replicas"].Text());
        // The DCU pods split the statistics by object; the replicas they are told equal the StatefulSet's.
        var dcu = site.Workloads.Single(w => w.Name == "dcu").Node;
        var env = dcu["spec"]?["template"]?["spec"]?["containers"]?[0]?["env"] as System.Text.Json.Nodes.JsonArray;
        string? Env(string name) => env?.FirstOrDefault(e => e?["name"].Text() == name)?["value"].Text();
        Assert.Equal(dcu["spec"]?["replicas"].Text(), Env("Pulse__Replicas"));
        Assert.True(int.Parse(Env("Pulse__ObjectPartitions")!, System.Globalization.CultureInfo.InvariantCulture) >= int.Parse(Env("Pulse__Replicas")!, System.Globalization.CultureInfo.InvariantCulture));
        foreach (var upstream in Simulators)
            Assert.Equal("ExternalName", site.Service(upstream)?["spec"]?["type"].Text());
    }

    [KustomizeFact]
    public void The_demo_adds_the_simulated_upstreams_redis_and_postgres()
    {
        var demo = Rendering.Demo;
        var expected = SeedRoles.Concat(Simulators.Select(s => ("Deployment", s, s))).ToHashSet();
        Assert.Equal(expected, HostWorkloads(demo));
        Assert.Contains(demo.Workloads, w => w is { Kind: "StatefulSet", Name: "redis" });
        Assert.Contains(demo.Workloads, w => w is { Kind: "StatefulSet", Name: "postgres" });
        // The four services run one timeline: the same seed and the same start.
        var simulators = demo.HostContainers.Where(c => Simulators.Contains(c.CommandName)).ToList();
        Assert.Single(simulators.Select(c => c.Value("--seed")).Distinct());
        Assert.Single(simulators.Select(c => c.Settings["--start"].ValueFrom?.ToJsonString()).Distinct());
    }

    [KustomizeFact]
    public void The_site_configuration_is_valid_and_has_the_init_tenant_jobs_tenant()
    {
        var r = Rendering.Site;
        var configuration = Configuration(r);
        var tenant = r.HostContainers.Single(c => c.CommandName == "init-tenant").Value("--tenant");
        Assert.Contains(tenant, configuration.Tenants.Select(t => t.Id));
    }

    [KustomizeFact]
    public void The_demo_configuration_is_the_simulators_site_with_the_demo_users()
    {
        var r = Rendering.Demo;
        var seed = int.Parse(r.HostContainers.First(c => c.CommandName == "voice-sip").Value("--seed") ?? "1", CultureInfo.InvariantCulture);
        var expected = ConfigurationJson.Serialize(DemoSite.WithUsers((SimulatorOptions.Demo with { Seed = seed }).BuildConfiguration()));
        var actual = ConfigurationJson.Serialize(Configuration(r));
        if (expected != actual)
        {
            var path = Path.Combine(Path.GetTempPath(), "demo-site.json");
            File.WriteAllText(path, expected + "\n");
            Assert.Fail($"deploy/overlays/demo/demo-site.json is not the demo site of simulator seed {seed}: the code's is in {path}; copy it over");
        }
        Assert.Contains("demo", r.HostContainers.Single(c => c.CommandName == "init-tenant").Value("--tenant"));
    }

    /// <summary>The configuration the roles are given: the ConfigMap the config role seeds its store with, parsed and checked.</summary>
    private static PulseConfiguration Configuration(Rendering r)
    {
        var roles = r.HostContainers.Where(c => c.Value("--seed-file") is not null).ToList();
        Assert.NotEmpty(roles);
        var files = roles.Select(c => MountedFile.Find(c, c.Value("--seed-file")!)).Distinct().ToList();
        var file = Assert.Single(files);
        Assert.NotNull(file);
        var map = r.OfKind("ConfigMap").Single(m => m["metadata"]?["name"].Text() == file.SourceName);
        var json = map["data"]?[file.Key].Text();
        Assert.NotNull(json);
        return ConfigurationJson.Parse(json, $"{r}: ConfigMap {file.SourceName}");
    }

    [KustomizeFact]
    public void The_ingress_serves_https_on_its_host_and_sends_everything_to_pulse()
    {
        foreach (var r in Rendering.Both)
        {
            var ingress = Assert.Single(r.OfKind("Ingress"));
            var tls = Assert.Single((ingress["spec"]?["tls"]).Items());
            Assert.False(string.IsNullOrEmpty(tls["secretName"].Text()), "the Ingress's TLS needs a secretName");
            Assert.NotNull(Prerequisites.Find("Secret", tls["secretName"].Text()!));
            var rule = Assert.Single((ingress["spec"]?["rules"]).Items());
            Assert.Contains(rule["host"].Text(), tls["hosts"].Items().Select(h => h.Text()));
            var path = Assert.Single((rule["http"]?["paths"]).Items());
            Assert.Equal("/", path["path"].Text());
            var backend = path["backend"]?["service"];
            Assert.Equal("pulse", backend?["name"].Text());
            var port = backend?["port"]?["name"].Text() ?? backend?["port"]?["number"].Text();
            var service = r.Service("pulse");
            Assert.Contains(service?["spec"]?["ports"].Items() ?? [], p => p["name"].Text() == port || p["port"].Text() == port);
            Assert.Equal("8080", service?["spec"]?["ports"].Items().First(p => p["name"].Text() == port || p["port"].Text() == port)["port"].Text());
            // Live sockets stay open for long silent stretches.
            var annotations = ingress["metadata"]?["annotations"];
            foreach (var timeout in new[] { "nginx.ingress.kubernetes.io/proxy-read-timeout", "nginx.ingress.kubernetes.io/proxy-send-timeout" })
                Assert.True(int.Parse(annotations?[timeout].Text() ?? "0", CultureInfo.InvariantCulture) >= 3600, $"{r}: {timeout} under an hour");
        }
    }

    [KustomizeFact]
    public void Every_container_has_requests_and_limits_as_docs_deploy_md_gives_them()
    {
        var rows = SizingRows();
        var problems = new List<string>();
        foreach (var r in Rendering.Both)
        {
            foreach (var w in r.Workloads)
            {
                foreach (var c in w.Containers)
                {
                    var name = c["name"].Text()!;
                    var resources = c["resources"];
                    string?[] actual = [resources?["requests"]?["cpu"].Text(), resources?["requests"]?["memory"].Text(), resources?["limits"]?["cpu"].Text(), resources?["limits"]?["memory"].Text()];
                    if (actual.Any(a => a is null))
                    {
                        problems.Add($"{r}: {w}/{name}: requests and limits of cpu and memory are not all set");
                        continue;
                    }
                    if (Cpu(actual[0]!) > Cpu(actual[2]!) || Bytes(actual[1]!) > Bytes(actual[3]!)) problems.Add($"{r}: {w}/{name}: a request above its limit");
                    if (!rows.TryGetValue(name, out var documented)) problems.Add($"{r}: {w}/{name}: no row `{name}` in the sizing table of docs/deploy.md");
                    else if (!documented.SequenceEqual(actual)) problems.Add($"{r}: {w}/{name}: {string.Join(" ", actual)}, docs/deploy.md says {string.Join(" ", documented)}");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>docs/deploy.md's sizing table: <c>| `container` | kind | cpu request | memory request | cpu limit | memory limit | ... |</c>.</summary>
    private static Dictionary<string, string[]> SizingRows()
    {
        var rows = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Repository.File("docs/deploy.md")))
        {
            var m = SizingRow().Match(line);
            if (m.Success) rows[m.Groups[1].Value] = [.. Enumerable.Range(2, 4).Select(i => m.Groups[i].Value)];
        }
        Assert.True(rows.Count > 0, "docs/deploy.md has no sizing table");
        return rows;
    }

    [GeneratedRegex(@"^\| `([a-z0-9-]+)` \| [^|]+ \| ([0-9.]+m?) \| ([0-9]+[MG]i) \| ([0-9.]+m?) \| ([0-9]+[MG]i) \|")]
    private static partial Regex SizingRow();

    private static double Cpu(string q) => q.EndsWith('m') ? double.Parse(q[..^1], CultureInfo.InvariantCulture) / 1000 : double.Parse(q, CultureInfo.InvariantCulture);

    private static long Bytes(string q) => q.EndsWith("Gi", StringComparison.Ordinal) ? long.Parse(q[..^2], CultureInfo.InvariantCulture) << 30
        : q.EndsWith("Mi", StringComparison.Ordinal) ? long.Parse(q[..^2], CultureInfo.InvariantCulture) << 20
        : long.Parse(q, CultureInfo.InvariantCulture);

    [Fact]
    public void Every_manifest_file_is_in_a_kustomization()
    {
        var listed = new HashSet<string>(StringComparer.Ordinal);
        var kustomizations = Directory.EnumerateFiles(Repository.Deploy, "kustomization.yaml", SearchOption.AllDirectories).ToList();
        Assert.True(kustomizations.Count >= 3, "deploy/, deploy/base and deploy/overlays/demo each have a kustomization.yaml");
        foreach (var k in kustomizations)
        {
            var dir = Path.GetDirectoryName(k)!;
            var doc = Yaml.File(k);
            foreach (var resource in doc["resources"].Items().Select(i => i.Text()!))
            {
                var full = Path.GetFullPath(Path.Combine(dir, resource));
                Assert.True(File.Exists(full) || File.Exists(Path.Combine(full, "kustomization.yaml")), $"{k}: resource {resource} does not exist");
                listed.Add(full);
            }
            foreach (var file in doc["configMapGenerator"].Items().SelectMany(g => g["files"].Items()).Select(f => f.Text()!.Split('=')[^1]))
                listed.Add(Path.GetFullPath(Path.Combine(dir, file)));
        }
        var unlisted = Directory.EnumerateFiles(Repository.Deploy, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
            .Where(f => Path.GetFileName(f) != "kustomization.yaml" && f != Repository.File(Prerequisites.FileName))
            .Where(f => !listed.Contains(Path.GetFullPath(f))).ToList();
        Assert.True(unlisted.Count == 0, "in no kustomization (so never deployed): " + string.Join(", ", unlisted));
    }
}
