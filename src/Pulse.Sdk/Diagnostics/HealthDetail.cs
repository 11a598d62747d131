namespace Pulse.Sdk.Diagnostics;

/// <summary>
/// What one part of a deployment reports for the Pulse service's <c>/health/detail</c>. Each field is null when the
/// part does not know it; the service merges the reports of every <see cref="IHealthDetailSource"/>.
/// </summary>
public sealed record HealthDetail
{
    /// <summary>The part's own health.</summary>
    public HealthStatus Status { get; init; } = HealthStatus.Healthy;

    /// <summary>Whether values reach the store the replicas read.</summary>
    public SnapshotWritingStatus? SnapshotWritingStatus { get; init; }

    /// <summary>Layout changes (saved, activated, deleted) that the Data Collection Unit has not applied yet.</summary>
    public long? PendingLayoutStatusChangesCount { get; init; }

    /// <summary>How late statistic values are (the part says how it measures it).</summary>
    public TimeSpan? MaxStatisticValueDelay { get; init; }

    /// <summary>Why the status is not <see cref="HealthStatus.Healthy"/>, for people; null when healthy.</summary>
    public string? Reason { get; init; }
}
