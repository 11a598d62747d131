using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Pulse.Sdk.Service.Api.Export;

/// <summary>
/// How a snapshot or history is answered (docs/api.md, "Export"): JSON or CSV, raw or with the template's display formats.
/// <c>?format=csv|json</c> wins over <c>Accept</c>; without either the answer is JSON, as it always was.
/// </summary>
/// <param name="Csv">Answer <c>text/csv</c> rather than <c>application/json</c>.</param>
/// <param name="Formatted">Values as the display format shows them (<see cref="DisplayFormatter"/>) rather than raw numbers.</param>
internal readonly record struct ExportRequest(bool Csv, bool Formatted)
{
    public const string CsvMediaType = "text/csv";

    public const string JsonMediaType = "application/json";

    /// <summary>Reads <c>format</c>, <c>values</c> and <c>Accept</c>: 400 naming the parameter for an unknown value, 406 for an Accept neither type satisfies.</summary>
    public static bool TryRead(HttpRequest request, out ExportRequest export, out IResult? error)
    {
        export = default;
        bool formatted;
        switch (request.Query["values"].ToString().ToLowerInvariant())
        {
            case "" or "raw": formatted = false; break;
            case "formatted": formatted = true; break;
            default:
                error = ApiResults.BadRequest($"values: '{RequestValues.Shorten(request.Query["values"].ToString())}' is not one of raw, formatted");
                return false;
        }
        bool csv;
        switch (request.Query["format"].ToString().ToLowerInvariant())
        {
            case "csv": csv = true; break;
            case "json": csv = false; break;
            case "":
                if (FromAccept(request.Headers.Accept.ToString()) is not { } accepted)
                {
                    error = ApiResults.Error(StatusCodes.Status406NotAcceptable,
                        $"Accept: '{RequestValues.Shorten(request.Headers.Accept.ToString())}' names neither {JsonMediaType} nor {CsvMediaType}; "
                        + "send one of them, or ?format=json|csv");
                    return false;
                }
                csv = accepted;
                break;
            default:
                error = ApiResults.BadRequest($"format: '{RequestValues.Shorten(request.Query["format"].ToString())}' is not one of csv, json");
                return false;
        }
        export = new ExportRequest(csv, formatted);
        error = null;
        return true;
    }

    /// <summary>
    /// True for CSV, false for JSON, null when the header accepts neither. A missing or unreadable header is JSON (the
    /// API's answer before export existed); among acceptable ranges the highest quality wins, the first listed on a tie.
    /// </summary>
    private static bool? FromAccept(string accept)
    {
        if (accept.Length == 0 || !MediaTypeHeaderValue.TryParseList([accept], out var ranges) || ranges.Count == 0) return false;
        bool? best = null;
        var bestQuality = 0.0;
        foreach (var range in ranges)
        {
            var quality = range.Quality ?? 1.0;
            if (quality <= bestQuality) continue; // also skips q=0, "not acceptable"
            bool? csv = range.MediaType.Value?.ToLowerInvariant() switch
            {
                CsvMediaType or "text/*" => true,
                JsonMediaType or "application/*" or "*/*" => false,
                _ => null,
            };
            if (csv is null) continue;
            best = csv;
            bestQuality = quality;
        }
        return best;
    }
}
