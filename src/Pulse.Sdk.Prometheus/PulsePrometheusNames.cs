namespace Pulse.Sdk.Prometheus;

/// <summary>
/// The metric names the Pulse documentation publishes that the OpenTelemetry rule (<see cref="PrometheusMetricNames"/>)
/// does not give: the LDS's <c>*_number</c> gauges and its sender's connected and disconnected times. They are the
/// default <see cref="PulsePrometheusExporterOptions.Names"/>; every other Pulse instrument follows the rule.
/// </summary>
public static class PulsePrometheusNames
{
    /// <summary>Instrument name → published Prometheus name.</summary>
    public static IReadOnlyDictionary<string, string> Published { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["pulse.lds.senders"] = "pulse_lds_senders_number",
        ["pulse.lds.receivers"] = "pulse_lds_receivers_number",
        ["pulse.lds.sender.uptime"] = "pulse_lds_sender_connected_seconds",
        ["pulse.lds.sender.downtime"] = "pulse_lds_sender_disconnected_seconds",
        ["pulse.lds.sender.registered_dns"] = "pulse_lds_sender_registered_dns_number",
    };
}
