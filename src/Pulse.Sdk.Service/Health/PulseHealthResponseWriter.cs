using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Pulse.Sdk.Service.Api;

namespace Pulse.Sdk.Service.Health;

/// <summary>
/// Writes a <see cref="HealthReport"/> of Pulse's health checks as Pulse's <c>/health</c> and <c>/health/detail</c> do
/// (docs/api.md, "Health"): for an application that maps its own endpoint,
/// <c>app.MapHealthChecks("/ready", new() { Predicate = PulseHealthResponseWriter.IsPulseCheck, ResponseWriter = PulseHealthResponseWriter.WriteDetailAsync })</c>.
/// </summary>
public static class PulseHealthResponseWriter
{
    // The fields Genesys Pulse publishes in its health detail, each reported by one component's check.
    private const string SnapshotWritingStatusKey = "snapshotWritingStatus";
    private const string PendingLayoutStatusChangesCountKey = "pendingLayoutStatusChangesCount";
    private const string MaxStatisticValueDelayKey = "maxStatisticValueDelay";

    /// <summary>Whether a registration is one of Pulse's checks (tagged <c>pulse</c>).</summary>
    /// <param name="registration">A health check registration.</param>
    public static bool IsPulseCheck(HealthCheckRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return registration.Tags.Contains(Microsoft.Extensions.DependencyInjection.PulseHealthCheckServiceCollectionExtensions.Tag);
    }

    /// <summary><c>{"status":"Healthy"}</c> (or <c>Degraded</c>, <c>Unhealthy</c>).</summary>
    /// <param name="context">The request.</param>
    /// <param name="report">The report.</param>
    public static Task WriteSummaryAsync(HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        return context.Response.WriteAsJsonAsync(new HealthBody(report.Status), ApiJson.Options, context.RequestAborted);
    }

    /// <summary>
    /// <c>{"status","snapshotWritingStatus","pendingLayoutStatusChangesCount","maxStatisticValueDelay","reasons"}</c>: the
    /// worst status, the first value a check reports of each field (null when none does), and each check's description
    /// (or the exception of a check that threw) as a reason.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="report">The report.</param>
    public static Task WriteDetailAsync(HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        string? writing = null;
        long? pending = null;
        double? delay = null;
        var reasons = new List<string>();
        foreach (var (name, entry) in report.Entries)
        {
            writing ??= entry.Data.TryGetValue(SnapshotWritingStatusKey, out var w) ? w?.ToString() : null;
            pending ??= entry.Data.TryGetValue(PendingLayoutStatusChangesCountKey, out var p) && p is not null ? Convert.ToInt64(p, CultureInfo.InvariantCulture) : null;
            delay ??= entry.Data.TryGetValue(MaxStatisticValueDelayKey, out var d) && d is not null ? Convert.ToDouble(d, CultureInfo.InvariantCulture) : null;
            if (entry.Exception is { } e) reasons.Add($"{name} failed: {e.Message}");
            else if (entry.Description is { } description) reasons.Add(description);
        }
        return context.Response.WriteAsJsonAsync(new HealthDetailBody(report.Status, writing, pending, delay, reasons), ApiJson.Options, context.RequestAborted);
    }
}
