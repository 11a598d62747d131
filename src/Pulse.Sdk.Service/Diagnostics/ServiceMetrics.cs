using System.Diagnostics.Metrics;

namespace Pulse.Sdk.Service.Diagnostics;

/// <summary>
/// The instruments of the Pulse service, on the meter <c>Pulse.Sdk.Service</c>, named by the OpenTelemetry conventions
/// (docs/metrics.md): <c>pulse.api.requests{status}</c>, <c>pulse.api.refused_requests{reason}</c>,
/// <c>pulse.live.connections{transport}</c>, <c>pulse.live.subscriptions</c>, <c>pulse.live.messages.sent{type}</c>,
/// <c>pulse.live.values.coalesced</c>.
/// </summary>
internal static class ServiceMetrics
{
    private static readonly Meter Meter = new(ServiceMeter.Name, typeof(ServiceMetrics).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> ApiRequests = Meter.CreateCounter<long>("pulse.api.requests", unit: "{request}", description: "REST API answers, by status code");
    internal static readonly UpDownCounter<long> LiveConnections = Meter.CreateUpDownCounter<long>("pulse.live.connections", unit: "{connection}", description: "Open live connections, by transport (websocket, sse)");
    internal static readonly UpDownCounter<long> LiveSubscriptions = Meter.CreateUpDownCounter<long>("pulse.live.subscriptions", unit: "{subscription}", description: "Live subscriptions held by the connections of this replica");
    internal static readonly Counter<long> LiveMessagesSent = Meter.CreateCounter<long>("pulse.live.messages.sent", unit: "{message}", description: "Live messages sent, by type (snapshot, delta, heartbeat, error)");
    internal static readonly Counter<long> LiveValuesCoalesced = Meter.CreateCounter<long>("pulse.live.values.coalesced", unit: "{value}", description: "Values replaced by a newer value of the same statistic before they were sent");

    internal static readonly Counter<long> ApiRequestsRefused = Meter.CreateCounter<long>("pulse.api.refused_requests", unit: "{request}",
        description: "API requests refused before their handler by the origin and Content-Type rules, by reason (origin_missing, origin_not_allowed, content_type)");

    internal static void CountRefusal(string reason) => ApiRequestsRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));

    internal static void CountRequest(int status) => ApiRequests.Add(1, new KeyValuePair<string, object?>("status", status));
}
