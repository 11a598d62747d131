using Microsoft.Extensions.Diagnostics.HealthChecks;
using Pulse.Sdk.Postgres.Metadata;

namespace Pulse.Sdk.Postgres.Synchronization;

/// <summary>
/// Reports the layout-driven statistics to the Pulse service's <c>/health/detail</c>: <c>pendingLayoutStatusChangesCount</c>
/// is the synchronizer's <see cref="LayoutStatisticsSynchronizer.PendingLayoutChanges"/> (null before it started), and the
/// status is degraded while the LISTEN connection is down (layout changes are then not seen until it reconnects).
/// </summary>
/// <param name="service">The hosted service that runs the synchronizer.</param>
/// <param name="listener">The listener it follows.</param>
public sealed class LayoutSynchronizationHealth(LayoutStatisticsHostedService service, LayoutChangeListener listener) : IHealthCheck
{
    private readonly LayoutStatisticsHostedService _service = service ?? throw new ArgumentNullException(nameof(service));
    private readonly LayoutChangeListener _listener = listener ?? throw new ArgumentNullException(nameof(listener));

    /// <inheritdoc />
    /// <summary>The name of the <see cref="HealthCheckResult.Data"/> entry with the layout changes received and not yet applied.</summary>
    public const string PendingLayoutStatusChangesCountKey = "pendingLayoutStatusChangesCount";

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = _service.Synchronizer?.PendingLayoutChanges is { } pending
            ? new Dictionary<string, object> { [PendingLayoutStatusChangesCountKey] = pending }
            : null;
        return Task.FromResult(_service.Synchronizer is null || _listener.IsConnected
            ? HealthCheckResult.Healthy(data: data)
            : HealthCheckResult.Degraded("layout changes: the LISTEN connection to PostgreSQL is down; changes are applied when it reconnects", data: data));
    }
}
