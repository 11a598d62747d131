using Pulse.Sdk.Engine;

namespace Pulse.Sdk.Statistics;

/// <summary>An opened statistic: a type on an object with a notification mode, and the engine's id for it.</summary>
/// <remarks>The engine keeps the statistic's working state on this object, so an opened statistic is one small allocation.</remarks>
public sealed class OpenedStatistic
{
    internal OpenedStatistic(int id, StatisticType type, ObjectState owner, NotificationMode notification)
    {
        Id = id;
        Type = type;
        Owner = owner;
        Notification = notification;
    }

    /// <summary>Engine-assigned id, unique within the engine while open.</summary>
    public int Id { get; }

    /// <summary>The statistic type.</summary>
    public StatisticType Type { get; }

    /// <summary>The object.</summary>
    public ObjectRef Object => Owner.Ref;

    /// <summary>When values are pushed.</summary>
    public NotificationMode Notification { get; }

    /// <summary>Whether the statistic is still open.</summary>
    public bool IsOpen { get; internal set; } = true;

    // Working state, owned by the engine partition's single writer.
    internal readonly ObjectState Owner;
    internal Aggregator? Main;
    internal Aggregator? Relative;
    /// <summary>Formula components: the numerator terms, then the denominator terms.</summary>
    internal FormulaPart[]? Components;
    internal bool HasLast;
    internal double LastNumber;
    internal string? LastReason;
    internal bool LastStale;

    /// <summary>How many times it was opened and not closed: the engine shares one statistic among identical requests.</summary>
    internal int Openers = 1;

    /// <summary>The streams this statistic reads, as bits of <see cref="Events.EventSourceKind"/> (docs/statistics.md, "Data quality").</summary>
    internal byte Inputs;

    /// <summary>Whether the value is computed from the agent state or the status counts rather than an aggregator.</summary>
    internal bool IsStateBased => Main is null && Components is null;

    /// <summary>What this statistic reads of its aggregators (formulas: decided per part).</summary>
    internal Aggregator.Reads Reads = Aggregator.Reads.Both;

    /// <summary>Whether something this statistic reads changed during flush generation <paramref name="gen"/>.</summary>
    internal bool ChangedIn(int gen)
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

    /// <inheritdoc />
    public override string ToString() => $"{Object}/{Type.Name}";
}

/// <summary>One term of a formula: its statistic type and the aggregators it reads on the formula's object.</summary>
internal readonly record struct FormulaPart(StatisticType Type, Aggregator? Main, Aggregator? Relative);
