using System.Diagnostics.Metrics;

namespace Pulse.Sdk.Service.Diagnostics;

/// <summary>
/// The instruments of the Pulse service, on the meter <c>Pulse.Sdk.Service</c>, named in Prometheus form:
/// <c>pulse_api_requests_total{status}</c>, <c>pulse_live_connections{transport}</c>, <c>pulse_live_subscriptions</c>,
/// <c>pulse_live_messages_sent_total{type}</c>, <c>pulse_live_values_coalesced_total</c>,
/// <c>pulse_api_requests_refused_total{reason}</c>.
/// </summary>
internal static class ServiceMetrics
{
    private static readonly Meter Meter = new(ServiceMeter.Name, typeof(ServiceMetrics).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> ApiRequests = Meter.CreateCounter<long>("pulse_api_requests_total", unit: "{request}", description: "REST API answers, by status code");
    internal static readonly UpDownCounter<long> LiveConnections = Meter.CreateUpDownCounter<long>("pulse_live_connections", unit: "{connection}", description: "Open live connections, by transport (websocket, sse)");
    internal static readonly UpDownCounter<long> LiveSubscriptions = Meter.CreateUpDownCounter<long>("pulse_live_subscriptions", unit: "{subscription}", description: "Live subscriptions held by the connections of this replica");
    internal static readonly Counter<long> LiveMessagesSent = Meter.CreateCounter<long>("pulse_live_messages_sent_total", unit: "{message}", description: "Live messages sent, by type (snapshot, delta, heartbeat, error)");
    internal static readonly Counter<long> LiveValuesCoalesced = Meter.CreateCounter<long>("pulse_live_values_coalesced_total", unit: "{value}", description: "Values replaced by a newer value of the same statistic before they were sent");

    internal static readonly Counter<long> ApiRequestsRefused = Meter.CreateCounter<long>("pulse_api_requests_refused_total", unit: "{request}",
        description: "API requests refused before their handler by the origin and Content-Type rules, by reason (origin_missing, origin_not_allowed, content_type)");

    internal static void CountRefusal(string reason) => ApiRequestsRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));

    internal static void CountRequest(int status) => ApiRequests.Add(1, new KeyValuePair<string, object?>("status", status));
}
