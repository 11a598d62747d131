using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Redis;

/// <summary>A value change as published on a tenant's channel.</summary>
/// <param name="Object">The object.</param>
/// <param name="Statistic">The statistic type's name.</param>
/// <param name="Value">The value (default when <paramref name="Removed"/>).</param>
/// <param name="Time">The engine clock when the value was computed.</param>
/// <param name="Removed">The statistic was closed: its value was deleted.</param>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "The statistic's object is the Pulse vocabulary (an agent, a queue, a group); renaming it would break the public API.")]
public readonly record struct RedisStatisticChange(ObjectRef Object, string Statistic, StatisticValue Value, DateTimeOffset Time, bool Removed = false);

/// <summary>A history point read back from Redis.</summary>
/// <param name="Time">Start of the bucket.</param>
/// <param name="Value">The last value notified in the bucket.</param>
public readonly record struct RedisHistoryPoint(DateTimeOffset Time, StatisticValue Value);
