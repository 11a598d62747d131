namespace Pulse.Sdk.Engine;

/// <summary>Running totals of completed occurrences: count, total, extremes, and the part inside a time range. Durations in ticks.</summary>
internal struct Accumulator
{
    public long Count;
    public long Sum;
    public long Max;
    public long Min;
    public long InRangeCount;
    public long InRangeSum;

    public static Accumulator Empty => new() { Min = long.MaxValue, Max = long.MinValue };

    public void Add(long duration, bool inRange)
    {
        Count++;
        Sum += duration;
        if (duration > Max) Max = duration;
        if (duration < Min) Min = duration;
        if (inRange)
        {
            InRangeCount++;
            InRangeSum += duration;
        }
    }

    public void Merge(in Accumulator other)
    {
        Count += other.Count;
        Sum += other.Sum;
        if (other.Max > Max) Max = other.Max;
        if (other.Min < Min) Min = other.Min;
        InRangeCount += other.InRangeCount;
        InRangeSum += other.InRangeSum;
    }
}

/// <summary>What an aggregator holds at one instant, with the profile applied.</summary>
internal struct AggregateSnapshot
{
    public Accumulator Completed;
    public long OpenCount;
    /// <summary>Elapsed ticks of occurrences in progress, counted from the start of the interval.</summary>
    public long OpenTimeInInterval;
    /// <summary>Elapsed ticks of occurrences in progress, counted from their start.</summary>
    public long OpenTime;
    /// <summary>Length of the profile's interval so far, in ticks.</summary>
    public long Elapsed;
}
