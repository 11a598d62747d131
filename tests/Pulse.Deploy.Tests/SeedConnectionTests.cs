using System.Globalization;
using System.Text.Json.Nodes;
using Pulse.Deploy.Tests.Support;

namespace Pulse.Deploy.Tests;

/// <summary>
/// Every connection row of the seed's table (the numbered connections of the Pulse architecture the project started
/// from; docs/deploy.md, "The seed's connections") is in the manifests with its port and direction: who connects, to
/// which Service and port, or which port is scraped or served. Two rows are absent on purpose, and the test holds them
/// absent with the reason; row 18 is the component <c>deploy/components/ixn-push</c>.
/// </summary>
public sealed class SeedConnectionTests
{
    /// <summary>A row of the seed's table: its number, who connects, the protocol, the port, what travels.</summary>
    private sealed record Row(int Number, string Who, string Protocol, int Port, string What);

    private static readonly Row[] Rows =
    [
        new(1, "Permissions ReplicaSet", "tcp", 8888, "configuration data, to check user access"),
        new(2, "Permissions ReplicaSet", "tcp", 6380, "user permissions stored"),
        new(3, "DCU StatefulSet", "tcp", 6380, "current and historical statistic values stored"),
        new(4, "Permissions ReplicaSet", "tcp", 5432, "Pulse metadata read to check access"),
        new(5, "DCU StatefulSet", "tcp", 5432, "Pulse metadata read for collecting statistics"),
        new(6, "Init Tenant Job", "tcp", 5432, "out-of-the-box widget templates"),
        new(7, "DCU StatefulSet", "tcp", 8888, "configuration data"),
        new(8, "DCU StatefulSet", "tcp", 8000, "events from the Voice SIP Service"),
        new(9, "LDS StatefulSet", "tcp", 8888, "configuration data"),
        new(10, "LDS StatefulSet", "tcp", 8000, "events of the Voice SIP Service broadcast to clients"),
        new(11, "Prometheus", "http", 9091, "metrics (LDS)"),
        new(12, "LDS-VQ StatefulSet", "tcp", 8888, "configuration data"),
        new(13, "LDS-VQ StatefulSet", "tcp", 8000, "events of the Voice SIP VQ Service broadcast to clients"),
        new(14, "Prometheus", "http", 9091, "metrics (LDS-VQ)"),
        new(15, "DCU StatefulSet", "tcp", 8000, "events from the Voice SIP VQ Service"),
        new(16, "DCU StatefulSet", "tcp", 7122, "events from the Interaction VQ Server"),
        new(17, "DCU StatefulSet", "tcp", 7120, "events from the Interaction Server"),
        new(18, "IXN", "tcp", 2060, "the Interaction Server's connection to the DCU"),
        new(19, "Prometheus", "http", 9091, "metrics (DCU)"),
        new(20, "Ingress", "http", 8080, "the application gateway's connection to Pulse"),
        new(21, "Pulse ReplicaSet", "tcp", 5432, "metadata: dashboards, widgets, templates"),
        new(22, "Pulse ReplicaSet", "tcp", 6380, "statistic values and user permissions"),
        new(23, "Init Job", "tcp", 5432, "the database schema"),
        new(24, "Pulse ReplicaSet", "http", 80, "the authentication service: identity and privileges"),
        new(25, "Pulse ReplicaSet", "http", 80, "the configuration service: agents, queues ..."),
        new(26, "Prometheus", "http", 8090, "metrics (Pulse)"),
        new(27, "Public Internet", "https", 443, "inbound web traffic"),
    ];

    [KustomizeFact]
    public void Every_row_of_the_seeds_connection_table_is_in_the_manifests_with_its_port_and_direction()
    {
        var site = Rendering.Site;
        var demo = Rendering.Demo;
        var push = Rendering.SiteWithIxnPush;
        var problems = new List<string>();
        void Check(Row row, bool holds, string what)
        {
            if (!holds) problems.Add($"row {row.Number} ({row.Who} {row.Protocol} {row.Port}, {row.What}): {what}");
        }

        foreach (var row in Rows)
        {
            switch (row.Number)
            {
                case 1 or 7:
                    Check(row, ConnectsTo(site, row.Number == 1 ? "permissions" : "dcu", "--config-url", "config", row.Port), "the role's --config-url is not config:8888");
                    break;
                case 2 or 3 or 22:
                    Check(row, FromSecret(site, Role(row), "--redis", "pulse-redis") && ServicePort(demo, "redis", row.Port), "no --redis from the pulse-redis Secret, or the demo's redis Service is not on 6380");
                    break;
                case 4 or 5 or 6 or 21 or 23:
                    Check(row, FromSecret(site, Role(row), "--postgres", "pulse-postgres") && ServicePort(demo, "postgres", row.Port), "no --postgres from the pulse-postgres Secret, or the demo's postgres Service is not on 5432");
                    break;
                case 8:
                    // The DCU reads the Voice SIP Service through the LDS, which holds the one subscription to it (row 10).
                    Check(row, ConnectsTo(site, "dcu", "--voice", "lds", 8100) && ConnectsTo(site, "lds", "--upstream", "voice-sip", row.Port), "the DCU does not read voice-sip:8000 through lds:8100");
                    break;
                case 9 or 12:
                    // Absent on purpose: the LDS relays a stream and filters by what each receiver asks; it needs no configuration.
                    Check(row, !Container(site, row.Number == 9 ? "lds" : "lds-vq").Accepts("--config-url"), "the LDS now reads a configuration: turn this row into a check of it");
                    break;
                case 10 or 13:
                    Check(row, ConnectsTo(site, row.Number == 10 ? "lds" : "lds-vq", "--upstream", row.Number == 10 ? "voice-sip" : "voice-sip-vq", row.Port), "the LDS's --upstream is not the voice service on 8000");
                    break;
                case 11 or 14 or 19 or 26:
                    var scraped = row.Number switch { 11 => "lds", 14 => "lds-vq", 19 => "dcu", _ => "pulse" };
                    Check(row, Scraped(site, scraped, row.Port), $"{scraped} is not scraped on {row.Port}");
                    break;
                case 15:
                    Check(row, ConnectsTo(site, "dcu", "--voice-vq", "lds-vq", 8101) && ConnectsTo(site, "lds-vq", "--upstream", "voice-sip-vq", row.Port), "the DCU does not read voice-sip-vq:8000 through lds-vq:8101");
                    break;
                case 16 or 17:
                    Check(row, ConnectsTo(site, "dcu", row.Number == 16 ? "--ixn-vq" : "--ixn", row.Number == 16 ? "ixn-vq" : "ixn", row.Port), "the DCU does not subscribe to the interaction server on its port");
                    break;
                case 18:
                    // The other direction: the Interaction Server connects to each DCU pod and pushes (deploy/components/ixn-push).
                    var dcu = Container(push, "dcu");
                    Check(row, dcu.Value("--ixn-listen") == "2060" && dcu.ContainerPorts.Values.Contains(row.Port) && ServicePort(push, "dcu", row.Port),
                        "with deploy/components/ixn-push the DCU does not listen on 2060 behind its Service");
                    break;
                case 20:
                    Check(row, IngressBackends(site).Contains(("pulse", row.Port)) && ServicePort(site, "pulse", row.Port), "the Ingress does not send to pulse:8080");
                    break;
                case 24 or 25:
                    var option = row.Number == 24 ? "--auth-url" : "--config-url";
                    Check(row, Container(site, "pulse").Value(option) is { } url && new Uri(url) is { Scheme: "http", Port: 80 } u
                        && u.Host == (row.Number == 24 ? "auth" : "config") && ServicePort(site, u.Host, 80), $"pulse's {option} is not http on port 80 of its Service");
                    break;
                case 27:
                    Check(row, site.OfKind("Ingress").Any(i => i["spec"]?["tls"].Items().Any() == true), "the Ingress has no TLS (https 443)");
                    break;
                default:
                    problems.Add($"row {row.Number}: no check");
                    break;
            }
        }
        Assert.Equal(27, Rows.Length);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static string Role(Row row) => row.Who switch
    {
        "Permissions ReplicaSet" => "permissions",
        "DCU StatefulSet" => "dcu",
        "Pulse ReplicaSet" => "pulse",
        "Init Job" => "init",
        "Init Tenant Job" => "init-tenant",
        _ => throw new ArgumentException(row.Who),
    };

    private static HostContainer Container(Rendering r, string workload) =>
        r.HostContainers.Single(c => c.Workload.Name == workload);

    /// <summary>Whether <paramref name="workload"/>'s option is <paramref name="host"/>:<paramref name="port"/> (a URL or HOST:PORT) and that Service has the port.</summary>
    private static bool ConnectsTo(Rendering r, string workload, string option, string host, int port)
    {
        var value = Container(r, workload).Value(option);
        if (value is null) return false;
        var (h, p) = value.Contains("://", StringComparison.Ordinal)
            ? (new Uri(value).Host, new Uri(value).Port)
            : (value[..value.LastIndexOf(':')], int.Parse(value[(value.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture));
        return h.Split('.')[0] == host && p == port && ServicePort(r, host, port);
    }

    private static bool FromSecret(Rendering r, string workload, string option, string secret) =>
        Container(r, workload).Settings.TryGetValue(option, out var s) && s.ValueFrom?["secretKeyRef"]?["name"].Text() == secret;

    private static bool ServicePort(Rendering r, string service, int port) =>
        r.Service(service)?["spec"]?["ports"].Items().Any(p => p["port"].Text() == port.ToString(CultureInfo.InvariantCulture)) == true;

    private static bool Scraped(Rendering r, string workload, int port)
    {
        var w = r.Workloads.Single(x => x.Name == workload);
        return w.PodAnnotations.GetValueOrDefault("prometheus.io/scrape") == "true"
            && w.PodAnnotations.GetValueOrDefault("prometheus.io/port") == port.ToString(CultureInfo.InvariantCulture)
            && Container(r, workload).ContainerPorts.Values.Contains(port);
    }

    private static IEnumerable<(string Service, int Port)> IngressBackends(Rendering r) =>
        r.OfKind("Ingress").SelectMany(i => i["spec"]?["rules"].Items() ?? [])
            .SelectMany(rule => rule?["http"]?["paths"].Items() ?? [])
            .Select(p => p?["backend"]?["service"])
            .Where(s => s is not null)
            .Select(s => (Name: s!["name"].Text() ?? "", Port: s["port"]))
            // A port named in the backend is the Service's port of that name.
            .Select(b => (b.Name, b.Port?["number"].Text() is { } n ? int.Parse(n, CultureInfo.InvariantCulture)
                : int.Parse(r.Service(b.Name)?["spec"]?["ports"].Items().FirstOrDefault(p => p["name"].Text() == b.Port?["name"].Text())?["port"].Text() ?? "0", CultureInfo.InvariantCulture)));
}
