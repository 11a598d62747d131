using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Engine;

public sealed partial class StatisticsEngine
{
    private const double TicksPerSecond = TimeSpan.TicksPerSecond;

    /// <summary>The actions an agent can have in progress: its statuses and call legs, bits 0–16.</summary>
    private const ulong AgentOpenActions = (1UL << 17) - 1;

    private static double Seconds(long ticks) => ticks / TicksPerSecond;

    /// <summary>A statistic's value at <paramref name="now"/>.</summary>
    private StatisticValue Evaluate(StatisticState s, long now)
    {
        var v = Compute(s.Type, s.Main, s.Relative, s.Components, s.Owner, now);
        return (s.Inputs & _staleStreams) == 0 ? v : v with { Stale = true };
    }

    /// <summary>Computes a statistic's value at <paramref name="now"/> from its aggregators (see docs/statistics.md for each category).</summary>
    private StatisticValue Compute(StatisticType type, Aggregator? main, Aggregator? relative, FormulaPart[]? parts, ObjectState owner, long now)
    {
        switch (type.Category)
        {
            case StatisticCategory.Formula:
            {
                var f = type.Formula!;
                double num = 0, den = 0;
                var k = f.Numerator.Count;
                for (var i = 0; i < k; i++) num += f.Numerator[i].Coefficient * Part(parts![i], owner, now);
                if (f.Denominator.Count == 0) den = 1;
                for (var i = 0; i < f.Denominator.Count; i++) den += f.Denominator[i].Coefficient * Part(parts![k + i], owner, now);
                return new StatisticValue(den == 0 ? 0 : f.Scale * num / den);
            }
            case StatisticCategory.CurrentState:
            {
                var ar = owner.Agent!;
                // LoggedOut and LoggedIn come from no occurrence: their StatusMedia is the default, not a media.
                return new StatisticValue(Seconds(now - ar.StatusSince), ar.Status, ar.StatusReason)
                {
                    Media = ar.Status is AgentStatus.LoggedOut or AgentStatus.LoggedIn ? null : ar.StatusMedia,
                };
            }
            case StatisticCategory.CurrentStateReasons:
            {
                var ar = owner.Agent!;
                return new StatisticValue(Seconds(now - ar.StatusSince), null, ar.StatusReason ?? "");
            }
        }

        if (type.Subject == StatisticSubject.GroupStatus)
        {
            var counts = owner.StatusCounts;
            if (counts is null) return new StatisticValue(0);
            long n = 0;
            for (var i = 0; i < counts.Length; i++)
                if ((type.MainMask.Bits & (1UL << i)) != 0) n += counts[i];
            return new StatisticValue(n);
        }

        if (main is null) throw new InvalidOperationException($"statistic type '{type.Name}' has no aggregator");
        if (type.IsCurrent) return EvaluateCurrent(type, main, owner, now);

        main.Snapshot(now, out var m);
        var c = m.Completed;
        var totalTime = c.Sum + (main.StatusSubject ? m.OpenTimeInInterval : 0);
        switch (type.Category)
        {
            case StatisticCategory.TotalNumber: return new(c.Count);
            case StatisticCategory.TotalTime: return new(Seconds(totalTime));
            case StatisticCategory.AverageTime: return new(c.Count == 0 ? 0 : Seconds(c.Sum) / c.Count);
            case StatisticCategory.MaxTime: return new(c.Count == 0 ? 0 : Seconds(c.Max));
            case StatisticCategory.MinTime: return new(c.Count == 0 ? 0 : Seconds(c.Min));
            case StatisticCategory.TotalAdjustedNumber: return new(c.Count + m.OpenCount);
            case StatisticCategory.TotalAdjustedTime:
                return new(Seconds(c.Sum + (main.IsResettable ? m.OpenTimeInInterval : m.OpenTime)));
            case StatisticCategory.TotalNumberInTimeRange: return new(c.InRangeCount);
            case StatisticCategory.TotalNumberInTimeRangePercentage: return new(c.Count == 0 ? 0 : 100.0 * c.InRangeCount / c.Count);
            case StatisticCategory.TotalTimeInTimeRange: return new(Seconds(c.InRangeSum));
            case StatisticCategory.ElapsedTimePercentage: return new(m.Elapsed <= 0 ? 0 : 100.0 * totalTime / m.Elapsed);
            case StatisticCategory.TotalNumberPerSecond: return new(m.Elapsed <= 0 ? 0 : c.Count / Seconds(m.Elapsed));
            case StatisticCategory.Percentile:
                if (_scratch.Length < main.SelectionCount) _scratch = new long[main.SelectionCount];
                return new(Seconds(main.Percentile(type.Percentile, _scratch)));
        }

        relative!.Snapshot(now, out var r);
        var rc = r.Completed;
        switch (type.Category)
        {
            case StatisticCategory.ServiceFactor1:
                var den = c.Count + rc.Count;
                return new(den == 0 ? 0 : 100.0 * (c.InRangeCount + rc.InRangeCount) / den);
            case StatisticCategory.RelativeNumberPercentage:
                return new(rc.Count == 0 ? 0 : 100.0 * c.Count / rc.Count);
            case StatisticCategory.RelativeTimePercentage:
                var relTime = rc.Sum + (relative.StatusSubject ? r.OpenTimeInInterval : 0);
                return new(relTime == 0 ? 0 : 100.0 * totalTime / relTime);
        }
        throw new InvalidOperationException($"category {type.Category} is not evaluated");
    }

    private double Part(in FormulaPart p, ObjectState owner, long now) => Compute(p.Type, p.Main, p.Relative, null, owner, now).Number;

    private static StatisticValue EvaluateCurrent(StatisticType type, Aggregator main, ObjectState owner, long now)
    {
        switch (type.Category)
        {
            case StatisticCategory.CurrentNumber: return new(main.OpenCount);
            case StatisticCategory.CurrentTime: return new(Seconds(main.OpenCount * now - main.OpenBeginSum));
            case StatisticCategory.CurrentAverageTime:
                return new(main.OpenCount == 0 ? 0 : Seconds(main.OpenCount * now - main.OpenBeginSum) / main.OpenCount);
            case StatisticCategory.CurrentContinuousTime:
                return new(main.OpenCount == 0 ? 0 : Seconds(now - main.ContinuousSince));
        }

        // The rest needs the individual occurrences: scan the leaf, or each member of a group.
        long count = 0, inRange = 0, distinct = 0, maxElapsed = long.MinValue, minElapsed = long.MaxValue;
        // Agents only ever have agent statuses and call legs in progress (the first 17 actions): a mask without them
        // (calls or interactions waiting) needs only the queues among the members.
        var leaves = owner.IsLeaf ? null
            : main.StatusSubject || (main.Mask & AgentOpenActions) != 0 ? owner.Members : owner.NonAgentMembers;
        var n = leaves?.Count ?? 1;
        for (var li = 0; li < n; li++)
        {
            var leaf = leaves is null ? owner : leaves[li];
            if (leaf.OpenCount == 0 && leaf.Agent is null) continue;
            long from = type.Range?.From.Ticks ?? 0, to = type.Range?.To.Ticks ?? 0;
            if (type.Threshold == ThresholdKind.ServiceLevel) { from = 0; to = leaf.ServiceLevelTicks; }
            else if (type.Threshold == ThresholdKind.ShortAbandon) { from = 0; to = leaf.ShortAbandonTicks; }
            var any = false;
            if (main.StatusSubject && leaf.Agent is { } ar)
            {
                // For status subjects an agent has one occurrence in progress: its state.
                if (main.Accepts(1UL << (int)ar.Status, ar.StatusMedia, null))
                {
                    var elapsed = now - ar.StatusSince;
                    count++;
                    distinct++;
                    if (elapsed > maxElapsed) maxElapsed = elapsed;
                    if (elapsed < minElapsed) minElapsed = elapsed;
                    if (elapsed >= from && elapsed <= to) inRange++;
                }
                continue;
            }
            for (var i = 0; i < leaf.OpenCount; i++)
            {
                ref var e = ref leaf.Open[i];
                if (!main.Accepts(1UL << (int)e.Action, e.Media, e.Data)) continue;
                var elapsed = now - e.Begin;
                count++;
                any = true;
                if (elapsed > maxElapsed) maxElapsed = elapsed;
                if (elapsed < minElapsed) minElapsed = elapsed;
                if (elapsed >= from && elapsed <= to) inRange++;
            }
            if (any) distinct++;
        }
        return type.Category switch
        {
            StatisticCategory.CurrentMaxTime => new(count == 0 ? 0 : Seconds(maxElapsed)),
            StatisticCategory.CurrentMinTime => new(count == 0 ? 0 : Seconds(minElapsed)),
            StatisticCategory.CurrentNumberInTimeRange => new(inRange),
            StatisticCategory.CurrentNumberInTimeRangePercentage => new(count == 0 ? 0 : 100.0 * inRange / count),
            StatisticCategory.CurrentDistinctNumber => new(owner.IsLeaf ? count : distinct),
            _ => throw new InvalidOperationException($"category {type.Category} is not evaluated"),
        };
    }
}
