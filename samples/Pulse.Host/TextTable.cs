using System.Text;

namespace Pulse.Host;

/// <summary>A plain text table: the first column left-aligned, the others right-aligned, columns two spaces apart.</summary>
internal static class TextTable
{
    /// <summary>Lays out <paramref name="header"/> and <paramref name="rows"/> as lines of equal-width columns.</summary>
    public static IEnumerable<string> Lines(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var widths = header.Select(h => h.Length).ToArray();
        foreach (var row in rows)
            for (var i = 0; i < widths.Length && i < row.Count; i++)
                widths[i] = Math.Max(widths[i], row[i].Length);

        yield return Line(header, widths);
        foreach (var row in rows) yield return Line(row, widths);
    }

    private static string Line(IReadOnlyList<string> cells, int[] widths)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < widths.Length; i++)
        {
            var cell = i < cells.Count ? cells[i] : "";
            if (i == 0) sb.Append(cell.PadRight(widths[i]));
            else sb.Append("  ").Append(cell.PadLeft(widths[i]));
        }
        return sb.ToString().TrimEnd();
    }
}
