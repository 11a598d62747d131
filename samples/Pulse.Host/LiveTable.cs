using System.Text;

namespace Pulse.Host;

/// <summary>
/// Shows the frames of the live mode. On a terminal it redraws the table in place every frame (ANSI
/// cursor-home, clear to end of line and of screen; the cursor hidden meanwhile). When standard output is
/// redirected it prints a plain snapshot every <see cref="PlainInterval"/> and at the end, so that logs
/// (CI) get a readable, bounded record.
/// </summary>
internal sealed class LiveTable(TextWriter output, bool interactive, TimeSpan plainInterval)
{
    private const string Escape = "\u001b[";
    private TimeSpan _nextPlain = plainInterval;

    /// <summary>Whether frames redraw the screen (a terminal) rather than being appended.</summary>
    public bool Interactive { get; } = interactive;

    /// <summary>Time between plain snapshots when redirected.</summary>
    public TimeSpan PlainInterval { get; } = plainInterval;

    /// <summary>Prepares the screen (terminal) or prints <paramref name="intro"/> (redirected).</summary>
    public void Start(string intro)
    {
        if (Interactive) output.Write($"{Escape}?25l{Escape}2J{Escape}H");
        else output.WriteLine(intro);
        output.Flush();
    }

    /// <summary>
    /// Shows a frame. On a terminal every frame is drawn; redirected, only the first frame at or after each
    /// <see cref="PlainInterval"/> of <paramref name="elapsed"/> time, and the <paramref name="final"/> one.
    /// </summary>
    /// <returns>Whether the frame was written.</returns>
    public bool Show(IReadOnlyList<string> lines, TimeSpan elapsed, bool final)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var sb = new StringBuilder();
        if (Interactive)
        {
            sb.Append(Escape).Append('H');
            foreach (var line in lines) sb.Append(line).Append(Escape).Append('K').Append('\n');
            sb.Append('\n').Append(final ? "Stopped." : "Ctrl+C stops.").Append(Escape).Append('K').Append('\n');
            sb.Append(Escape).Append('J');
        }
        else
        {
            if (!final && elapsed < _nextPlain) return false;
            while (_nextPlain <= elapsed) _nextPlain += PlainInterval;
            foreach (var line in lines) sb.Append(line).Append('\n');
            sb.Append('\n');
        }
        output.Write(sb.ToString());
        output.Flush();
        return true;
    }

    /// <summary>Restores the cursor (terminal).</summary>
    public void Stop()
    {
        if (Interactive) output.Write($"{Escape}?25h");
        output.Flush();
    }
}
