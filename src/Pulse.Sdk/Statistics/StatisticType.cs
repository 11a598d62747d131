namespace Pulse.Sdk.Statistics;

/// <summary>
/// A statistic type (docs/statistics.md, "The model"): category, subject, main and relative masks, the object types it
/// applies to, time profile, time range and filter. Open it on an object with a
/// <see cref="StatisticRequest"/>. <see cref="Validate"/> says what is inconsistent.
/// </summary>
public sealed record StatisticType
{
    /// <summary>Unique name within a catalogue, e.g. <c>ServiceLevel1</c>.</summary>
    public required string Name { get; init; }

    /// <summary>How the value is computed.</summary>
    public required StatisticCategory Category { get; init; }

    /// <summary>What the mask is matched against. Default <see cref="StatisticSubject.DNAction"/>.</summary>
    public StatisticSubject Subject { get; init; } = StatisticSubject.DNAction;

    /// <summary>The actions the statistic counts.</summary>
    public ActionMask MainMask { get; init; }

    /// <summary>The actions of the denominator for relative categories and <see cref="StatisticCategory.ServiceFactor1"/>.</summary>
    public ActionMask RelativeMask { get; init; }

    /// <summary>Object kinds it may be opened on; empty means any.</summary>
    public IReadOnlyList<ObjectType> ObjectTypes { get; init; } = [];

    /// <summary>The interval of historical categories. Default: growing from midnight.</summary>
    public TimeProfile Profile { get; init; } = TimeProfile.Default;

    /// <summary>Fixed time range for the ...InTimeRange categories and ServiceFactor1.</summary>
    public TimeRange? Range { get; init; }

    /// <summary>Use a per-queue threshold as the time range instead of <see cref="Range"/>.</summary>
    public ThresholdKind Threshold { get; init; }

    /// <summary>Occurrence filter (media, attached data), or null.</summary>
    public StatisticFilter? Filter { get; init; }

    /// <summary>For <see cref="StatisticCategory.Percentile"/>: the percentile, 0–100.</summary>
    public double Percentile { get; init; }

    /// <summary>For <see cref="StatisticCategory.Formula"/>: the formula.</summary>
    public StatisticFormula? Formula { get; init; }

    /// <summary>Display format of the value.</summary>
    public ValueFormat Format { get; init; } = ValueFormat.Number;

    /// <summary>The exact definition, for people.</summary>
    public string? Description { get; init; }

    /// <summary>Whether the category is one of the current ones (computed from what is in progress now).</summary>
    public bool IsCurrent => Category >= StatisticCategory.CurrentState && Category <= StatisticCategory.CurrentDistinctNumber;

    /// <summary>Whether the category needs a time range.</summary>
    public bool NeedsRange => Category is StatisticCategory.TotalNumberInTimeRange or StatisticCategory.TotalNumberInTimeRangePercentage
        or StatisticCategory.TotalTimeInTimeRange or StatisticCategory.ServiceFactor1
        or StatisticCategory.CurrentNumberInTimeRange or StatisticCategory.CurrentNumberInTimeRangePercentage;

    /// <summary>Returns every inconsistency, each saying what to change; empty when usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        var at = $"statistic type '{Name}'";
        if (string.IsNullOrWhiteSpace(Name)) errors.Add("statistic type: Name is required");
        if (Category == StatisticCategory.Formula)
        {
            if (Formula is null || Formula.Numerator.Count == 0) errors.Add($"{at}: category Formula needs a Formula with at least one numerator term");
            else
                foreach (var t in Formula.Numerator.Concat(Formula.Denominator))
                {
                    if (t.Statistic.Category == StatisticCategory.Formula) errors.Add($"{at}: formula term '{t.Statistic.Name}' is itself a formula; nest the terms instead");
                    else errors.AddRange(t.Statistic.Validate());
                }
            return errors;
        }
        if (Category is not (StatisticCategory.CurrentState or StatisticCategory.CurrentStateReasons) && MainMask.IsEmpty)
            errors.Add($"{at}: MainMask is empty; name the actions to count (for example CallAnswered)");
        if (Category is StatisticCategory.ServiceFactor1 or StatisticCategory.RelativeNumberPercentage or StatisticCategory.RelativeTimePercentage && RelativeMask.IsEmpty)
            errors.Add($"{at}: category {Category} needs a RelativeMask");
        if (NeedsRange && Range is null && Threshold == ThresholdKind.None)
            errors.Add($"{at}: category {Category} needs a Range (for example 0-20 s) or a Threshold");
        if (Range is { } r && (r.From < TimeSpan.Zero || r.To < r.From))
            errors.Add($"{at}: Range {r} must satisfy 0 <= From <= To");
        if (Category == StatisticCategory.Percentile)
        {
            if (!(Percentile > 0 && Percentile <= 100)) errors.Add($"{at}: Percentile must be in (0, 100], was {Percentile}");
            if (Profile is SlidingProfile) errors.Add($"{at}: Percentile supports Growing, SinceLogin and Selection profiles, not Sliding");
        }
        if (Subject == StatisticSubject.GroupStatus && Category != StatisticCategory.CurrentNumber)
            errors.Add($"{at}: subject GroupStatus supports only CurrentNumber (members counted by current state)");
        if (Subject == StatisticSubject.GroupStatus && (MainMask.Bits & 0x1FFFF) == 0)
            errors.Add($"{at}: subject GroupStatus counts members by agent status; the mask names no status (for example WaitForNextCall)");
        if (Category is StatisticCategory.ElapsedTimePercentage or StatisticCategory.TotalNumberPerSecond && Profile is SelectionProfile)
            errors.Add($"{at}: category {Category} needs an interval; use a Growing or Sliding profile, not Selection");
        if (Category is StatisticCategory.CurrentState or StatisticCategory.CurrentStateReasons or StatisticCategory.CurrentContinuousTime
            && ObjectTypes.Any(o => o != ObjectType.Agent))
            errors.Add($"{at}: category {Category} applies to Agent objects only");
        if (Profile.Validate() is { } p) errors.Add($"{at}: {p}");
        return errors;
    }
}
