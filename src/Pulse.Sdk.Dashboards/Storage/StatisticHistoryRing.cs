using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Storage;

/// <summary>
/// The recent history of one statistic at one-second resolution: the last value seen in each second, for at
/// most <c>capacity</c> seconds, oldest overwritten first. Not thread-safe (its owner locks).
/// </summary>
internal sealed class StatisticHistoryRing(int capacity)
{
    private readonly StatisticHistoryPoint[] _points = new StatisticHistoryPoint[capacity];
    private int _start;
    private int _count;

    /// <summary>Records <paramref name="value"/> at <paramref name="time"/>, truncated to its second; a later value of the same second replaces the earlier one.</summary>
    public void Add(DateTimeOffset time, StatisticValue value)
    {
        var second = new DateTimeOffset(time.UtcTicks - time.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        if (_count > 0)
        {
            ref var last = ref _points[(_start + _count - 1) % _points.Length];
            if (second <= last.Time)
            {
                // Engine time never goes back; an equal second is a newer value of that second.
                if (second == last.Time) last = new StatisticHistoryPoint(second, value);
                return;
            }
        }
        if (_count == _points.Length)
        {
            _points[_start] = new StatisticHistoryPoint(second, value);
            _start = (_start + 1) % _points.Length;
        }
        else
        {
            _points[(_start + _count) % _points.Length] = new StatisticHistoryPoint(second, value);
            _count++;
        }
    }

    /// <summary>The points from <paramref name="from"/> to <paramref name="to"/> (both included), oldest first.</summary>
    public List<StatisticHistoryPoint> Range(DateTimeOffset from, DateTimeOffset to)
    {
        var result = new List<StatisticHistoryPoint>();
        for (var i = 0; i < _count; i++)
        {
            var p = _points[(_start + i) % _points.Length];
            if (p.Time >= from && p.Time <= to) result.Add(p);
        }
        return result;
    }
}
