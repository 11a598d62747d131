using Pulse.Sdk.Events;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Engine;

/// <summary>
/// The incremental state behind one or more opened statistics of one object: the occurrences of the
/// mask's actions that passed the filter, accumulated under one time profile. Statistics that differ only
/// in category share an aggregator, so an event updates each distinct (mask, profile, filter) once.
/// </summary>
internal sealed class Aggregator
{
    internal enum ProfileKind : byte { Current, Growing, SinceLogin, Sliding, Selection }

    public readonly ulong Mask;
    public readonly bool StatusSubject;
    public readonly ProfileKind Kind;
    public readonly TimeProfile? Profile;
    public readonly StatisticFilter? Filter;
    private readonly bool _filterMediaOnly;
    private readonly ulong _mediaBits;

    // Features that more than one statistic may ask of the same aggregator (set while pristine).
    public ThresholdKind Threshold;
    public bool HasRange;
    public long RangeFrom;
    public long RangeTo;
    public LogHistogram? Histogram;
    public int RefCount;
    public ObjectState Owner = null!;

    // Growing / SinceLogin
    private Accumulator _acc = Accumulator.Empty;
    public long IntervalStart = long.MinValue;

    // Sliding and Selection keep their windows apart so the common (growing) aggregator stays small.
    private readonly SlidingWindow? _sliding;
    private readonly SelectionWindow? _selection;

    // Statistics to re-evaluate when this aggregator changes.
    public OpenedStatistic[] Dependents = [];
    public int DependentCount;
    public bool Dirty;

    // Occurrences in progress
    public long OpenCount;
    public long OpenBeginSum;
    public long OpenClampedSum;
    public long ContinuousSince;
    public long LastZeroAt = long.MinValue;

    public Aggregator(ulong mask, bool statusSubject, TimeProfile? profile, StatisticFilter? filter, long intervalStart)
    {
        Mask = mask;
        StatusSubject = statusSubject;
        Profile = profile;
        Filter = filter is { Media.Count: 0, PairsExist.Count: 0, KeysExist.Count: 0 } ? null : filter;
        if (Filter is not null)
        {
            _filterMediaOnly = Filter.IsMediaOnly;
            foreach (var m in Filter.Media) _mediaBits |= 1UL << (int)m;
            if (Filter.Media.Count == 0) _mediaBits = ulong.MaxValue;
        }
        switch (profile)
        {
            case null:
                Kind = ProfileKind.Current;
                break;
            case GrowingProfile:
                Kind = ProfileKind.Growing;
                IntervalStart = intervalStart;
                break;
            case SinceLoginProfile:
                Kind = ProfileKind.SinceLogin;
                IntervalStart = intervalStart;
                break;
            case SlidingProfile s:
                Kind = ProfileKind.Sliding;
                _sliding = new SlidingWindow(s.PaneCount, s.Pane.Ticks);
                break;
            case SelectionProfile sel:
                Kind = ProfileKind.Selection;
                _selection = new SelectionWindow(sel.Count);
                break;
        }
    }

    /// <summary>True until the first occurrence: features (range, histogram) can still be added without losing data.</summary>
    public bool IsPristine { get; private set; } = true;

    public bool IsResettable => Kind is ProfileKind.Growing or ProfileKind.SinceLogin;

    public bool Accepts(ulong actionBit, MediaType media, IReadOnlyDictionary<string, string>? data)
    {
        if ((Mask & actionBit) == 0) return false;
        if (Filter is null) return true;
        if ((_mediaBits & (1UL << (int)media)) == 0) return false;
        return _filterMediaOnly || Filter.Matches(media, data);
    }

    public void OnBegin(long begin)
    {
        IsPristine = false;
        OpenCount++;
        OpenBeginSum += begin;
        OpenClampedSum += begin > IntervalStart ? begin : IntervalStart;
        if (OpenCount == 1 && LastZeroAt != begin) ContinuousSince = begin;
    }

    /// <summary>An occurrence in progress ends; when <paramref name="complete"/> it counts as completed.</summary>
    public void OnEnd(long begin, long end, bool complete, byte flags)
    {
        var clampedBegin = begin > IntervalStart ? begin : IntervalStart;
        OpenCount--;
        OpenBeginSum -= begin;
        OpenClampedSum -= clampedBegin;
        if (OpenCount == 0) LastZeroAt = end;
        if (complete && Kind != ProfileKind.Current)
            AddCompleted(StatusSubject && IntervalStart != long.MinValue ? end - clampedBegin : end - begin, flags, end);
    }

    /// <summary>A completed occurrence reported at once (instant or retrospective).</summary>
    public void OnOccur(long duration, byte flags, long at)
    {
        if (Kind == ProfileKind.Current) return;
        AddCompleted(duration, flags, at);
    }

    private bool InRange(long duration, byte flags) => Threshold switch
    {
        ThresholdKind.ServiceLevel => (flags & OccurrenceFlags.WithinServiceLevel) != 0,
        ThresholdKind.ShortAbandon => (flags & OccurrenceFlags.WithinShortAbandon) != 0,
        _ => HasRange && duration >= RangeFrom && duration <= RangeTo,
    };

    private void AddCompleted(long duration, byte flags, long at)
    {
        IsPristine = false;
        var inRange = InRange(duration, flags);
        switch (Kind)
        {
            case ProfileKind.Growing:
            case ProfileKind.SinceLogin:
                _acc.Add(duration, inRange);
                Histogram?.Add(duration);
                break;
            case ProfileKind.Sliding:
                _sliding!.Add(duration, inRange, at);
                break;
            case ProfileKind.Selection:
                _selection!.Add(duration, inRange);
                break;
        }
    }

    public void AddDependent(OpenedStatistic s)
    {
        if (DependentCount == Dependents.Length) Array.Resize(ref Dependents, Math.Max(2, DependentCount * 2));
        Dependents[DependentCount++] = s;
    }

    public void RemoveDependent(OpenedStatistic s)
    {
        var i = Array.IndexOf(Dependents, s, 0, DependentCount);
        if (i < 0) return;
        Dependents[i] = Dependents[--DependentCount];
        Dependents[DependentCount] = null!;
    }

    /// <summary>Starts a new interval at <paramref name="at"/> (Growing reset or agent login).</summary>
    public void Reset(long at)
    {
        _acc = Accumulator.Empty;
        Histogram?.Clear();
        IntervalStart = at;
        OpenClampedSum = OpenCount * at;
    }

    public void Snapshot(long now, out AggregateSnapshot s)
    {
        s = default;
        s.OpenCount = OpenCount;
        s.OpenTime = OpenCount * now - OpenBeginSum;
        switch (Kind)
        {
            case ProfileKind.Growing:
            case ProfileKind.SinceLogin:
                s.Completed = _acc;
                s.OpenTimeInInterval = OpenCount * now - OpenClampedSum;
                s.Elapsed = now - IntervalStart;
                break;
            case ProfileKind.Sliding:
                s.Completed = _sliding!.Total(now);
                s.Elapsed = _sliding.Length;
                break;
            case ProfileKind.Selection:
                s.Completed = _selection!.Total();
                break;
            default:
                s.Completed = Accumulator.Empty;
                break;
        }
    }

    /// <summary>Nearest-rank percentile of completed durations in ticks; exact for Selection, within 1/32 for Growing.</summary>
    public long Percentile(double p, Span<long> scratch)
    {
        if (_selection is not null) return _selection.Percentile(p, scratch);
        return Histogram?.Percentile(p) ?? 0;
    }

    public int SelectionCount => _selection?.Count ?? 0;
}

/// <summary>Flags a leaf object attaches to a completed occurrence so groups apply each member's own thresholds.</summary>
internal static class OccurrenceFlags
{
    public const byte WithinServiceLevel = 1;
    public const byte WithinShortAbandon = 2;
}
