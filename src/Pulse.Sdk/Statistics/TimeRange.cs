namespace Pulse.Sdk.Statistics;

/// <summary>A range of durations, inclusive at both ends, such as 0–20 seconds for "answered within threshold".</summary>
/// <param name="From">Lower bound.</param>
/// <param name="To">Upper bound.</param>
public readonly record struct TimeRange(TimeSpan From, TimeSpan To)
{
    /// <summary>A range in seconds.</summary>
    public static TimeRange Seconds(double from, double to) => new(TimeSpan.FromSeconds(from), TimeSpan.FromSeconds(to));

    /// <summary>Whether a duration in ticks lies in the range.</summary>
    public bool Contains(long ticks) => ticks >= From.Ticks && ticks <= To.Ticks;

    /// <inheritdoc />
    public override string ToString() => $"{From.TotalSeconds:0.###}-{To.TotalSeconds:0.###}s";
}
