namespace Pulse.Sdk.Statistics;

/// <summary>The interval a historical statistic covers (docs/statistics.md, "Time profiles").</summary>
public abstract record TimeProfile
{
    private protected TimeProfile() { }

    /// <summary>Growing from midnight in the tenant's time zone (Stat Server's <c>Default</c>).</summary>
    public static GrowingProfile Default { get; } = new([TimeOnly.MinValue]);

    /// <summary>Growing, resetting at the given local times of day.</summary>
    public static GrowingProfile Growing(params TimeOnly[] resetTimes) => new(resetTimes);

    /// <summary>A sliding window of <paramref name="window"/>, advanced in steps of <paramref name="pane"/>.</summary>
    public static SlidingProfile Sliding(TimeSpan window, TimeSpan pane) => new(window, pane);

    /// <summary>The last <paramref name="count"/> completed occurrences.</summary>
    public static SelectionProfile Selection(int count) => new(count);

    /// <summary>Since the agent's last login (for other objects it behaves as <see cref="Default"/>).</summary>
    public static SinceLoginProfile SinceLogin { get; } = new();

    /// <summary>Returns a message saying what to change, or null when the profile is usable.</summary>
    public abstract string? Validate();
}

/// <summary>
/// Accumulates from the last reset; resets at each of <see cref="ResetTimes"/> (local times in the
/// tenant's time zone, or <see cref="TimeZone"/> when set). Resets follow the zone's rules, so a reset at
/// 02:30 on a spring-forward day happens at the first valid instant after the gap.
/// </summary>
/// <param name="ResetTimes">Local times of day; at least one.</param>
/// <param name="TimeZone">An IANA zone overriding the tenant's, or null.</param>
public sealed record GrowingProfile(IReadOnlyList<TimeOnly> ResetTimes, string? TimeZone = null) : TimeProfile
{
    /// <inheritdoc />
    public override string? Validate() =>
        ResetTimes is null || ResetTimes.Count == 0 ? "Growing time profile needs at least one reset time (for example 00:00)" : null;

    /// <inheritdoc />
    public bool Equals(GrowingProfile? other) =>
        other is not null && TimeZone == other.TimeZone && ResetTimes.SequenceEqual(other.ResetTimes);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(TimeZone);
        foreach (var t in ResetTimes) h.Add(t);
        return h.ToHashCode();
    }
}

/// <summary>
/// A window of <see cref="Window"/> made of panes of <see cref="Pane"/>: an occurrence counts while its
/// pane is one of the last Window/Pane panes (the current pane included). Memory is one accumulator per pane.
/// </summary>
public sealed record SlidingProfile(TimeSpan Window, TimeSpan Pane) : TimeProfile
{
    /// <summary>Number of panes in the window.</summary>
    public int PaneCount => (int)(Window.Ticks / Pane.Ticks);

    /// <inheritdoc />
    public override string? Validate()
    {
        if (Pane <= TimeSpan.Zero) return "Sliding time profile: pane must be positive (for example 00:01:00)";
        if (Window < Pane) return "Sliding time profile: window must be at least one pane";
        if (Window.Ticks % Pane.Ticks != 0) return $"Sliding time profile: window {Window} must be a whole number of panes of {Pane}";
        if (Window.Ticks / Pane.Ticks > 1440) return "Sliding time profile: at most 1440 panes (use a longer pane)";
        return null;
    }
}

/// <summary>The last <see cref="Count"/> completed occurrences (memory grows with the count).</summary>
public sealed record SelectionProfile(int Count) : TimeProfile
{
    /// <inheritdoc />
    public override string? Validate() => Count is < 1 or > 100_000 ? "Selection time profile: count must be 1 to 100000" : null;
}

/// <summary>Since the agent logged in; for non-agent objects, growing from midnight.</summary>
public sealed record SinceLoginProfile : TimeProfile
{
    /// <inheritdoc />
    public override string? Validate() => null;
}
