using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Pulse.Sdk.Service.Api.Export;

/// <summary>
/// A <c>text/csv</c> answer written to the body while its rows are produced (docs/api.md, "Export"): the header row, then
/// whatever <paramref name="rows"/> writes, flushed every <see cref="CsvRowWriter.RowsPerFlush"/> rows and whenever the
/// producer waits for its source. The body is never held whole in memory. A failure once rows were sent can only cut the
/// response short (the connection is aborted, so a client never takes a partial file for a complete one).
/// </summary>
/// <param name="fileName">The download's name without <c>.csv</c>, already safe (<see cref="FileName"/> and a safe suffix), e.g. <c>Sales-snapshot</c>.</param>
/// <param name="columns">The header row.</param>
/// <param name="rows">Writes the rows.</param>
internal sealed class CsvResult(string fileName, IReadOnlyList<string> columns, Func<CsvRowWriter, CancellationToken, Task> rows) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        // header=present: RFC 4180's parameter saying the first row names the columns.
        response.ContentType = "text/csv; charset=utf-8; header=present";
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}.csv\"";
        response.Headers.CacheControl = "no-store";
        // Rows go out as they are written, not gathered by a buffering layer (response caching or compression) first.
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var cancellationToken = httpContext.RequestAborted;
        var csv = new CsvRowWriter(response.BodyWriter);
        foreach (var c in columns) csv.Text(c);
        await csv.EndRowAsync(cancellationToken).ConfigureAwait(false);
        await rows(csv, cancellationToken).ConfigureAwait(false);
        await csv.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A name safe in a quoted <c>filename</c> parameter and on any file system: ASCII letters, digits, <c>-</c>, <c>_</c> and
    /// <c>.</c> kept, every other run of characters one <c>_</c>, no leading dot, at most 100 characters; <c>export</c> when nothing is left.
    /// </summary>
    public static string FileName(string name)
    {
        var safe = new StringBuilder(Math.Min(name.Length, 100));
        foreach (var c in name)
        {
            if (safe.Length == 100) break;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' || (c == '.' && safe.Length > 0)) safe.Append(c);
            else if (safe.Length > 0 && safe[^1] != '_') safe.Append('_');
        }
        var text = safe.ToString().Trim('_', '.');
        return text.Length == 0 ? "export" : text;
    }
}
