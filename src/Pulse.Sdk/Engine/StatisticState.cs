using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Engine;

/// <summary>
/// An opened statistic as the engine holds it: the public <see cref="OpenedStatistic"/> (what callers and sinks see, none of
/// which changes) with the engine's working state, owned by the partition's single writer. One object per statistic, so
/// opening one stays a single small allocation; nothing outside the engine sees the members below.
/// </summary>
internal sealed class StatisticState : OpenedStatistic
{
    internal StatisticState(int id, StatisticType type, ObjectState owner, NotificationMode notification)
        : base(id, type, notification)
    {
        Owner = owner;
    }

    /// <inheritdoc />
    public override ObjectRef Object => Owner.Ref;

    internal override object Origin => Owner.Tenant.Engine;

    public bool IsOpen = true;

    public readonly ObjectState Owner;
    public Aggregator? Main;
    public Aggregator? Relative;
    /// <summary>Formula components: the numerator terms, then the denominator terms.</summary>
    public FormulaPart[]? Components;
    public bool HasLast;
    public double LastNumber;
    public string? LastReason;
    public bool LastStale;

    /// <summary>How many times it was opened and not closed: the engine shares one statistic among identical requests.</summary>
    public int Openers = 1;

    /// <summary>The streams this statistic reads, as bits of <see cref="Events.EventSourceKind"/> (docs/statistics.md, "Data quality").</summary>
    public byte Inputs;

    /// <summary>Whether the value is computed from the agent state or the status counts rather than an aggregator.</summary>
    public bool IsStateBased => Main is null && Components is null;

    /// <summary>What this statistic reads of its aggregators (formulas: decided per part).</summary>
    public Aggregator.Reads Reads = Aggregator.Reads.Both;

    /// <summary>Whether something this statistic reads changed during flush generation <paramref name="gen"/>.</summary>
    public bool ChangedIn(int gen)
    {
        if (Main is { } m && m.ChangedIn(gen, Reads)) return true;
        if (Relative is { } r && r.ChangedIn(gen, Reads)) return true;
        if (Components is { } parts)
        {
            foreach (ref readonly var p in parts.AsSpan())
            {
                if (p.Main is null)
                {
                    if (Owner.StateChangedAt == gen) return true;
                    continue;
                }
                var reads = Aggregator.ReadsOf(p.Type);
                if (p.Main.ChangedIn(gen, reads)) return true;
                if (p.Relative is { } pr && pr.ChangedIn(gen, reads)) return true;
            }
            return false;
        }
        return Main is null && Owner.StateChangedAt == gen;
    }
}

/// <summary>One term of a formula: its statistic type and the aggregators it reads on the formula's object.</summary>
internal readonly record struct FormulaPart(StatisticType Type, Aggregator? Main, Aggregator? Relative);
