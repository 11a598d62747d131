using System.Globalization;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Service.Api.Contracts;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Service.Api.Export;

/// <summary>
/// A value as text in a template statistic's <see cref="ValueFormat"/>, for <c>?values=formatted</c> (docs/api.md, "Export").
/// The rules of the wallboard's <c>format.js</c>, in invariant culture and without thousands separators so that a
/// spreadsheet reads the numbers back: Time <c>h:mm:ss</c> (whole seconds, never negative), Percent one decimal and
/// <c>%</c>, Integer rounded, Number at most 2 decimals, Status the state name, its reason in parentheses and the time
/// in the state, String the value as it is. No value is an empty text.
/// </summary>
internal static class DisplayFormatter
{
    public static string Format(ValueFormat format, double? number, string? state, string? reason)
    {
        switch (format)
        {
            case ValueFormat.Status:
                var label = state ?? reason;
                if (label is null) return "";
                if (state is not null && reason is not null) label = $"{state} ({reason})";
                return number is { } inState ? $"{label} {Time(inState)}" : label;
            case ValueFormat.String:
                return reason ?? state ?? (number is { } n ? n.ToString("R", CultureInfo.InvariantCulture) : "");
        }
        if (number is not { } value || !double.IsFinite(value)) return "";
        return format switch
        {
            ValueFormat.Time => Time(value),
            ValueFormat.Integer => Math.Round(value, MidpointRounding.AwayFromZero).ToString("0", CultureInfo.InvariantCulture),
            ValueFormat.Percent => value.ToString("0.0", CultureInfo.InvariantCulture) + "%",
            _ => value.ToString("0.##", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>
    /// <paramref name="value"/> as <see cref="Format(ValueFormat, double?, string?, string?)"/> shows it; a formula's text
    /// as it is, a formula's error as <c>#ERROR: message</c> (as <c>FormulaValue</c> shows it).
    /// </summary>
    public static string Format(ValueFormat format, ValueBody value) =>
        value.Error is { } error ? "#ERROR: " + error : value.Text ?? Format(format, value.Value, value.State, value.Reason);

    /// <summary>The display format of each statistic of <paramref name="template"/> by alias (the first, should a stored template repeat one).</summary>
    public static Dictionary<string, ValueFormat> ByAlias(WidgetTemplate? template)
    {
        var formats = new Dictionary<string, ValueFormat>(StringComparer.Ordinal);
        foreach (var s in template?.Statistics ?? []) formats.TryAdd(s.Alias, s.DisplayFormat);
        return formats;
    }

    /// <summary>Seconds as <c>h:mm:ss</c>: 75 → <c>0:01:15</c>, 36000 → <c>10:00:00</c>.</summary>
    public static string Time(double seconds)
    {
        if (!double.IsFinite(seconds)) return "";
        // Bounded so a huge number cannot overflow the cast; more than a century of seconds is no duration anyone reads.
        var total = (long)Math.Floor(Math.Clamp(seconds, 0, 1e10));
        return string.Create(CultureInfo.InvariantCulture, $"{total / 3600}:{total / 60 % 60:00}:{total % 60:00}");
    }
}
