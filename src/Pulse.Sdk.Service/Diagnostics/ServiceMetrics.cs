using System.Diagnostics.Metrics;

namespace Pulse.Sdk.Service.Diagnostics;

/// <summary>
/// The instruments of the Pulse service, on the meter <c>Pulse.Sdk.Service</c>, named by the OpenTelemetry conventions
/// (docs/metrics.md): <c>pulse.api.requests{status}</c>, <c>pulse.api.refused_requests{reason}</c>,
/// <c>pulse.live.connections{transport}</c>, <c>pulse.live.subscriptions</c>, <c>pulse.live.messages.sent{type}</c>,
/// <c>pulse.live.values.coalesced</c>. A singleton of the container, on a meter of the host's <see cref="IMeterFactory"/>.
/// </summary>
internal sealed class ServiceMetrics
{
    public ServiceMetrics(IMeterFactory factory)
        : this(factory.Create(new MeterOptions(ServiceMeter.Name) { Version = Version }))
    {
    }

    private ServiceMetrics(Meter meter)
    {
        ApiRequests = meter.CreateCounter<long>("pulse.api.requests", unit: "{request}", description: "REST API answers, by status code");
        LiveConnections = meter.CreateUpDownCounter<long>("pulse.live.connections", unit: "{connection}", description: "Open live connections, by transport (websocket, sse)");
        LiveSubscriptions = meter.CreateUpDownCounter<long>("pulse.live.subscriptions", unit: "{subscription}", description: "Live subscriptions held by the connections of this replica");
        LiveMessagesSent = meter.CreateCounter<long>("pulse.live.messages.sent", unit: "{message}", description: "Live messages sent, by type (snapshot, delta, heartbeat, error)");
        LiveValuesCoalesced = meter.CreateCounter<long>("pulse.live.values.coalesced", unit: "{value}", description: "Values replaced by a newer value of the same statistic before they were sent");
        ApiRequestsRefused = meter.CreateCounter<long>("pulse.api.refused_requests", unit: "{request}",
            description: "API requests refused before their handler by the origin and Content-Type rules, by reason (origin_missing, origin_not_allowed, content_type)");
    }

    /// <summary>
    /// For a <see cref="Live.LiveHub"/> built without a container (its public constructor): a process-wide meter no
    /// container owns, created once, so such hubs neither leak meters nor lose their measurements.
    /// </summary>
    internal static ServiceMetrics Shared => s_shared.Value;

    // Made on first use only: a host whose container makes the metrics never has this meter.
    private static readonly Lazy<ServiceMetrics> s_shared = new(static () => new(new Meter(new MeterOptions(ServiceMeter.Name) { Version = Version })));

    private static string? Version => typeof(ServiceMetrics).Assembly.GetName().Version?.ToString();

    internal Counter<long> ApiRequests { get; }

    internal UpDownCounter<long> LiveConnections { get; }

    internal UpDownCounter<long> LiveSubscriptions { get; }

    internal Counter<long> LiveMessagesSent { get; }

    internal Counter<long> LiveValuesCoalesced { get; }

    internal Counter<long> ApiRequestsRefused { get; }

    internal void CountRefusal(string reason) => ApiRequestsRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));

    internal void CountRequest(int status) => ApiRequests.Add(1, new KeyValuePair<string, object?>("status", status));
}
