namespace Pulse.Sdk.Engine;

/// <summary>
/// The reset instants of a Growing profile: local times of day in a time zone, turned into UTC instants
/// with the zone's rules. A local time skipped by a spring-forward change resets at the first valid
/// instant after the gap; a local time that occurs twice (fall back) resets at its first occurrence.
/// </summary>
internal sealed class ResetSchedule
{
    private TimeZoneInfo _zone;
    private readonly TimeOnly[] _times;

    public ResetSchedule(TimeZoneInfo zone, IReadOnlyList<TimeOnly> times)
    {
        _zone = zone;
        _times = times.Distinct().Order().ToArray();
    }

    /// <summary>The next reset instant (UTC ticks) not yet processed.</summary>
    public long Next = long.MaxValue;

    /// <summary>Aggregators reset by this schedule.</summary>
    public List<Aggregator> Aggregators { get; } = [];

    /// <summary>Statistics notified at each reset (ResetBased).</summary>
    public List<StatisticState> ResetBased { get; } = [];

    /// <summary>Follows a new time zone from <paramref name="now"/>: the next reset is recomputed in it.</summary>
    public void SetZone(TimeZoneInfo zone, long now)
    {
        _zone = zone;
        if (Next != long.MaxValue) Next = NextAfter(now);
    }

    /// <summary>The next reset strictly after <paramref name="utcTicks"/>.</summary>
    public long NextAfter(long utcTicks) => Following(utcTicks, strictlyAfter: true);

    /// <summary>The last reset at or before <paramref name="utcTicks"/>: where the current interval began.</summary>
    public long LastAtOrBefore(long utcTicks)
    {
        var best = long.MinValue;
        var local = TimeZoneInfo.ConvertTimeFromUtc(new DateTime(utcTicks, DateTimeKind.Utc), _zone);
        var day = DateOnly.FromDateTime(local);
        for (var d = -2; d <= 0; d++)
            foreach (var t in _times)
            {
                var candidate = ToUtc(day.AddDays(d), t);
                if (candidate <= utcTicks && candidate > best) best = candidate;
            }
        return best;
    }

    private long Following(long utcTicks, bool strictlyAfter)
    {
        var best = long.MaxValue;
        var local = TimeZoneInfo.ConvertTimeFromUtc(new DateTime(utcTicks, DateTimeKind.Utc), _zone);
        var day = DateOnly.FromDateTime(local);
        for (var d = -1; d <= 2; d++)
            foreach (var t in _times)
            {
                var candidate = ToUtc(day.AddDays(d), t);
                if ((strictlyAfter ? candidate > utcTicks : candidate >= utcTicks) && candidate < best) best = candidate;
            }
        return best;
    }

    private long ToUtc(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        // Skipped local time (spring forward): step to the first valid minute after the gap.
        var guard = 0;
        while (_zone.IsInvalidTime(local) && guard++ < 24 * 60)
            local = new DateTime(local.Ticks - local.Ticks % TimeSpan.TicksPerMinute + TimeSpan.TicksPerMinute, DateTimeKind.Unspecified);
        if (_zone.IsAmbiguousTime(local))
        {
            // Repeated local time (fall back): the first occurrence has the larger offset.
            var offsets = _zone.GetAmbiguousTimeOffsets(local);
            var max = offsets.Max();
            return local.Ticks - max.Ticks;
        }
        return local.Ticks - _zone.GetUtcOffset(local).Ticks;
    }
}
