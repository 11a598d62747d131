using Pulse.Sdk.Diagnostics;
using Pulse.Sdk.Postgres.Metadata;

namespace Pulse.Sdk.Postgres.Synchronization;

/// <summary>
/// Reports the layout-driven statistics to the Pulse service's <c>/health/detail</c>: <c>pendingLayoutStatusChangesCount</c>
/// is the synchronizer's <see cref="LayoutStatisticsSynchronizer.PendingLayoutChanges"/> (null before it started), and the
/// status is degraded while the LISTEN connection is down (layout changes are then not seen until it reconnects).
/// </summary>
/// <param name="service">The hosted service that runs the synchronizer.</param>
/// <param name="listener">The listener it follows.</param>
public sealed class LayoutSynchronizationHealth(LayoutStatisticsHostedService service, LayoutChangeListener listener) : IHealthDetailSource
{
    private readonly LayoutStatisticsHostedService _service = service ?? throw new ArgumentNullException(nameof(service));
    private readonly LayoutChangeListener _listener = listener ?? throw new ArgumentNullException(nameof(listener));

    /// <inheritdoc />
    public ValueTask<HealthDetail> ReadAsync(CancellationToken cancellationToken = default)
    {
        var pending = _service.Synchronizer?.PendingLayoutChanges;
        return ValueTask.FromResult(_service.Synchronizer is null || _listener.IsConnected
            ? new HealthDetail { PendingLayoutStatusChangesCount = pending }
            : new HealthDetail
            {
                Status = HealthStatus.Degraded,
                PendingLayoutStatusChangesCount = pending,
                Reason = "layout changes: the LISTEN connection to PostgreSQL is down; changes are applied when it reconnects",
            });
    }
}
