namespace Pulse.Sdk.Statistics;

/// <summary>One weighted term of a formula: <c>Coefficient × value of Statistic</c> on the same object.</summary>
/// <param name="Coefficient">Weight (use -1 to subtract).</param>
/// <param name="Statistic">The component statistic type.</param>
public sealed record FormulaTerm(double Coefficient, StatisticType Statistic);

/// <summary>
/// <c>Scale × Σ numerator / Σ denominator</c>, 0 when the denominator is 0. Covers the service-level
/// variants, abandon rate, AHT and occupancy without a script engine, and evaluates without allocation.
/// </summary>
/// <param name="Numerator">Numerator terms.</param>
/// <param name="Denominator">Denominator terms; empty means 1.</param>
/// <param name="Scale">Multiplier (100 for percentages).</param>
public sealed record StatisticFormula(IReadOnlyList<FormulaTerm> Numerator, IReadOnlyList<FormulaTerm> Denominator, double Scale = 1)
{
    /// <inheritdoc />
    public bool Equals(StatisticFormula? other) =>
        other is not null && Scale.Equals(other.Scale) && Numerator.SequenceEqual(other.Numerator) && Denominator.SequenceEqual(other.Denominator);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Scale);
        foreach (var t in Numerator) h.Add(t);
        foreach (var t in Denominator) h.Add(t);
        return h.ToHashCode();
    }
}
