using System.Text.Json.Serialization;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Service.Api.Contracts;

/// <summary>
/// A statistic of a template, in and out: <c>{"alias","statisticType","displayAlias","description","displayFormat"}</c>, or
/// for a formula statistic <c>{"alias","formula","displayAlias","description","displayFormat"}</c> without
/// <c>statisticType</c> (docs/api.md, "Formula statistics"), or for a statistic defined in the template
/// <c>{"alias","definition":{...},...}</c>, answered with the <c>statisticType</c> name the definition gives (docs/api.md,
/// "Statistic definitions"). <c>formula</c> and <c>definition</c> are absent from a catalogue statistic's JSON, so a template
/// without them reads and writes as before. <c>decimals</c> (Number) and <c>statusDisplay</c> (Status) are absent unless
/// set, likewise.
/// </summary>
internal sealed record TemplateStatisticBody
{
    public required string Alias { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? StatisticType { get; init; }

    public string? DisplayAlias { get; init; }
    public string? Description { get; init; }
    public ValueFormat DisplayFormat { get; init; } = ValueFormat.Number;

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Formula { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public StatisticDefinition? Definition { get; init; }

    /// <summary>For Number: the most decimals shown (0–6); absent for the default, 2.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Decimals { get; init; }

    /// <summary>For Status: the parts shown or a template (docs/api.md, "Display formats"); absent for the default.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public StatusDisplay? StatusDisplay { get; init; }

    public static TemplateStatisticBody From(TemplateStatistic s) => new()
    {
        Alias = s.Alias, StatisticType = s.Formula is null ? s.StatisticType : null, DisplayAlias = s.DisplayAlias, Description = s.Description,
        DisplayFormat = s.DisplayFormat, Formula = s.Formula, Definition = s.Definition, Decimals = s.Decimals, StatusDisplay = s.StatusDisplay,
    };

    /// <summary>The model; a definition's statisticType is the name it gives on <paramref name="objectType"/> (checked valid before).</summary>
    public TemplateStatistic ToModel(ObjectType objectType)
    {
        var type = Formula is not null ? "" : Definition?.NameFor(objectType) ?? StatisticType ?? "";
        return new(Alias, type)
        {
            DisplayAlias = DisplayAlias, Description = Description, DisplayFormat = DisplayFormat, Formula = Formula, Definition = Definition,
            Decimals = Decimals, StatusDisplay = StatusDisplay,
        };
    }
}
