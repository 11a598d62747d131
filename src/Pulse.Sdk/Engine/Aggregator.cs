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

    // Features that more than one statistic may ask of the same aggregator (set while pristine).
    public ThresholdKind Threshold;
    public int RefCount;
    /// <summary>A fixed duration range (ticks, bounds included), or null.</summary>
    public FixedRange? Range;
    public ObjectState Owner = null!;

    // Growing / SinceLogin
    private Accumulator _acc = Accumulator.Empty;
    public long IntervalStart = long.MinValue;

    // What only some aggregators need, kept apart so the common (growing) one stays small:
    // a SlidingWindow, a SelectionWindow, a PercentileEstimator (growing percentiles) or a ContinuityTracker (current).
    private object? _extra;

    public PercentileEstimator? Percentiles
    {
        get => _extra as PercentileEstimator;
        set => _extra = value;
    }

    /// <summary>The flush generation in which occurrences in progress last changed (began or ended).</summary>
    public int OpenChangedAt;
    /// <summary>The flush generation in which completed occurrences last changed (or the interval reset).</summary>
    public int DoneChangedAt;

    /// <summary>What a statistic reads of an aggregator, so a flush evaluates it only when that part changed.</summary>
    [Flags]
    internal enum Reads : byte { Open = 1, Done = 2, Both = 3 }

    /// <summary>The parts of an aggregator a (non-formula) statistic type reads.</summary>
    internal static Reads ReadsOf(StatisticType type) => type.Category switch
    {
        _ when type.IsCurrent => Reads.Open,
        StatisticCategory.TotalTime or StatisticCategory.ElapsedTimePercentage or StatisticCategory.RelativeTimePercentage =>
            type.Subject is StatisticSubject.DNAction or StatisticSubject.GroupStatus ? Reads.Done : Reads.Both,
        StatisticCategory.TotalAdjustedNumber or StatisticCategory.TotalAdjustedTime => Reads.Both,
        _ => Reads.Done,
    };

    /// <summary>Whether what <paramref name="reads"/> covers changed in flush generation <paramref name="gen"/>.</summary>
    public bool ChangedIn(int gen, Reads reads) =>
        ((reads & Reads.Open) != 0 && OpenChangedAt == gen) || ((reads & Reads.Done) != 0 && DoneChangedAt == gen);

    // Occurrences in progress
    public int OpenCount;
    public long OpenBeginSum;
    public long OpenClampedSum;

    /// <summary>When the occurrences in progress last went from none to some without a break (current aggregators).</summary>
    public long ContinuousSince => (_extra as ContinuityTracker)?.Since ?? 0;

    public Aggregator(ulong mask, bool statusSubject, TimeProfile? profile, StatisticFilter? filter, long intervalStart)
    {
        Mask = mask;
        StatusSubject = statusSubject;
        Profile = profile;
        Filter = filter is { Media.Count: 0, PairsExist.Count: 0, KeysExist.Count: 0 } ? null : filter;
        switch (profile)
        {
            case null:
                Kind = ProfileKind.Current;
                _extra = new ContinuityTracker();
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
                _extra = new SlidingWindow(s.PaneCount, s.Pane.Ticks);
                break;
            case SelectionProfile sel:
                Kind = ProfileKind.Selection;
                _extra = new SelectionWindow(sel.Count);
                break;
        }
    }

    /// <summary>True until the first occurrence: features (range, percentiles) can still be added without losing data.</summary>
    public bool IsPristine { get; private set; } = true;


    public bool IsResettable => Kind is ProfileKind.Growing or ProfileKind.SinceLogin;

    public bool Accepts(ulong actionBit, MediaType media, IReadOnlyDictionary<string, string>? data)
    {
        if ((Mask & actionBit) == 0) return false;
        return Filter is null || Filter.Matches(media, data);
    }

    public void OnBegin(long begin)
    {
        IsPristine = false;
        OpenCount++;
        OpenBeginSum += begin;
        OpenClampedSum += begin > IntervalStart ? begin : IntervalStart;
        if (OpenCount == 1 && _extra is ContinuityTracker c && c.LastZeroAt != begin) c.Since = begin;
    }

    /// <summary>An occurrence in progress ends; when <paramref name="complete"/> it counts as completed.</summary>
    public void OnEnd(long begin, long end, bool complete, byte flags)
    {
        var clampedBegin = begin > IntervalStart ? begin : IntervalStart;
        OpenCount--;
        OpenBeginSum -= begin;
        OpenClampedSum -= clampedBegin;
        if (OpenCount == 0 && _extra is ContinuityTracker c) c.LastZeroAt = end;
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
        _ => Range is { } r && duration >= r.From && duration <= r.To,
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
                Percentiles?.Add(duration);
                break;
            case ProfileKind.Sliding:
                ((SlidingWindow)_extra!).Add(duration, inRange, at);
                break;
            case ProfileKind.Selection:
                ((SelectionWindow)_extra!).Add(duration, inRange);
                break;
        }
    }

    public void Write(CheckpointWriter w)
    {
        w.Long((long)Mask);
        w.Byte((byte)Kind);
        w.Bool(IsPristine);
        w.Accumulator(_acc);
        w.Long(IntervalStart);
        w.Int(OpenCount);
        w.Long(OpenBeginSum);
        w.Long(OpenClampedSum);
        switch (_extra)
        {
            case SlidingWindow sw: w.Byte(1); sw.Write(w); break;
            case SelectionWindow sel: w.Byte(2); sel.Write(w); break;
            case PercentileEstimator pe: w.Byte(3); pe.Write(w); break;
            case ContinuityTracker c: w.Byte(4); w.Long(c.Since); w.Long(c.LastZeroAt); break;
            default: w.Byte(0); break;
        }
    }

    public void Read(CheckpointReader r, string where)
    {
        r.Expect((ulong)r.Long() == Mask, $"{where}: aggregator mask differs (were the same statistics opened in the same order?)");
        r.Expect(r.Byte() == (byte)Kind, $"{where}: aggregator profile differs");
        IsPristine = r.Bool();
        _acc = r.Accumulator();
        IntervalStart = r.Long();
        OpenCount = r.Int();
        OpenBeginSum = r.Long();
        OpenClampedSum = r.Long();
        var extra = r.Byte();
        switch (extra)
        {
            case 1: r.Expect(_extra is SlidingWindow, $"{where}: sliding window expected"); ((SlidingWindow)_extra!).Read(r); break;
            case 2: r.Expect(_extra is SelectionWindow, $"{where}: selection expected"); ((SelectionWindow)_extra!).Read(r); break;
            case 3: r.Expect(_extra is PercentileEstimator, $"{where}: percentile estimator expected"); ((PercentileEstimator)_extra!).Read(r); break;
            case 4:
                r.Expect(_extra is ContinuityTracker, $"{where}: continuity tracker expected");
                var c = (ContinuityTracker)_extra!;
                c.Since = r.Long();
                c.LastZeroAt = r.Long();
                break;
            default: r.Expect(_extra is null, $"{where}: aggregator extra state differs"); break;
        }
    }

    /// <summary>Starts a new interval at <paramref name="at"/> (Growing reset or agent login).</summary>
    public void Reset(long at)
    {
        _acc = Accumulator.Empty;
        Percentiles?.Clear();
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
                var sliding = (SlidingWindow)_extra!;
                s.Completed = sliding.Total(now);
                s.Elapsed = sliding.Length;
                break;
            case ProfileKind.Selection:
                s.Completed = ((SelectionWindow)_extra!).Total();
                break;
            default:
                s.Completed = Accumulator.Empty;
                break;
        }
    }

    /// <summary>Nearest-rank percentile of completed durations in ticks; exact for Selection, and for Growing up to 10,000 durations (then within 0.1 %).</summary>
    public long Percentile(double p, Span<long> scratch)
    {
        if (_extra is SelectionWindow selection) return selection.Percentile(p, scratch);
        return Percentiles?.Percentile(p) ?? 0;
    }

    public int SelectionCount => (_extra as SelectionWindow)?.Count ?? 0;
}

/// <summary>Flags a leaf object attaches to a completed occurrence so groups apply each member's own thresholds.</summary>
internal static class OccurrenceFlags
{
    public const byte WithinServiceLevel = 1;
    public const byte WithinShortAbandon = 2;
}

/// <summary>A fixed duration range in ticks, bounds included.</summary>
internal sealed record FixedRange(long From, long To);

/// <summary>For CurrentContinuousTime: since when occurrences have been in progress without a gap.</summary>
internal sealed class ContinuityTracker
{
    public long Since;
    public long LastZeroAt = long.MinValue;
}
