using Microsoft.AspNetCore.Http;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Service.Api.Contracts;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Storage;

namespace Pulse.Sdk.Service.Api.Export;

/// <summary>
/// The CSV of a layout's snapshot and history (docs/api.md, "Export"): the same values as the JSON, one row per JSON value
/// or point, columns named as the JSON's members (the object's <c>type</c> and <c>id</c> as <c>objectType</c>, <c>objectId</c>).
/// </summary>
internal static class LayoutCsv
{
    public static readonly IReadOnlyList<string> SnapshotColumns = ["objectType", "objectId", "alias", "statistic", "value", "state", "reason", "time", "stale"];

    public static readonly IReadOnlyList<string> HistoryColumns = ["time", "objectType", "objectId", "alias", "statistic", "value", "state", "reason", "stale"];

    /// <summary>
    /// The snapshot's rows as <paramref name="values"/> yields them; when the next value is not ready (the source is read
    /// object by object) what was written goes out first. <paramref name="formats"/>: the template's statistics by alias for values in their display format, or null for raw values.
    /// </summary>
    public static IResult Snapshot(Layout layout, IAsyncEnumerable<ValueBody> values, IReadOnlyDictionary<string, TemplateStatistic>? formats) =>
        new CsvResult(CsvResult.FileName(layout.Name) + "-snapshot", SnapshotColumns, async (csv, cancellationToken) =>
        {
            var e = values.GetAsyncEnumerator(cancellationToken);
            await using (e.ConfigureAwait(false))
            {
                while (true)
                {
                    var next = e.MoveNextAsync();
                    if (!next.IsCompleted) await csv.FlushAsync(cancellationToken).ConfigureAwait(false);
                    if (!await next.ConfigureAwait(false)) break;
                    var v = e.Current;
                    csv.Text(v.Object.Type.ToString());
                    csv.Text(v.Object.Id);
                    csv.Text(v.Alias);
                    csv.Text(v.Statistic);
                    // A formula's text or error is text whichever the format (docs/api.md, "Formula statistics").
                    if (v.Error is not null || v.Text is not null) csv.Text(DisplayFormatter.Format(null, v));
                    else Value(csv, v.Value, v.State, v.Reason, v.Media?.ToString(), formats is not null, formats?.GetValueOrDefault(v.Alias));
                    csv.Text(v.State);
                    csv.Text(v.Reason);
                    csv.Time(v.Time);
                    csv.Boolean(v.Stale);
                    await csv.EndRowAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        });

    /// <summary>
    /// The history's rows, written while <paramref name="points"/> is enumerated (the value source answers a list: it is
    /// not copied, and nothing else is built). <paramref name="formatted"/>: in <paramref name="statistic"/>'s display format.
    /// </summary>
    public static IResult History(Layout layout, ObjectRef obj, TemplateStatistic statistic, IEnumerable<StatisticHistoryPoint> points, bool formatted) =>
        new CsvResult(CsvResult.FileName(layout.Name) + "-history", HistoryColumns, async (csv, cancellationToken) =>
        {
            var type = obj.Type.ToString();
            foreach (var p in points)
            {
                var state = p.Value.State?.ToString();
                csv.Time(p.Time);
                csv.Text(type);
                csv.Text(obj.Id);
                csv.Text(statistic.Alias);
                csv.Text(statistic.StatisticType);
                Value(csv, p.Value.Number, state, p.Value.Reason, p.Value.Media?.ToString(), formatted, statistic);
                csv.Text(state);
                csv.Text(p.Value.Reason);
                csv.Boolean(p.Value.Stale);
                await csv.EndRowAsync(cancellationToken).ConfigureAwait(false);
            }
        });

    /// <summary>The <c>value</c> cell: the number as in the JSON, or when <paramref name="formatted"/> as <paramref name="statistic"/> shows it.</summary>
    private static void Value(CsvRowWriter csv, double? number, string? state, string? reason, string? media, bool formatted, TemplateStatistic? statistic)
    {
        if (!formatted) { csv.Number(number); return; }
        var f = statistic?.DisplayFormat ?? ValueFormat.Number;
        var text = DisplayFormatter.Format(statistic, number, state, reason, media);
        // Statuses and strings carry text from outside (reasons); numbers, durations and percentages are the service's own.
        if (f is ValueFormat.Status or ValueFormat.String) csv.Text(text);
        else csv.Verbatim(text);
    }
}
