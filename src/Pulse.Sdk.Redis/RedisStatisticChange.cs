using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Redis;

/// <summary>A value change as published on a tenant's channel.</summary>
/// <param name="Object">The object.</param>
/// <param name="Statistic">The statistic type's name.</param>
/// <param name="Value">The value (default when <paramref name="Removed"/>).</param>
/// <param name="Time">The engine clock when the value was computed.</param>
/// <param name="Removed">The statistic was closed: its value was deleted.</param>
public readonly record struct RedisStatisticChange(ObjectRef Object, string Statistic, StatisticValue Value, DateTimeOffset Time, bool Removed = false);

/// <summary>A history point read back from Redis.</summary>
/// <param name="Time">Start of the bucket.</param>
/// <param name="Value">The last value notified in the bucket.</param>
public readonly record struct RedisHistoryPoint(DateTimeOffset Time, StatisticValue Value);
