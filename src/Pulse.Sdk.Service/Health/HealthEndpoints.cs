using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Pulse.Sdk.Diagnostics;
using Pulse.Sdk.Service.Api;

namespace Pulse.Sdk.Service.Health;

/// <summary>
/// <c>GET /health</c> (200 <c>{"status":"Healthy"}</c> or <c>"Degraded"</c>, 503 when <c>"Unhealthy"</c>) and
/// <c>GET /health/detail</c>: the merge of every registered <see cref="IHealthDetailSource"/> (the worst status wins,
/// the first known value of each field is shown). Anonymous: they carry nothing of a tenant.
/// </summary>
internal static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health", async (HttpContext http, IEnumerable<IHealthDetailSource> sources) =>
        {
            var merged = await MergeAsync(sources, http.RequestAborted).ConfigureAwait(false);
            return Results.Json(new HealthBody(merged.Status), ApiJson.Options, statusCode: StatusOf(merged.Status));
        }).AllowAnonymous().Produces<HealthBody>().Produces<HealthBody>(503).WithName("Health").WithGroupName(Microsoft.Extensions.DependencyInjection.PulseServiceBuilderExtensions.OpenApiDocumentName);

        endpoints.MapGet("/health/detail", async (HttpContext http, IEnumerable<IHealthDetailSource> sources) =>
        {
            var merged = await MergeAsync(sources, http.RequestAborted).ConfigureAwait(false);
            return Results.Json(merged, ApiJson.Options, statusCode: StatusOf(merged.Status));
        }).AllowAnonymous().Produces<HealthDetailBody>().Produces<HealthDetailBody>(503).WithName("HealthDetail").WithGroupName(Microsoft.Extensions.DependencyInjection.PulseServiceBuilderExtensions.OpenApiDocumentName);
    }

    private static int StatusOf(HealthStatus status) =>
        status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;

    internal static async Task<HealthDetailBody> MergeAsync(IEnumerable<IHealthDetailSource> sources, CancellationToken cancellationToken)
    {
        var status = HealthStatus.Healthy;
        SnapshotWritingStatus? writing = null;
        long? pending = null;
        TimeSpan? delay = null;
        var reasons = new List<string>();
        foreach (var source in sources)
        {
            HealthDetail d;
            try
            {
                d = await source.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A failing source is reported, not thrown: health must answer.
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                d = new HealthDetail { Status = HealthStatus.Unhealthy, Reason = $"{source.GetType().Name} failed: {e.Message}" };
            }
            if (d.Status > status) status = d.Status;
            writing ??= d.SnapshotWritingStatus;
            pending ??= d.PendingLayoutStatusChangesCount;
            delay ??= d.MaxStatisticValueDelay;
            if (d.Reason is { } r) reasons.Add(r);
        }
        return new HealthDetailBody(status, writing, pending, delay?.TotalSeconds, reasons);
    }
}

/// <summary><c>{"status":"Healthy"}</c>.</summary>
internal sealed record HealthBody(HealthStatus Status);

/// <summary>
/// <c>{"status","snapshotWritingStatus","pendingLayoutStatusChangesCount","maxStatisticValueDelay","reasons"}</c>;
/// <c>maxStatisticValueDelay</c> in seconds; a field no source knows is null.
/// </summary>
internal sealed record HealthDetailBody(HealthStatus Status, SnapshotWritingStatus? SnapshotWritingStatus, long? PendingLayoutStatusChangesCount,
    double? MaxStatisticValueDelay, IReadOnlyList<string> Reasons);
