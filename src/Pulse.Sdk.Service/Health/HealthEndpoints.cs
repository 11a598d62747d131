using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Pulse.Sdk.Service.Api;

namespace Pulse.Sdk.Service.Health;

/// <summary>
/// <c>GET /health</c> (200 <c>{"status":"Healthy"}</c> or <c>"Degraded"</c>, 503 when <c>"Unhealthy"</c>) and
/// <c>GET /health/detail</c>: a report of the health checks tagged <c>pulse</c> (Microsoft.Extensions.Diagnostics.HealthChecks),
/// written by <see cref="PulseHealthResponseWriter"/>. Mapped as route handlers rather than <c>MapHealthChecks</c> so that
/// they are in Pulse's OpenAPI document; an application that maps its own health endpoint can use the same writer.
/// Anonymous: they carry nothing of a tenant.
/// </summary>
internal static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health", (HttpContext http, HealthCheckService health) => WriteAsync(http, health, PulseHealthResponseWriter.WriteSummaryAsync))
            .AllowAnonymous().Produces<HealthBody>().Produces<HealthBody>(503).WithName("Health").WithGroupName(Microsoft.Extensions.DependencyInjection.PulseServiceBuilderExtensions.OpenApiDocumentName);

        endpoints.MapGet("/health/detail", (HttpContext http, HealthCheckService health) => WriteAsync(http, health, PulseHealthResponseWriter.WriteDetailAsync))
            .AllowAnonymous().Produces<HealthDetailBody>().Produces<HealthDetailBody>(503).WithName("HealthDetail").WithGroupName(Microsoft.Extensions.DependencyInjection.PulseServiceBuilderExtensions.OpenApiDocumentName);
    }

    private static async Task WriteAsync(HttpContext http, HealthCheckService health, Func<HttpContext, HealthReport, Task> writer)
    {
        var report = await health.CheckHealthAsync(PulseHealthResponseWriter.IsPulseCheck, http.RequestAborted).ConfigureAwait(false);
        http.Response.StatusCode = report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        await writer(http, report).ConfigureAwait(false);
    }
}

/// <summary><c>{"status":"Healthy"}</c>.</summary>
internal sealed record HealthBody(HealthStatus Status);

/// <summary>
/// <c>{"status","snapshotWritingStatus","pendingLayoutStatusChangesCount","maxStatisticValueDelay","reasons"}</c>;
/// <c>maxStatisticValueDelay</c> in seconds; a field no source knows is null.
/// </summary>
internal sealed record HealthDetailBody(HealthStatus Status, string? SnapshotWritingStatus, long? PendingLayoutStatusChangesCount,
    double? MaxStatisticValueDelay, IReadOnlyList<string> Reasons);
