namespace Pulse.Sdk.Statistics;

/// <summary>
/// How a statistic's value is computed from the occurrences of the actions in its mask
/// (exact definitions in <c>docs/statistics.md</c>, "Categories").
/// Historical categories work over the time profile's interval; current categories over what is in progress now.
/// </summary>
public enum StatisticCategory
{
    // Historical
    /// <summary>Number of occurrences completed in the interval.</summary>
    TotalNumber,
    /// <summary>Total duration of completed occurrences; for status subjects a status in progress counts at once.</summary>
    TotalTime,
    /// <summary>Total duration of completed occurrences / their number (0 when none); statuses in progress are not included.</summary>
    AverageTime,
    /// <summary>Longest completed occurrence.</summary>
    MaxTime,
    /// <summary>Shortest completed occurrence.</summary>
    MinTime,
    /// <summary>Completed plus in-progress occurrences (an action counts when it starts).</summary>
    TotalAdjustedNumber,
    /// <summary>Completed durations plus the elapsed part of occurrences in progress.</summary>
    TotalAdjustedTime,
    /// <summary>Completed occurrences whose duration lies in the time range.</summary>
    TotalNumberInTimeRange,
    /// <summary><see cref="TotalNumberInTimeRange"/> as a percentage of <see cref="TotalNumber"/>.</summary>
    TotalNumberInTimeRangePercentage,
    /// <summary>Total duration of completed occurrences whose duration lies in the time range.</summary>
    TotalTimeInTimeRange,
    /// <summary>(main in range + relative in range) / (main + relative) × 100: service level with answered as main and abandoned as relative.</summary>
    ServiceFactor1,
    /// <summary>TotalNumber(main) / TotalNumber(relative) × 100.</summary>
    RelativeNumberPercentage,
    /// <summary>TotalTime(main) / TotalTime(relative) × 100.</summary>
    RelativeTimePercentage,
    /// <summary>TotalTime(main) / elapsed time of the interval × 100.</summary>
    ElapsedTimePercentage,
    /// <summary>TotalNumber / elapsed seconds of the interval.</summary>
    TotalNumberPerSecond,
    /// <summary>Pulse.Sdk extension: the p-th percentile (nearest rank) of completed durations; p is <see cref="StatisticType.Percentile"/>.</summary>
    Percentile,

    // Current
    /// <summary>The object's current state by status priority, with its reason and duration (agents).</summary>
    CurrentState,
    /// <summary>The reason code of the agent's current state.</summary>
    CurrentStateReasons,
    /// <summary>Number of occurrences in progress (for GroupStatus: members whose current state is in the mask).</summary>
    CurrentNumber,
    /// <summary>Total elapsed time of occurrences in progress.</summary>
    CurrentTime,
    /// <summary>How long the object has been continuously in the mask's statuses (agents).</summary>
    CurrentContinuousTime,
    /// <summary>Longest elapsed time among occurrences in progress (e.g. longest wait).</summary>
    CurrentMaxTime,
    /// <summary>Shortest elapsed time among occurrences in progress.</summary>
    CurrentMinTime,
    /// <summary>Average elapsed time of occurrences in progress (0 when none).</summary>
    CurrentAverageTime,
    /// <summary>Occurrences in progress whose elapsed time lies in the time range.</summary>
    CurrentNumberInTimeRange,
    /// <summary><see cref="CurrentNumberInTimeRange"/> as a percentage of <see cref="CurrentNumber"/>.</summary>
    CurrentNumberInTimeRangePercentage,
    /// <summary>Number of distinct member objects (agents of a group, queues of a queue group) with an occurrence in progress; on a single object, its occurrences in progress.</summary>
    CurrentDistinctNumber,

    /// <summary>A ratio of weighted sums of other statistics of the same object (service-level variants, AHT, occupancy ...).</summary>
    Formula,
}
