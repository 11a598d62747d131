using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Formulas;

/// <summary>A formula statistic's new value on one object, as <see cref="FormulaSink"/> hands it on.</summary>
/// <param name="Object">The object (the row).</param>
/// <param name="Name">The formula's <see cref="FormulaDefinition.Name"/>.</param>
/// <param name="Value">Its value, or an error value for this cell.</param>
/// <param name="Time">The engine clock of the newest input that changed.</param>
/// <param name="Stale">Whether an input is stale (<see cref="StatisticValue.Stale"/>): the wallboard shows N/A.</param>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "The statistic's object is the Pulse vocabulary (an agent, a queue, a group); renaming it would break the public API.")]
public readonly record struct FormulaUpdate(ObjectRef Object, string Name, FormulaValue Value, DateTimeOffset Time, bool Stale);
