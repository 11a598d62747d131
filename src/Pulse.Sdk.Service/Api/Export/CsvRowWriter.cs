using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;

namespace Pulse.Sdk.Service.Api.Export;

/// <summary>
/// Writes CSV rows (RFC 4180: fields separated by commas, rows ended by CRLF, a field with a comma, a quote, CR or LF
/// quoted with its quotes doubled) to a response body as they are produced, UTF-8 without a byte order mark. A text
/// field starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or CR gets a leading <c>'</c> so that a spreadsheet
/// opening the file shows it rather than running it as a formula (docs/api.md, "Export"); numbers and times the service
/// writes itself are left alone, so <c>-1.5</c> stays a number. Not thread-safe: one writer per response.
/// </summary>
internal sealed class CsvRowWriter(PipeWriter body)
{
    /// <summary>Rows written between flushes: each flush is a chunk on the wire, so a client sees rows while the rest is read.</summary>
    public const int RowsPerFlush = 64;

    private static readonly SearchValues<char> MustQuote = SearchValues.Create(",\"\r\n");

    private readonly StringBuilder _row = new(256);
    private bool _atRowStart = true;
    private int _rowsSinceFlush;

    public void Text(string? text)
    {
        Separator();
        if (!string.IsNullOrEmpty(text)) Append(text, guard: text[0] is '=' or '+' or '-' or '@' or '\t' or '\r');
    }

    /// <summary>A number as the JSON has it (shortest round-trip, invariant culture); empty when null.</summary>
    public void Number(double? number)
    {
        Separator();
        if (number is { } n) _row.Append(n.ToString("R", CultureInfo.InvariantCulture));
    }

    /// <summary>An ISO 8601 UTC time, e.g. <c>2026-11-26T10:00:00.5Z</c>; empty when null.</summary>
    public void Time(DateTimeOffset? time)
    {
        Separator();
        if (time is { } t) _row.Append(t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
    }

    public void Boolean(bool value)
    {
        Separator();
        _row.Append(value ? "true" : "false");
    }

    /// <summary>Text the service made that is never a formula (a formatted number, duration or percentage): quoted if it must be, never guarded.</summary>
    public void Verbatim(string text)
    {
        Separator();
        Append(text, guard: false);
    }

    /// <summary>Ends the row and hands it to the body; flushes every <see cref="RowsPerFlush"/> rows.</summary>
    public ValueTask EndRowAsync(CancellationToken cancellationToken)
    {
        _row.Append("\r\n");
        foreach (var chunk in _row.GetChunks()) Encoding.UTF8.GetBytes(chunk.Span, body);
        _row.Clear();
        _atRowStart = true;
        return ++_rowsSinceFlush >= RowsPerFlush ? FlushAsync(cancellationToken) : ValueTask.CompletedTask;
    }

    /// <summary>Sends what was written so far.</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        _rowsSinceFlush = 0;
        await body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private void Append(string text, bool guard)
    {
        var quote = text.AsSpan().IndexOfAny(MustQuote) >= 0;
        if (quote) _row.Append('"');
        if (guard) _row.Append('\'');
        if (quote) _row.Append(text.Replace("\"", "\"\"", StringComparison.Ordinal));
        else _row.Append(text);
        if (quote) _row.Append('"');
    }

    private void Separator()
    {
        if (!_atRowStart) _row.Append(',');
        _atRowStart = false;
    }
}
