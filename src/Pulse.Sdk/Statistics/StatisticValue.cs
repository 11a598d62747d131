namespace Pulse.Sdk.Statistics;

/// <summary>
/// A statistic's value: a number (durations in seconds, percentages 0–100) or, for
/// <see cref="StatisticCategory.CurrentState"/> and <see cref="StatisticCategory.CurrentStateReasons"/>,
/// a state with its reason, where <see cref="Number"/> is the seconds spent in it (for CurrentStateReasons only <see cref="Reason"/> is set, with the seconds).
/// </summary>
public readonly record struct StatisticValue(double Number, AgentStatus? State = null, string? Reason = null)
{
    /// <summary>Whether the value is a state rather than a plain number.</summary>
    public bool IsState => State is not null;

    /// <summary>
    /// The value is not current: a stream that feeds it was lost (disconnected past the grace period, or events were lost)
    /// and has not caught up again. The number is the last one computed; a wallboard shows N/A (docs/statistics.md,
    /// "Data quality").
    /// </summary>
    public bool Stale { get; init; }

    /// <summary>
    /// For <see cref="StatisticCategory.CurrentState"/>: the media of the occurrence that gives the state (the readiness or
    /// call it comes from); null for other values and for states no media gives (logged out, logged in without readiness).
    /// </summary>
    public Events.MediaType? Media { get; init; }

    /// <summary>The value as text: the number in invariant culture, or the state name.</summary>
    public override string ToString() =>
        State is { } s ? (Reason is null ? s.ToString() : $"{s} ({Reason})")
        : Reason ?? Number.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
