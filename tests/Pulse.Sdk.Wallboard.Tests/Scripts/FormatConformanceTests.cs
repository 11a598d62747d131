using System.Text.Json;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Service.Api;
using Pulse.Sdk.Service.Api.Contracts;
using Pulse.Sdk.Service.Api.Export;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Wallboard.Tests.Support;

namespace Pulse.Sdk.Wallboard.Tests.Scripts;

/// <summary>
/// One specification of the display formats: the real format.js in Chromium gives, for every value, format and option of a
/// generated table, the same text as the service's DisplayFormatter (docs/api.md, "Display formats"). The statistic and the
/// value reach the script as the API's JSON, as they reach the wallboard.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class FormatConformanceTests(ChromiumFixture chromium) : ScriptPageTests(chromium)
{
    private static readonly double[] EdgeNumbers =
    [
        0, -0.0, 0.5, 1.5, 2.5, -2.5, -0.5, 0.4999999999999999, 1.005, 1.015, 0.125, 0.045, 9.995, 99.95, 99.96, 99.949999, 1234.5678,
        -1234.5, 1e-7, 1.5e-6, 0.000001, 123456789.987654, 1e15 + 0.3, 4503599627370497, 1e21, 1.2345678901234567e25, 5e-324,
        1.7976931348623157e308, 3599.999, 86399.5, 359999, -0.0001, -7, 42, 1e10, 1e10 + 1, 0.1 + 0.2, 2.675, 1.45, 8.345, 1.0000005,
    ];

    private static readonly string?[] States = [.. Enum.GetNames<AgentStatus>(), "Ready", "NotReady", "SomethingNew", null];

    private static readonly StatusDisplay?[] StatusDisplays =
    [
        null,
        new() { ShowStatus = true, ShowDuration = false },
        new() { ShowStatus = false, ShowDuration = true, ShowMedia = true },
        new() { ShowMedia = true, ShowIcon = true, ShowDnd = true },
        new() { ShowStatus = false, ShowDuration = false, ShowIcon = true },
        new() { Template = "${status} ${media} ${duration}" },
        new() { Template = "${reason}|${dnd}|${status}|${foo}|$${duration}|${ media }" },
    ];

    [Fact]
    public async Task Formatjs_gives_the_services_text_for_every_value_format_and_option()
    {
        var cases = Cases().ToList();
        var json = JsonSerializer.Serialize(cases.Select(c => new { statistic = c.Statistic, value = c.Value }), ApiJson.Options);

        var shown = await Page.RunAsync($$"""
            const { formatText } = await load('format');
            return {{json}}.map((c) => formatText(c.value, c.statistic.displayFormat, c.statistic));
            """);

        var texts = shown.EnumerateArray().Select(t => t.GetString()).ToList();
        Assert.Equal(cases.Count, texts.Count);
        var differences = cases.Zip(texts)
            .Where(p => p.First.Expected != p.Second)
            .Select(p => $"{JsonSerializer.Serialize(p.First.Statistic, ApiJson.Options)} {JsonSerializer.Serialize(p.First.Value, ApiJson.Options)}: service '{p.First.Expected}', format.js '{p.Second}'")
            .Take(20).ToList();
        Assert.True(differences.Count == 0, string.Join('\n', differences));
        // The table covers every format and a real spread of texts, not one case repeated.
        Assert.Equal(Enum.GetValues<ValueFormat>().Length, cases.Select(c => c.Statistic.DisplayFormat).Distinct().Count());
        Assert.True(cases.Select(c => c.Expected).Distinct().Count() > 1000, "the table should give many different texts");
    }

    private sealed record Case(TemplateStatisticBody Statistic, CaseValue Value, string Expected);

    // The fields of the API's value the formats read, named as its JSON names them.
    private sealed record CaseValue(double? Value, string? State, string? Reason, string? Media);

    private static IEnumerable<Case> Cases()
    {
        var random = new Random(13);
        var numbers = EdgeNumbers.Concat(EdgeNumbers.Select(n => -n))
            .Concat(Enumerable.Range(0, 300).Select(_ => Math.Round((random.NextDouble() - 0.3) * Math.Pow(10, random.Next(-4, 9)), random.Next(0, 9))))
            .Concat(Enumerable.Range(0, 100).Select(_ => random.NextDouble() * Math.Pow(10, random.Next(-8, 22))))
            .Append(double.NaN)
            .ToList();

        var plain = new List<TemplateStatisticBody>
        {
            Body(ValueFormat.Time), Body(ValueFormat.Integer), Body(ValueFormat.Percent), Body(ValueFormat.String), Body(ValueFormat.Number),
        };
        plain.AddRange(Enumerable.Range(0, DisplayFormatter.MaxDecimals + 1).Select(d => Body(ValueFormat.Number) with { Decimals = d }));
        foreach (var statistic in plain)
            foreach (var n in numbers)
                yield return Make(statistic, double.IsFinite(n) ? n : null, null, null, null);

        string?[] reasons = [null, "", "Break", "${media} $1"];
        string?[] medias = [null, "Voice", "Chat"];
        double?[] durations = [null, 0, 65.4, 36000, -3];
        foreach (var display in StatusDisplays)
        {
            var statistic = Body(ValueFormat.Status) with { StatusDisplay = display };
            foreach (var state in States)
                foreach (var reason in reasons)
                    foreach (var media in medias)
                        yield return Make(statistic, durations[random.Next(durations.Length)], state, reason, media);
        }
        // String shows a state or reason as it is.
        foreach (var state in States)
            foreach (var reason in reasons)
                yield return Make(Body(ValueFormat.String), 12, state, reason, null);
    }

    private static TemplateStatisticBody Body(ValueFormat format) => new() { Alias = "A", StatisticType = "S", DisplayFormat = format };

    private static Case Make(TemplateStatisticBody statistic, double? number, string? state, string? reason, string? media) =>
        new(statistic, new CaseValue(number, state, reason, media), DisplayFormatter.Format(statistic.ToModel(ObjectType.Queue), number, state, reason, media));
}
