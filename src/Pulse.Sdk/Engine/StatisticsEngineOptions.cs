using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Engine;

/// <summary>Settings of a <see cref="StatisticsEngine"/>.</summary>
public sealed record StatisticsEngineOptions
{
    /// <summary>The engine's only clock. Live: <see cref="TimeProvider.System"/>; replay and tests: a <see cref="ReplayClock"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>A sink that throws this many times in a row is disabled (no longer called). Default 10.</summary>
    public int MaxConsecutiveSinkFailures { get; init; } = 10;

    /// <summary>Called on the engine's thread each time a sink throws, with the sink's status and the exception; must not throw.</summary>
    public Action<SinkStatus, Exception>? SinkFailed { get; init; }

    /// <summary>
    /// The objects this engine opens statistics on, when the objects are split over several engines
    /// (<see cref="ObjectPartitioning"/>); null (default): all. The engine still applies every event it is given, so the
    /// calls and agent states its objects' statistics read are whole (docs/architecture.md, "DCU partitions").
    /// </summary>
    public Func<ObjectRef, bool>? Owns { get; init; }

    /// <summary>Every problem of these options, each naming the setting and what to set; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (TimeProvider is null) errors.Add("StatisticsEngineOptions.TimeProvider is required (use TimeProvider.System for live data)");
        if (MaxConsecutiveSinkFailures < 1) errors.Add($"StatisticsEngineOptions.MaxConsecutiveSinkFailures must be at least 1, was {MaxConsecutiveSinkFailures}");
        return errors;
    }
}
