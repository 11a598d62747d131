using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Formulas;

/// <summary>
/// A formula statistic of every object of one kind: its <paramref name="Name"/>, its text, and the statistics of the
/// same object it reads, each under an alias (docs/formulas.md, "Using formulas without the web service").
/// </summary>
/// <param name="ObjectType">The objects it is computed on.</param>
/// <param name="Name">Its name in <see cref="FormulaUpdate.Name"/> (the template statistic's alias).</param>
/// <param name="Text">The formula, for example <c>Result = G.Percent(Data.Answered.Value, Data.Entered.Value);</c>.</param>
/// <param name="Aliases">Alias → the name of the statistic type it reads (<see cref="StatisticType.Name"/>), for example <c>Answered → Answered</c>.</param>
public sealed record FormulaDefinition(ObjectType ObjectType, string Name, string Text, IReadOnlyDictionary<string, string> Aliases);
