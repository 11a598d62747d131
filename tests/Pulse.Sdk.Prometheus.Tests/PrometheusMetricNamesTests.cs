namespace Pulse.Sdk.Prometheus.Tests;

public class PrometheusMetricNamesTests
{
    [Theory]
    [InlineData("pulse.dcu.messages.received", "{event}", true, false, "pulse_dcu_messages_received_total")]
    [InlineData("pulse.dcu.checkpoint.duration", "s", false, false, "pulse_dcu_checkpoint_duration_seconds")]
    [InlineData("pulse.dcu.checkpoint.size", "By", false, false, "pulse_dcu_checkpoint_size_bytes")]
    [InlineData("pulse.feed.client.received", "By", true, false, "pulse_feed_client_received_bytes_total")]
    [InlineData("pulse.feed.client.uptime", "s", true, false, "pulse_feed_client_uptime_seconds_total")]
    [InlineData("pulse.live.connections", "{connection}", false, true, "pulse_live_connections")]
    [InlineData("pulse.lds.uptime", "s", false, true, "pulse_lds_uptime_seconds")]
    [InlineData("queue.fill", "1", false, true, "queue_fill_ratio")]
    [InlineData("jobs.done", "1", true, false, "jobs_done_total")]
    [InlineData("http-requests/errors", null, true, false, "http_requests_errors_total")]
    [InlineData("already_total", "{x}", true, false, "already_total")]
    [InlineData("wait_seconds", "s", false, false, "wait_seconds")]
    [InlineData("9lives", null, false, true, "_9lives")]
    public void An_instrument_name_and_unit_give_the_prometheus_name_by_the_opentelemetry_rule(string name, string? unit, bool monotonic, bool gauge, string expected) =>
        Assert.Equal(expected, PrometheusMetricNames.For(name, unit, monotonic, gauge));
}
