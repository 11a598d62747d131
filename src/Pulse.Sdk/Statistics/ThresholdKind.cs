namespace Pulse.Sdk.Statistics;

/// <summary>
/// A time range taken from each queue's own configuration rather than fixed in the statistic type, so
/// "answered within threshold" uses every queue's service-level threshold, also inside queue groups.
/// </summary>
public enum ThresholdKind : byte
{
    /// <summary>Use <see cref="StatisticType.Range"/>.</summary>
    None = 0,
    /// <summary>0 to the queue's <c>serviceLevelThresholdSeconds</c>.</summary>
    ServiceLevel,
    /// <summary>0 to the queue's <c>shortAbandonThresholdSeconds</c>.</summary>
    ShortAbandon,
}
