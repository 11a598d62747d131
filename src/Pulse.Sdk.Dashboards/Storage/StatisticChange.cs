using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Storage;

/// <summary>A statistic's value as an <see cref="IStatisticValueSource"/> reports it: read as current, or pushed as a change.</summary>
/// <param name="Object">The object.</param>
/// <param name="Statistic">The statistic type's name (<see cref="StatisticType.Name"/>).</param>
/// <param name="Value">The value (default when <paramref name="Removed"/>).</param>
/// <param name="Time">The engine clock when the value was computed; null when the store does not keep it (a current value read from Redis).</param>
/// <param name="Removed">The statistic was closed: it has no value any more.</param>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "The statistic's object is the Pulse vocabulary (an agent, a queue, a group); renaming it would break the public API.")]
public readonly record struct StatisticChange(ObjectRef Object, string Statistic, StatisticValue Value, DateTimeOffset? Time, bool Removed = false);
