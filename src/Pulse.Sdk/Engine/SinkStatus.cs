namespace Pulse.Sdk.Engine;

/// <summary>
/// How a sink of an engine fares (docs/architecture.md, "Faults"): a sink that throws is isolated — the failure is counted
/// and the other sinks and the engine go on — and it is disabled after
/// <see cref="StatisticsEngineOptions.MaxConsecutiveSinkFailures"/> failures in a row.
/// </summary>
/// <param name="Sink">The sink's type name.</param>
/// <param name="Failures">Calls that threw, in all.</param>
/// <param name="Disabled">Whether the engine stopped calling it.</param>
/// <param name="LastError">The message of its latest failure, or null.</param>
public sealed record SinkStatus(string Sink, long Failures, bool Disabled, string? LastError);
