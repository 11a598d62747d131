using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Pulse.Sdk.Prometheus.Tests;

/// <summary><c>AddPulsePrometheusExporter()</c> and <c>MapPulseMetrics()</c> in a web application.</summary>
public class PulsePrometheusEndpointTests
{
    private static WebApplicationBuilder NewBuilder()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        return builder;
    }

    [Fact]
    public async Task The_metrics_answer_under_a_route_group_in_the_prometheus_text_format()
    {
        var meterName = "Pulse.Sdk.Tests." + Guid.NewGuid().ToString("N");
        var builder = NewBuilder();
        builder.Services.AddPulsePrometheusExporter(o => o.Names["test.receivers"] = "test_receivers_number");
        await using var app = builder.Build();
        app.MapGroup("/ops").MapPulseMetrics();
        await app.StartAsync();
        using var meter = new Meter(meterName);
        meter.CreateCounter<long>("test.requests", "{request}").Add(2, new KeyValuePair<string, object?>("status", 200));
        meter.CreateObservableGauge("test.receivers", () => 3, "{receiver}");

        using var response = await app.GetTestClient().GetAsync(new Uri("/ops/metrics", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("test_requests_total{status=\"200\"} 2", text);
        Assert.Contains("test_receivers_number 3", text);
    }

    [Fact]
    public void Mapping_without_the_exporter_says_what_to_register()
    {
        var app = NewBuilder().Build();
        var e = Assert.Throws<InvalidOperationException>(() => app.MapPulseMetrics());
        Assert.Contains("services.AddPulsePrometheusExporter()", e.Message);
    }

    [Fact]
    public async Task Invalid_settings_stop_the_host_at_start()
    {
        var builder = NewBuilder();
        builder.Services.AddPulsePrometheusExporter(o => o.Meters.Clear());
        await using var app = builder.Build();
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains("PulsePrometheusExporterOptions.Meters is empty", e.Message);
    }
}
