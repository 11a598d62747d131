namespace Pulse.Sdk.Statistics;

/// <summary>A statistic's new value, as handed to sinks.</summary>
/// <param name="Statistic">The opened statistic.</param>
/// <param name="Value">Its value.</param>
/// <param name="Time">The engine clock when the value was computed.</param>
public readonly record struct StatisticUpdate(OpenedStatistic Statistic, StatisticValue Value, DateTimeOffset Time);
