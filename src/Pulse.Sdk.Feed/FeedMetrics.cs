using System.Diagnostics.Metrics;

namespace Pulse.Sdk.Feed;

/// <summary>
/// The <c>Pulse.Sdk.Feed</c> meter (System.Diagnostics.Metrics) and its instruments, named by the OpenTelemetry
/// conventions (docs/metrics.md); the Prometheus exporter gives the LDS instruments the published Pulse LDS names.
/// </summary>
internal static class FeedMetrics
{
    internal static readonly Meter Meter = new(FeedMeter.Name, typeof(FeedMetrics).Assembly.GetName().Version?.ToString());

    /// <summary>
    /// Frames rejected (malformed, too long, truncated, unknown type, invalid event); tags <c>connection</c> (a client's
    /// name, or <c>{server}/receivers</c> and <c>{server}/upstream</c>: never a peer's address, which would make a
    /// series per connection) and <c>reason</c>.
    /// </summary>
    internal static readonly Counter<long> FramesRejected =
        Meter.CreateCounter<long>("pulse.feed.frames.rejected", unit: "{frame}", description: "Feed frames rejected as malformed or invalid, by connection and reason.");

    /// <summary>Client: 1 while connected (handshake done), 0 otherwise; tag <c>client</c>.</summary>
    internal static readonly UpDownCounter<long> ClientConnected =
        Meter.CreateUpDownCounter<long>("pulse.feed.client.connected", unit: "{connection}", description: "1 while the feed client is connected to its server.");

    /// <summary>Client: reconnections after a lost or refused connection; tag <c>client</c>.</summary>
    internal static readonly Counter<long> ClientReconnects =
        Meter.CreateCounter<long>("pulse.feed.client.reconnects", unit: "{connection}", description: "Connection attempts of a feed client after the first.");

    /// <summary>Client: frames received; tag <c>client</c>.</summary>
    internal static readonly Counter<long> ClientFrames =
        Meter.CreateCounter<long>("pulse.feed.client.frames.received", unit: "{frame}", description: "Frames received by a feed client.");

    /// <summary>Client: bytes received; tag <c>client</c>.</summary>
    internal static readonly Counter<long> ClientBytes =
        Meter.CreateCounter<long>("pulse.feed.client.received", unit: "By", description: "Bytes received by a feed client.");

    /// <summary>Client: resync_required answers; tag <c>client</c>.</summary>
    internal static readonly Counter<long> ClientResyncs =
        Meter.CreateCounter<long>("pulse.feed.client.resyncs", unit: "{event}", description: "Times a feed client was told to resynchronise (events were lost).");

    /// <summary>Server: receivers connected; tag <c>server</c>.</summary>
    internal static readonly UpDownCounter<long> ServerReceivers =
        Meter.CreateUpDownCounter<long>("pulse.feed.server.receivers", unit: "{connection}", description: "Receivers connected to a feed server.");

    /// <summary>Server: receivers disconnected by the server; tags <c>server</c>, <c>reason</c>.</summary>
    internal static readonly Counter<long> ServerDisconnects =
        Meter.CreateCounter<long>("pulse.feed.server.disconnects", unit: "{connection}", description: "Receivers disconnected, by reason (slow_consumer, heartbeat_timeout, peer_closed ...).");

    /// <summary>Server: frames written to receivers; tag <c>server</c>.</summary>
    internal static readonly Counter<long> ServerFramesSent =
        Meter.CreateCounter<long>("pulse.feed.server.frames.sent", unit: "{frame}", description: "Event frames delivered to receivers.");

    /// <summary>
    /// Server, push direction: failed attempts to serve a <see cref="FeedServerOptions.PushTo"/> receiver; tags
    /// <c>server</c>, <c>target</c> (the configured <c>host:port</c>) and <c>reason</c> (<c>refused</c>, <c>timeout</c>,
    /// <c>dns</c>, <c>unreachable</c>, <c>handshake</c>: connected, but closed before the welcome).
    /// </summary>
    internal static readonly Counter<long> ServerPushFailures =
        Meter.CreateCounter<long>("pulse.feed.server.push.failures", unit: "{connection}", description: "Failed attempts of a feed server to connect to a receiver it pushes to, by target and reason.");

    /// <summary>Server, push direction: 1 while the receiver at <c>target</c> is connected and welcomed, 0 otherwise; tags <c>server</c>, <c>target</c>.</summary>
    internal static readonly UpDownCounter<long> ServerPushConnected =
        Meter.CreateUpDownCounter<long>("pulse.feed.server.push.connected", unit: "{connection}", description: "1 while a feed server is connected to a receiver it pushes to.");

    /// <summary>Client, push direction: upstream connections closed because another one was active; tag <c>client</c>.</summary>
    internal static readonly Counter<long> ClientRefusedConnections =
        Meter.CreateCounter<long>("pulse.feed.client.refused_connections", unit: "{connection}", description: "Upstream connections a listening feed client closed because it already had one.");

    private static readonly List<WeakReference<FeedClient>> s_clients = [];
    private static readonly List<WeakReference<Lds>> s_lds = [];

    static FeedMetrics()
    {
        Meter.CreateObservableCounter("pulse.feed.client.uptime", () => ObserveClients(c => c.ConnectedTime.TotalSeconds), unit: "s", description: "Time a feed client has spent connected.");
        Meter.CreateObservableCounter("pulse.feed.client.downtime", () => ObserveClients(c => c.DisconnectedTime.TotalSeconds), unit: "s", description: "Time a feed client has spent disconnected.");
        Meter.CreateObservableGauge("pulse.lds.uptime", () => ObserveLds(l => l.Uptime.TotalSeconds, sender: false), unit: "s", description: "Time since the LDS started.");
        Meter.CreateObservableGauge("pulse.lds.senders", () => ObserveLds(l => l.SendersConnected, sender: false), unit: "{sender}", description: "Upstream senders the LDS is connected to.");
        Meter.CreateObservableGauge("pulse.lds.receivers", () => ObserveLds(l => l.ReceiversNumber, sender: false), unit: "{receiver}", description: "Receivers connected to the LDS.");
        Meter.CreateObservableGauge("pulse.lds.sender.uptime", () => ObserveLds(l => l.Upstream.ConnectedTime.TotalSeconds, sender: true), unit: "s", description: "Time the LDS has been connected to its sender.");
        Meter.CreateObservableGauge("pulse.lds.sender.downtime", () => ObserveLds(l => l.Upstream.DisconnectedTime.TotalSeconds, sender: true), unit: "s", description: "Time the LDS has been disconnected from its sender.");
        Meter.CreateObservableGauge("pulse.lds.sender.registered_dns", () => ObserveLds(l => l.RegisteredDnsNumber, sender: true), unit: "{dn}", description: "Distinct DNs the receivers registered, hence the LDS with its sender.");
    }

    internal static void Register(FeedClient client)
    {
        lock (s_clients) s_clients.Add(new WeakReference<FeedClient>(client));
    }

    internal static void Unregister(FeedClient client)
    {
        lock (s_clients) s_clients.RemoveAll(w => !w.TryGetTarget(out var c) || ReferenceEquals(c, client));
    }

    internal static void Register(Lds lds)
    {
        lock (s_lds) s_lds.Add(new WeakReference<Lds>(lds));
    }

    internal static void Unregister(Lds lds)
    {
        lock (s_lds) s_lds.RemoveAll(w => !w.TryGetTarget(out var l) || ReferenceEquals(l, lds));
    }

    private static List<Measurement<double>> ObserveClients(Func<FeedClient, double> value)
    {
        var result = new List<Measurement<double>>();
        lock (s_clients)
        {
            foreach (var w in s_clients)
            {
                if (w.TryGetTarget(out var c)) result.Add(new Measurement<double>(value(c), new KeyValuePair<string, object?>("client", c.Name)));
            }
        }

        return result;
    }

    private static List<Measurement<double>> ObserveLds(Func<Lds, double> value, bool sender)
    {
        var result = new List<Measurement<double>>();
        lock (s_lds)
        {
            foreach (var w in s_lds)
            {
                if (!w.TryGetTarget(out var l)) continue;
                result.Add(sender
                    ? new Measurement<double>(value(l), new("lds", l.Name), new("sender", l.SenderName))
                    : new Measurement<double>(value(l), new KeyValuePair<string, object?>("lds", l.Name)));
            }
        }

        return result;
    }
}
