using System.Globalization;
using System.Text.RegularExpressions;
using Pulse.Sdk.Events;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Metadata;

/// <summary>
/// Reads a <see cref="StatisticDefinition"/>'s text forms into model objects, one message per wrong field, and writes the
/// canonical form its name is a digest of.
/// </summary>
internal static partial class DefinitionText
{
    public static (StatisticType Type, NotificationMode Notification, string Canonical)? Parse(
        StatisticDefinition d, ObjectType objectType, string prefix, List<string> errors)
    {
        var before = errors.Count;
        void Error(string field, string message) => errors.Add($"{prefix}.{field}: {message}");

        var category = EnumValue<StatisticCategory>(d.Category, "category", Error);
        if (category == StatisticCategory.Formula)
        {
            Error("category", "Formula is not a category a definition may have; write a formula statistic (\"formula\": \"Result = ...\") over the template's other statistics");
            category = null;
        }
        var subject = d.Subject is null ? StatisticSubject.DNAction : EnumValue<StatisticSubject>(d.Subject, "subject", Error);
        var main = Mask(d.MainMask, "mainMask", Error);
        var relative = Mask(d.RelativeMask, "relativeMask", Error);

        var objects = new List<ObjectType>();
        foreach (var name in d.ObjectTypes ?? [])
            if (EnumValue<ObjectType>(name, "objectTypes", Error) is { } o && !objects.Contains(o)) objects.Add(o);
        if (objects.Count == 0) objects.Add(objectType);
        else if (!objects.Contains(objectType))
            Error("objectTypes", $"the template shows {objectType} objects, which the list ({string.Join(", ", objects)}) leaves out; add {objectType} or leave objectTypes out");
        objects.Sort();

        var profile = Profile(d.TimeProfile, d.TimeZone, Error);
        TimeRange? range = null;
        if (d.TimeRange is { } r)
        {
            var m = RangePattern().Match(r);
            if (!m.Success || !double.TryParse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var from)
                || !double.TryParse(m.Groups[2].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var to) || from > to || to > 86_400)
                Error("timeRange", $"'{Shorten(r)}' is not a range in seconds; write from-to with 0 <= from <= to <= 86400, for example 0-20");
            else range = Statistics.TimeRange.Seconds(from, to);
        }
        var threshold = d.Threshold is null ? ThresholdKind.None : EnumValue<ThresholdKind>(d.Threshold, "threshold", Error);
        if (threshold == ThresholdKind.None && d.Threshold is not null)
        {
            Error("threshold", "write ServiceLevel or ShortAbandon, or leave threshold out");
            threshold = null;
        }
        if (range is not null && threshold is not (null or ThresholdKind.None))
            Error("threshold", "give either timeRange or threshold, not both");
        if ((range is not null || d.Threshold is not null) && category is { } c && !new StatisticType { Name = "", Category = c }.NeedsRange)
            Error(range is not null ? "timeRange" : "threshold", $"category {c} uses no time range; leave it out, or use an ...InTimeRange category or ServiceFactor1");
        if (d.Percentile is { } p && !(p > 0 && p <= 100)) Error("percentile", $"must be in (0, 100], was {p.ToString(CultureInfo.InvariantCulture)}");
        if (d.Percentile is not null && category is not StatisticCategory.Percentile) Error("percentile", "only the Percentile category has a percentile");
        var filter = Filter(d.Filter, Error);
        var notification = Notification(d.Notification, Error);

        if (errors.Count > before || category is null || subject is null || profile is null || threshold is null || notification is null) return null;
        var type = new StatisticType
        {
            Name = "definition",
            Category = category.Value,
            Subject = subject.Value,
            MainMask = main ?? ActionMask.None,
            RelativeMask = relative ?? ActionMask.None,
            ObjectTypes = objects,
            Profile = profile,
            Range = range,
            Threshold = threshold.Value,
            Filter = filter,
            Percentile = d.Percentile ?? 0,
        };
        return (type, notification, Canonical(type, notification));
    }

    /// <summary>What the name digests: the parsed parts in fixed spellings, so equal meanings give equal names.</summary>
    private static string Canonical(StatisticType t, NotificationMode n)
    {
        var profile = t.Profile switch
        {
            GrowingProfile g => $"G({string.Join(",", g.ResetTimes.Select(x => x.ToString("HH:mm", CultureInfo.InvariantCulture)))};{g.TimeZone})",
            SlidingProfile s => $"S({s.Window.Ticks},{s.Pane.Ticks})",
            SelectionProfile s => $"N({s.Count})",
            _ => "L",
        };
        var notification = n switch
        {
            ChangesBasedNotification c => "C" + c.Insensitivity.ToString("R", CultureInfo.InvariantCulture),
            TimeBasedNotification tb => "T" + tb.Interval.Ticks.ToString(CultureInfo.InvariantCulture),
            _ => "R",
        };
        return string.Join("|", "v1", t.Category, t.Subject, t.MainMask.Bits.ToString(CultureInfo.InvariantCulture),
            t.RelativeMask.Bits.ToString(CultureInfo.InvariantCulture), string.Join(",", t.ObjectTypes), profile,
            t.Range is { } r ? $"{r.From.Ticks}-{r.To.Ticks}" : "", t.Threshold, t.Percentile.ToString("R", CultureInfo.InvariantCulture),
            t.Filter?.ToString() ?? "", notification);
    }

    private static T? EnumValue<T>(string text, string field, Action<string, string> error) where T : struct, Enum
    {
        // Names only: Enum.TryParse would also take "3" or "1,2".
        foreach (var v in Enum.GetValues<T>())
            if (string.Equals(v.ToString(), text.Trim(), StringComparison.OrdinalIgnoreCase)) return v;
        error(field, $"'{Shorten(text)}' is not one of {string.Join(", ", Enum.GetNames<T>())}");
        return null;
    }

    private static ActionMask? Mask(string? text, string field, Action<string, string> error)
    {
        if (text is null) return null;
        try { return ActionMask.Parse(text); }
        catch (FormatException e) { error(field, e.Message); return null; }
    }

    private static TimeProfile? Profile(string? text, string? zone, Action<string, string> error)
    {
        if (zone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            error("timeZone", $"'{Shorten(zone)}' is not a known IANA time zone (for example Europe/Paris)");
            return null;
        }
        if (text is null) return zone is null ? Statistics.TimeProfile.Default : new GrowingProfile([TimeOnly.MinValue], zone);
        var m = CallPattern().Match(text);
        if (!m.Success)
        {
            error("timeProfile", $"'{Shorten(text)}' is not a profile; write Growing, Growing(07:00, 19:00), Sliding(00:15:00, 00:01:00), Selection(50) or SinceLogin");
            return null;
        }
        var kind = m.Groups[1].Value;
        var args = m.Groups[2].Success ? m.Groups[3].Value.Split(',', StringSplitOptions.TrimEntries) : null;
        TimeProfile? profile = null;
        string? problem = null;
        if (kind.Equals("Growing", StringComparison.OrdinalIgnoreCase))
        {
            var resets = new List<TimeOnly>();
            foreach (var a in args ?? ["00:00"])
                if (TimeOnly.TryParseExact(a, ["H:mm", "HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)) resets.Add(t);
                else problem = $"reset time '{Shorten(a)}' is not a time of day; write HH:mm, for example Growing(07:00, 19:00)";
            resets.Sort();
            profile = new GrowingProfile(resets.Distinct().ToArray(), zone);
        }
        else if (zone is not null) problem = "timeZone applies to a Growing profile only";
        else if (kind.Equals("Sliding", StringComparison.OrdinalIgnoreCase))
        {
            if (args is not { Length: 2 } || !TryDuration(args[0], out var window) || !TryDuration(args[1], out var pane))
                problem = "write Sliding(window, pane) with durations hh:mm:ss, for example Sliding(00:15:00, 00:01:00)";
            else profile = Statistics.TimeProfile.Sliding(window, pane);
        }
        else if (kind.Equals("Selection", StringComparison.OrdinalIgnoreCase))
        {
            if (args is not { Length: 1 } || !int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                problem = "write Selection(N), N the number of last occurrences, for example Selection(50)";
            else profile = Statistics.TimeProfile.Selection(count);
        }
        else if (kind.Equals("SinceLogin", StringComparison.OrdinalIgnoreCase) && args is null) profile = Statistics.TimeProfile.SinceLogin;
        else problem = $"'{Shorten(text)}' is not a profile; write Growing, Growing(07:00, 19:00), Sliding(00:15:00, 00:01:00), Selection(50) or SinceLogin";
        problem ??= profile?.Validate();
        if (problem is not null)
        {
            error("timeProfile", problem);
            return null;
        }
        return profile;
    }

    private static bool TryDuration(string text, out TimeSpan value) =>
        TimeSpan.TryParseExact(text, [@"h\:mm\:ss", @"hh\:mm\:ss"], CultureInfo.InvariantCulture, out value) && value > TimeSpan.Zero;

    private static StatisticFilter? Filter(string? text, Action<string, string> error)
    {
        if (text is null) return null;
        var media = new List<MediaType>();
        var pairs = new List<KeyValuePair<string, string>>();
        var keys = new List<string>();
        if (text.TrimEnd().EndsWith("&&", StringComparison.Ordinal))
        {
            error("filter", "ends with &&; write a term after it or remove it");
            return null;
        }
        var at = 0;
        while (true)
        {
            var m = FilterTermPattern().Match(text, at);
            if (!m.Success || m.Index != at)
            {
                error("filter", $"cannot read '{Shorten(text[at..])}' (at character {at + 1}); write terms joined by &&: Media(Chat|EMail), PairExists(\"Language\",\"Spanish\"), KeyExists(\"VIP\")");
                return null;
            }
            if (m.Groups["media"].Success)
            {
                foreach (var name in m.Groups["media"].Value.Split('|', StringSplitOptions.TrimEntries))
                {
                    var found = false;
                    foreach (var v in Enum.GetValues<MediaType>())
                        if (string.Equals(v.ToString(), name, StringComparison.OrdinalIgnoreCase)) { found = true; if (!media.Contains(v)) media.Add(v); }
                    if (!found)
                    {
                        error("filter", $"'{Shorten(name)}' is not a media type; one of {string.Join(", ", Enum.GetNames<MediaType>())}");
                        return null;
                    }
                }
            }
            else if (m.Groups["pk"].Success) pairs.Add(new(Unescape(m.Groups["pk"].Value), Unescape(m.Groups["pv"].Value)));
            else keys.Add(Unescape(m.Groups["key"].Value));
            at = m.Index + m.Length;
            if (at == text.Length) break;
        }
        if (media.Count == 0 && pairs.Count == 0 && keys.Count == 0)
        {
            error("filter", "is empty; leave filter out for no filter");
            return null;
        }
        media.Sort();
        pairs.Sort((a, b) => string.CompareOrdinal(a.Key + "\0" + a.Value, b.Key + "\0" + b.Value));
        keys.Sort(StringComparer.Ordinal);
        return new StatisticFilter { Media = media, PairsExist = pairs, KeysExist = keys };
    }

    private static string Unescape(string quoted) => quoted.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);

    private static NotificationMode? Notification(string? text, Action<string, string> error)
    {
        if (text is null) return NotificationMode.ChangesBased();
        var m = CallPattern().Match(text);
        var arg = m.Success && m.Groups[2].Success ? m.Groups[3].Value.Trim() : null;
        double number = 0;
        var hasNumber = arg is not null && double.TryParse(arg, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);
        if (m.Success)
        {
            var kind = m.Groups[1].Value;
            if (kind.Equals("ChangesBased", StringComparison.OrdinalIgnoreCase) && (arg is null || hasNumber && number >= 0))
                return NotificationMode.ChangesBased(arg is null ? 0 : number);
            if (kind.Equals("TimeBased", StringComparison.OrdinalIgnoreCase) && hasNumber && number is >= 1 and <= 86_400)
                return NotificationMode.TimeBased(TimeSpan.FromSeconds(number));
            if (kind.Equals("ResetBased", StringComparison.OrdinalIgnoreCase) && arg is null) return NotificationMode.ResetBased;
        }
        error("notification", $"'{Shorten(text)}' is not a notification mode; write ChangesBased, ChangesBased(insensitivity >= 0), TimeBased(seconds, 1 to 86400) or ResetBased");
        return null;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "...");

    [GeneratedRegex(@"^\s*([A-Za-z]+)\s*(\(([^()]*)\))?\s*$")]
    private static partial Regex CallPattern();

    [GeneratedRegex(@"^\s*(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)\s*s?\s*$")]
    private static partial Regex RangePattern();

    [GeneratedRegex("""\G\s*(?:Media\((?<media>[A-Za-z|\s]+)\)|PairExists\(\s*"(?<pk>(?:[^"\\]|\\.)*)"\s*,\s*"(?<pv>(?:[^"\\]|\\.)*)"\s*\)|KeyExists\(\s*"(?<key>(?:[^"\\]|\\.)*)"\s*\))\s*(?:&&|$)""", RegexOptions.IgnoreCase)]
    private static partial Regex FilterTermPattern();
}
