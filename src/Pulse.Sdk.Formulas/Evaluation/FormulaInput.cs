using Pulse.Sdk.Events;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Formulas;

/// <summary>
/// The value of one alias for one evaluation, as <c>Data.&lt;alias&gt;.Value</c> shows it: a number, or for a
/// current-state statistic an agent-state object <c>{ status, reason, duration, media, data }</c> (docs/formulas.md,
/// "Data"). The engine's values (<see cref="StatisticValue"/>) convert implicitly; the engine reports one state per agent
/// over all media and no attached data, so <see cref="Media"/> and <see cref="Data"/> are for callers that know them.
/// </summary>
/// <param name="Value">The statistic's value.</param>
/// <param name="Media">The media of the state, when known (G.GetAgentNonVoiceStatus reads it).</param>
/// <param name="Data">Attached data of the state's interaction, when known (G.GetUserData reads it).</param>
public readonly record struct FormulaInput(StatisticValue Value, MediaType? Media = null, IReadOnlyDictionary<string, string>? Data = null)
{
    /// <summary>Whether the formula sees an agent-state object (a current state, or a current-state reason) rather than a number.</summary>
    public bool IsState => Value.State is not null || Value.Reason is not null;

    /// <summary>A statistic's value.</summary>
    public static implicit operator FormulaInput(StatisticValue value) => new(value);

    /// <summary>A plain number.</summary>
    public static implicit operator FormulaInput(double number) => new(new StatisticValue(number));

    /// <summary>A statistic's value (the named form of the implicit conversion).</summary>
    public static FormulaInput FromStatisticValue(StatisticValue value) => new(value);

    /// <summary>A plain number (the named form of the implicit conversion).</summary>
    public static FormulaInput FromDouble(double number) => new(new StatisticValue(number));
}
