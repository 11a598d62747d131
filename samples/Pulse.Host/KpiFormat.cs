using System.Globalization;

namespace Pulse.Host;

/// <summary>How the live table shows values: counts as integers, durations as m:ss, percentages with one decimal.</summary>
internal static class KpiFormat
{
    /// <summary>A count: <c>12</c>.</summary>
    public static string Count(double value) =>
        double.IsFinite(value) ? Math.Round(value).ToString("0", CultureInfo.InvariantCulture) : "-";

    /// <summary>A duration in seconds as minutes and seconds, the seconds truncated: 65.9 → <c>1:05</c>; 3725 → <c>62:05</c>.</summary>
    public static string Duration(double seconds)
    {
        if (!double.IsFinite(seconds)) return "-";
        var total = (long)Math.Floor(Math.Max(0, seconds));
        return string.Create(CultureInfo.InvariantCulture, $"{total / 60}:{total % 60:00}");
    }

    /// <summary>A percentage 0–100 with one decimal: <c>83.3</c>.</summary>
    public static string Percent(double value) =>
        double.IsFinite(value) ? value.ToString("0.0", CultureInfo.InvariantCulture) : "-";
}
