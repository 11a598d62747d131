using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Metadata;

/// <summary>One statistic of a widget template.</summary>
/// <param name="Alias">The column's name within the template (unique per template), e.g. <c>Waiting</c>.</param>
/// <param name="StatisticType">
/// The <see cref="Statistics.StatisticType.Name"/> the value comes from, looked up in the catalogue of the
/// object type it is shown for (<see cref="StandardCatalogue.For"/>); for a <see cref="Definition"/>, the name it gives
/// (<see cref="StatisticDefinition.NameFor"/>); empty for a <see cref="Formula"/>.
/// </param>
public sealed record TemplateStatistic(string Alias, string StatisticType)
{
    /// <summary>The heading shown to users; the alias when null.</summary>
    public string? DisplayAlias { get; init; }

    /// <summary>What the value means, for people.</summary>
    public string? Description { get; init; }

    /// <summary>How the value is shown (Time, Integer, Number, Percent, String, Status).</summary>
    public ValueFormat DisplayFormat { get; init; } = ValueFormat.Number;

    /// <summary>
    /// A formula statistic's JavaScript (<c>Result = ...</c> over <c>Data.&lt;alias&gt;.Value</c> of the template's other,
    /// non-formula statistics), with <see cref="StatisticType"/> empty; null for a statistic of the catalogue.
    /// Compiled and evaluated by Pulse.Sdk.Formulas (docs/formulas.md, "Templates in the web service").
    /// </summary>
    public string? Formula { get; init; }

    /// <summary>
    /// A statistic defined here rather than named from the catalogue (docs/api.md, "Statistic definitions"); the Data
    /// Collection Unit opens it on the objects of the layouts that show the template. Null for a catalogue statistic or a formula.
    /// </summary>
    public StatisticDefinition? Definition { get; init; }

    /// <summary>
    /// For <see cref="ValueFormat.Number"/>: the most decimals shown, 0 to 6; null for the default, 2.
    /// </summary>
    public int? Decimals { get; init; }

    /// <summary>For <see cref="ValueFormat.Status"/>: what the state shows; null for the default (status and duration).</summary>
    public StatusDisplay? StatusDisplay { get; init; }
}
