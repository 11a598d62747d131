namespace Pulse.Sdk.Engine;

/// <summary>Settings of a <see cref="StatisticsEngine"/>.</summary>
public sealed record StatisticsEngineOptions
{
    /// <summary>The engine's only clock. Live: <see cref="TimeProvider.System"/>; replay and tests: a <see cref="ReplayClock"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Returns a message saying what to change, or null when valid.</summary>
    public string? Validate() => TimeProvider is null ? "StatisticsEngineOptions.TimeProvider is required (use TimeProvider.System for live data)" : null;
}
