using System.Net;
using Prometheus;
using Pulse.Sdk.Events;
using Pulse.Sdk.Feed;

namespace Pulse.Host;

/// <summary>
/// The upstream half of the Pulse topology on loopback (pulse-domain §1): the Voice SIP Service, the Voice SIP VQ
/// Service, the Interaction Server and the Interaction VQ Server each serve their events over the feed protocol;
/// the LDS and the LDS-VQ hold one upstream subscription each and re-broadcast it; Prometheus metrics are served
/// over HTTP. The DCU subscribes to the four services like the real one, through <see cref="DcuSubscriptions"/>.
/// </summary>
internal sealed class PulseTopology : IAsyncDisposable
{
    private static readonly (EventSourceKind Kind, string Name)[] Services =
    [
        (EventSourceKind.Voice, "voice-sip-service"),
        (EventSourceKind.VoiceVq, "voice-sip-vq-service"),
        (EventSourceKind.Ixn, "interaction-server"),
        (EventSourceKind.IxnVq, "interaction-vq-server"),
    ];

    private readonly Pulse.Sdk.Sources.EventStreamSplitter _splitter;
    private readonly FeedServer[] _servers;
    private readonly List<Lds> _lds = [];
    private readonly List<FeedClient> _clients = [];
    private MetricServer? _metrics;
    private PrometheusMeterBridge? _bridge;

    public PulseTopology(IEventSource source, ServePorts ports)
    {
        ArgumentNullException.ThrowIfNull(source);
        Ports = ports;
        _splitter = new Pulse.Sdk.Sources.EventStreamSplitter(source);
        _servers = Services.Select(s => new FeedServer(_splitter.Stream(s.Kind), new FeedServerOptions { Name = s.Name })).ToArray();
    }

    public ServePorts Ports { get; }

    /// <summary>The ports actually bound, by service name (useful with port 0).</summary>
    public IReadOnlyDictionary<string, int> BoundPorts { get; private set; } = new Dictionary<string, int>();

    /// <summary>Starts the services, the LDS pair and the metrics endpoint; then <see cref="PumpAsync"/> feeds them.</summary>
    public void Start()
    {
        var bound = new Dictionary<string, int>();
        int[] servicePorts = [Ports.Voice, Ports.VoiceVq, Ports.Ixn, Ports.IxnVq];
        for (var i = 0; i < _servers.Length; i++)
        {
            _servers[i].Start(new IPEndPoint(IPAddress.Loopback, servicePorts[i]));
            bound[Services[i].Name] = _servers[i].LocalEndPoint!.Port;
        }
        foreach (var (name, upstream, port) in new[] { ("lds", 0, Ports.Lds), ("lds-vq", 1, Ports.LdsVq) })
        {
            var lds = new Lds(new LdsOptions
            {
                Name = name,
                // From offset 0: everything the service has served since it started, so nothing sent before the subscription is missed.
                Upstream = new FeedClientOptions { Port = _servers[upstream].LocalEndPoint!.Port, ClientId = name, Name = name, ResumeFrom = 0 },
                Server = new FeedServerOptions { Name = name },
            });
            lds.Start(new IPEndPoint(IPAddress.Loopback, port));
            bound[name] = lds.LocalEndPoint!.Port;
            _lds.Add(lds);
        }
        if (Ports.Metrics >= 0)
        {
            // A registry of our own: the SDK's meters under their published names, plus prometheus-net's process metrics.
            var registry = Metrics.NewCustomRegistry();
            _bridge = new PrometheusMeterBridge(registry, Pulse.Sdk.Diagnostics.PulseMetrics.MeterName, FeedMetrics.MeterName,
                Pulse.Sdk.Service.Diagnostics.ServiceMetrics.MeterName, Pulse.Sdk.Authentication.AuthenticationMetrics.MeterName);
            var metricsPort = Ports.Metrics == 0 ? FreePort() : Ports.Metrics;
            _metrics = new MetricServer(hostname: "127.0.0.1", port: metricsPort, registry: registry);
            _metrics.Start();
            bound["metrics"] = metricsPort;
        }
        BoundPorts = bound;
    }

    /// <summary>Reads the source into the services until it ends or <paramref name="cancellationToken"/> is cancelled.</summary>
    public Task PumpAsync(CancellationToken cancellationToken) => _splitter.PumpAsync(cancellationToken);

    /// <summary>One feed client per service, as the DCU subscribes to them.</summary>
    public IReadOnlyList<IEventSource> DcuSubscriptions()
    {
        for (var i = 0; i < _servers.Length; i++)
            _clients.Add(new FeedClient(new FeedClientOptions
            {
                Port = _servers[i].LocalEndPoint!.Port,
                ClientId = "dcu",
                Name = "dcu<-" + Services[i].Name,
                ResumeFrom = 0,
            }));
        return _clients;
    }

    private static int FreePort()
    {
        var l = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var c in _clients) c.Dispose();
        foreach (var l in _lds) await l.DisposeAsync().ConfigureAwait(false);
        foreach (var s in _servers) await s.DisposeAsync().ConfigureAwait(false);
        if (_metrics is not null) await _metrics.StopAsync().ConfigureAwait(false);
        _bridge?.Dispose();
    }
}
