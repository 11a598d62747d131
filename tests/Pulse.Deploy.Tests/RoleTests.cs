using System.Globalization;
using System.Text.Json.Nodes;
using Pulse.Deploy.Tests.Support;

namespace Pulse.Deploy.Tests;

/// <summary>
/// The containers of the Pulse.Host image against the host's own command table (HostCli): commands and options it
/// knows, the ports it listens on, probes on ports that speak HTTP, scrape annotations on the metrics port, and every
/// address a role connects to naming a Service of the rendering with that port.
/// </summary>
public class RoleTests
{
    [KustomizeFact]
    public void Both_kustomizations_render_pulse_host_containers_in_the_pulse_namespace()
    {
        foreach (var r in Rendering.Both)
        {
            Assert.NotEmpty(r.HostContainers);
            var outside = r.Objects.Where(o => o["kind"].Text() != "Namespace" && o["metadata"]?["namespace"].Text() != "pulse")
                .Select(o => $"{o["kind"].Text()}/{o["metadata"]?["name"].Text()}").ToList();
            Assert.True(outside.Count == 0, $"{r}: outside the namespace pulse: {string.Join(", ", outside)}");
        }
    }

    [KustomizeFact]
    public void Every_container_runs_a_host_command_with_options_it_accepts()
    {
        var problems = Rendering.Both.SelectMany(r => r.HostContainers.SelectMany(c =>
            c.Command is null ? [$"{r}: {c}: '{c.CommandName}' is no command of Pulse.Host"] : c.Problems.Select(p => $"{r}: {c}: {p}"))).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [KustomizeFact]
    public void Container_ports_are_the_roles_ports_and_named_by_what_they_speak()
    {
        var problems = new List<string>();
        foreach (var r in Rendering.Both)
        {
            foreach (var c in r.HostContainers)
            {
                var declared = c.ContainerPorts;
                var expected = c.Ports.ToDictionary(p => p.Kind switch { PortKind.Feed => "feed", PortKind.Http => "http", _ => "metrics" }, p => p.Number);
                foreach (var (name, number) in expected)
                    if (!declared.TryGetValue(name, out var actual) || actual != number)
                        problems.Add($"{r}: {c}: declares {name} {(declared.TryGetValue(name, out var a) ? a.ToString(CultureInfo.InvariantCulture) : "none")}, the role listens on {number}");
                foreach (var (name, number) in declared)
                    if (!expected.ContainsKey(name)) problems.Add($"{r}: {c}: declares port {name} {number}, which the role does not listen on");
                if (!c.Workload.RunsToCompletion && c.Ports.Count > 0 && c.Accepts("--bind") && c.Value("--bind") is not ("0.0.0.0" or "::"))
                    problems.Add($"{r}: {c}: --bind is '{c.Value("--bind")}': the role listens on 127.0.0.1 only, out of reach of Services and probes");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [KustomizeFact]
    public void Services_select_pods_and_keep_the_ports_of_the_roles()
    {
        var problems = new List<string>();
        foreach (var r in Rendering.Both)
        {
            foreach (var service in r.OfKind("Service"))
            {
                var name = service["metadata"]?["name"].Text();
                var spec = service["spec"]!;
                if (spec["type"].Text() == "ExternalName")
                {
                    if (spec["externalName"].Text() is not { Length: > 0 }) problems.Add($"{r}: Service {name}: ExternalName without externalName");
                    continue;
                }
                var selector = spec["selector"].Properties().ToDictionary(p => p.Key, p => p.Value.Text());
                var pods = r.Workloads.Where(w => selector.Count > 0 && selector.All(s => w.PodLabels.TryGetValue(s.Key, out var v) && v == s.Value)).ToList();
                if (pods.Count == 0)
                {
                    problems.Add($"{r}: Service {name}: selects no pod");
                    continue;
                }
                foreach (var port in spec["ports"].Items())
                {
                    var number = int.Parse(port["port"].Text()!, CultureInfo.InvariantCulture);
                    var target = port["targetPort"].Text() ?? port["port"].Text();
                    var containerPorts = pods.SelectMany(w => w.Containers).SelectMany(c => c["ports"].Items())
                        .Where(p => p["name"].Text() == target || p["containerPort"].Text() == target).Select(p => int.Parse(p["containerPort"].Text()!, CultureInfo.InvariantCulture)).ToList();
                    if (containerPorts.Count == 0) problems.Add($"{r}: Service {name}: port {number} targets '{target}', which no selected container declares");
                    // The one exception: http 80, the port the seed gives the authentication and configuration services (rows 24, 25).
                    else if (containerPorts.Any(p => p != number) && !(number == 80 && port["name"].Text() == "http-seed"))
                        problems.Add($"{r}: Service {name}: port {number} forwards to {string.Join("/", containerPorts)}: keep the role's port");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [KustomizeFact]
    public void Long_running_roles_are_probed_on_their_health_endpoints_over_http()
    {
        var problems = new List<string>();
        foreach (var r in Rendering.Both)
        {
            foreach (var c in r.HostContainers.Where(c => !c.Workload.RunsToCompletion))
            {
                var http = c.Ports.Where(p => p.Kind != PortKind.Feed).Select(p => p.Number).ToHashSet();
                foreach (var (probe, paths) in new[] { ("readinessProbe", ReadinessPaths), ("livenessProbe", LivenessPaths), ("startupProbe", LivenessPaths) })
                {
                    if (c.Node[probe] is not JsonObject p)
                    {
                        if (probe != "startupProbe") problems.Add($"{r}: {c}: no {probe}");
                        continue;
                    }
                    var path = p["httpGet"]?["path"].Text();
                    var port = c.ResolvePort(p["httpGet"]?["port"].Text());
                    if (path is null || !paths.Contains(path)) problems.Add($"{r}: {c}: {probe} on '{path ?? "(not httpGet)"}', not one of {string.Join(", ", paths)}");
                    if (port is null || !http.Contains(port.Value)) problems.Add($"{r}: {c}: {probe} on port {port?.ToString(CultureInfo.InvariantCulture) ?? "?"}, not an HTTP port of the role ({string.Join(", ", http)})");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>What every role serves on its HTTP ports (RoleHost.MapHealthAndMetrics, MapPulseApi); <see cref="SecretsScriptTests"/> asks a running role.</summary>
    internal static readonly string[] ReadinessPaths = ["/health/detail", "/health"];

    internal static readonly string[] LivenessPaths = ["/health"];

    [KustomizeFact]
    public void Every_role_with_a_metrics_port_is_scraped_there()
    {
        var problems = new List<string>();
        foreach (var r in Rendering.Both)
        {
            foreach (var c in r.HostContainers.Where(c => c.ScrapePort is not null && !c.Workload.RunsToCompletion))
            {
                var a = c.Workload.PodAnnotations;
                var port = c.ScrapePort!.Number.ToString(CultureInfo.InvariantCulture);
                if (a.GetValueOrDefault("prometheus.io/scrape") != "true") problems.Add($"{r}: {c}: no prometheus.io/scrape \"true\"");
                if (a.GetValueOrDefault("prometheus.io/port") != port) problems.Add($"{r}: {c}: prometheus.io/port '{a.GetValueOrDefault("prometheus.io/port")}', the metrics are on {port}");
                if (a.GetValueOrDefault("prometheus.io/path") != "/metrics") problems.Add($"{r}: {c}: prometheus.io/path '{a.GetValueOrDefault("prometheus.io/path")}', not /metrics");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [KustomizeFact]
    public void Every_address_a_role_connects_to_is_a_service_with_that_port()
    {
        var problems = new List<string>();
        foreach (var r in Rendering.Both)
        {
            foreach (var c in r.HostContainers)
            {
                foreach (var option in c.Command?.Options.Where(o => o.HelpName is "HOST:PORT" or "URL") ?? [])
                {
                    if (c.Value(option.Name) is not { } value) continue;
                    var (host, port) = option.HelpName == "URL" ? (new Uri(value).Host, new Uri(value).Port) : Split(value);
                    var serviceName = host.Split('.')[0];
                    var service = r.Service(serviceName);
                    var ports = service?["spec"]?["ports"].Items().Select(p => p["port"].Text()).ToList() ?? [];
                    if (service is null) problems.Add($"{r}: {c}: {option.Name} {value}: no Service '{serviceName}'");
                    else if (!ports.Contains(port.ToString(CultureInfo.InvariantCulture))) problems.Add($"{r}: {c}: {option.Name} {value}: Service '{serviceName}' has ports {string.Join(", ", ports)}");
                    if (host.Contains('.', StringComparison.Ordinal) && !host.StartsWith(serviceName + ".pulse", StringComparison.Ordinal))
                        problems.Add($"{r}: {c}: {option.Name} {value}: another namespace's or an outside name");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        static (string, int) Split(string hostPort) =>
            (hostPort[..hostPort.LastIndexOf(':')], int.Parse(hostPort[(hostPort.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture));
    }

    [KustomizeFact]
    public void Every_role_that_takes_a_configuration_is_given_the_sites()
    {
        // Without --config-url (or --config) a role falls back to the demo simulator's site.
        var problems = Rendering.Both.SelectMany(r => r.HostContainers
            .Where(c => c.Accepts("--config-url") && c.Value("--config-url") is null && c.Value("--config") is null)
            .Select(c => $"{r}: {c}: no Pulse__ConfigUrl: the role would run the demo site")).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
