using Pulse.Sdk.Metadata;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Service.Api.Contracts;

/// <summary>A statistic of a template, in and out: <c>{"alias","statisticType","displayAlias","description","displayFormat"}</c>.</summary>
internal sealed record TemplateStatisticBody
{
    public required string Alias { get; init; }
    public required string StatisticType { get; init; }
    public string? DisplayAlias { get; init; }
    public string? Description { get; init; }
    public ValueFormat DisplayFormat { get; init; } = ValueFormat.Number;

    public static TemplateStatisticBody From(TemplateStatistic s) => new()
    {
        Alias = s.Alias, StatisticType = s.StatisticType, DisplayAlias = s.DisplayAlias, Description = s.Description, DisplayFormat = s.DisplayFormat,
    };

    public TemplateStatistic ToModel() => new(Alias, StatisticType) { DisplayAlias = DisplayAlias, Description = Description, DisplayFormat = DisplayFormat };
}
