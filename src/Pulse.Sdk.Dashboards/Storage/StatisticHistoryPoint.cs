using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Storage;

/// <summary>One point of a statistic's history.</summary>
/// <param name="Time">Start of the bucket.</param>
/// <param name="Value">The last value notified in the bucket.</param>
public readonly record struct StatisticHistoryPoint(DateTimeOffset Time, StatisticValue Value);
