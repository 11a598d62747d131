using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Metadata;

/// <summary>One statistic of a widget template.</summary>
/// <param name="Alias">The column's name within the template (unique per template), e.g. <c>Waiting</c>.</param>
/// <param name="StatisticType">
/// The <see cref="Statistics.StatisticType.Name"/> the value comes from, looked up in the catalogue of the
/// object type it is shown for (<see cref="StandardCatalogue.For"/>).
/// </param>
public sealed record TemplateStatistic(string Alias, string StatisticType)
{
    /// <summary>The heading shown to users; the alias when null.</summary>
    public string? DisplayAlias { get; init; }

    /// <summary>What the value means, for people.</summary>
    public string? Description { get; init; }

    /// <summary>How the value is shown (Time, Integer, Number, Percent, String, Status).</summary>
    public ValueFormat DisplayFormat { get; init; } = ValueFormat.Number;
}
