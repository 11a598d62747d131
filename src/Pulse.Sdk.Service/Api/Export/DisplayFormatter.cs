using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Service.Api.Contracts;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Service.Api.Export;

/// <summary>
/// A value as text in a template statistic's display format, for <c>?values=formatted</c>. The same rules as the
/// wallboard's <c>format.js</c>, which a conformance test holds to the same text case by case (docs/api.md, "Display
/// formats"): no thousands separators (a spreadsheet reads the numbers back), numbers rounded half away from zero on their
/// shortest decimal digits, readable state names. No value is an empty text (the wallboard shows a dash).
/// </summary>
internal static partial class DisplayFormatter
{
    /// <summary>The most decimals a Number statistic may show.</summary>
    public const int MaxDecimals = 6;

    /// <summary>The decimals of a Number statistic that sets none.</summary>
    public const int DefaultDecimals = 2;

    /// <summary>The variables of a status template, without <c>${}</c>.</summary>
    public static readonly IReadOnlyList<string> StatusVariables = ["status", "media", "duration", "dnd", "reason"];

    // The engine's state names shown to people; format.js has the same table. A state not in it shows as it comes.
    private static readonly Dictionary<string, string> StatusLabels = new(StringComparer.Ordinal)
    {
        ["NotMonitored"] = "Not monitored", ["Monitored"] = "Monitored", ["LoggedIn"] = "Logged in", ["LoggedOut"] = "Logged out",
        ["OnHook"] = "On hook", ["OffHook"] = "Off hook", ["WaitForNextCall"] = "Ready", ["Ready"] = "Ready",
        ["NotReadyForNextCall"] = "Not ready", ["NotReady"] = "Not ready", ["AfterCallWork"] = "After-call work",
        ["CallDialing"] = "Dialing", ["CallRinging"] = "Ringing", ["CallOnHold"] = "On hold", ["CallUnknown"] = "On a call",
        ["CallConsult"] = "Consult call", ["CallInternal"] = "Internal call", ["CallOutbound"] = "Outbound call", ["CallInbound"] = "Inbound call",
    };

    private static readonly StatusDisplay DefaultStatus = new();

    [GeneratedRegex(@"\$\{([A-Za-z]+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Variable();

    /// <summary>
    /// The value as <paramref name="statistic"/> shows it (Number with 2 decimals when null): Time <c>h:mm:ss</c>, Integer
    /// and Number rounded, Percent one decimal and <c>%</c>, Status its parts or template, String the value as it is.
    /// </summary>
    public static string Format(TemplateStatistic? statistic, double? number, string? state, string? reason, string? media)
    {
        var format = statistic?.DisplayFormat ?? ValueFormat.Number;
        switch (format)
        {
            case ValueFormat.Status:
                return Status(statistic?.StatusDisplay ?? DefaultStatus, number, state, reason, media);
            case ValueFormat.String:
                if (!string.IsNullOrEmpty(reason)) return reason;
                if (!string.IsNullOrEmpty(state)) return state;
                return number is { } n ? Decimal(n, null, fixedDecimals: false) : "";
        }
        if (number is not { } value || !double.IsFinite(value)) return "";
        return format switch
        {
            ValueFormat.Time => Time(value),
            ValueFormat.Integer => Decimal(value, 0, fixedDecimals: false),
            ValueFormat.Percent => Decimal(value, 1, fixedDecimals: true) + "%",
            _ => Decimal(value, statistic?.Decimals ?? DefaultDecimals, fixedDecimals: false),
        };
    }

    /// <summary>
    /// <paramref name="value"/> as <see cref="Format(TemplateStatistic?, double?, string?, string?, string?)"/> shows it; a
    /// formula's text as it is, a formula's error as <c>#ERROR: message</c> (as <c>FormulaValue</c> shows it).
    /// </summary>
    public static string Format(TemplateStatistic? statistic, ValueBody value) =>
        value.Error is { } error ? "#ERROR: " + error
        : value.Text ?? Format(statistic, value.Value, value.State, value.Reason, value.Media?.ToString());

    /// <summary>Each statistic of <paramref name="template"/> by alias (the first, should a stored template repeat one).</summary>
    public static Dictionary<string, TemplateStatistic> ByAlias(WidgetTemplate? template)
    {
        var statistics = new Dictionary<string, TemplateStatistic>(StringComparer.Ordinal);
        foreach (var s in template?.Statistics ?? []) statistics.TryAdd(s.Alias, s);
        return statistics;
    }

    /// <summary>Seconds as <c>h:mm:ss</c>, whole seconds, never negative: 75 → <c>0:01:15</c>, 36000 → <c>10:00:00</c>.</summary>
    public static string Time(double seconds)
    {
        if (!double.IsFinite(seconds)) return "";
        // Bounded so a huge number cannot overflow the cast; more than a century of seconds is no duration anyone reads.
        var total = (long)Math.Floor(Math.Clamp(seconds, 0, 1e10));
        return string.Create(CultureInfo.InvariantCulture, $"{total / 3600}:{total / 60 % 60:00}:{total % 60:00}");
    }

    /// <summary>The readable name of an engine state name (<c>WaitForNextCall</c> → <c>Ready</c>); an unknown one as it is.</summary>
    public static string StatusLabel(string state) => StatusLabels.GetValueOrDefault(state, state);

    /// <summary>The first variable of <paramref name="template"/> that is not a <see cref="StatusVariables"/> one; null when all are.</summary>
    public static string? UnknownVariable(string template) =>
        Variable().Matches(template).Select(m => m.Groups[1].Value).FirstOrDefault(name => !StatusVariables.Contains(name));

    private static string Status(StatusDisplay display, double? number, string? state, string? reason, string? media)
    {
        var hasState = !string.IsNullOrEmpty(state);
        var hasReason = !string.IsNullOrEmpty(reason);
        if (!hasState && !hasReason) return "";
        // A CurrentStateReasons value has a reason and no state: the reason is its status.
        var name = hasState ? StatusLabel(state!) : reason!;
        var duration = number is { } n ? Time(n) : "";
        var mediaName = hasState && !string.IsNullOrEmpty(media) ? media! : "";
        if (display.Template is { } template)
        {
            return Variable().Replace(template, m => m.Groups[1].Value switch
            {
                "status" => name,
                "reason" => reason ?? "",
                "media" => mediaName,
                "duration" => duration,
                // No event source reports do-not-disturb.
                "dnd" => "",
                _ => m.Value,
            });
        }
        var parts = new List<string>(3);
        if (display.ShowStatus) parts.Add(hasState && hasReason ? $"{name} ({reason})" : name);
        if (display.ShowMedia && mediaName.Length > 0) parts.Add(mediaName);
        if (display.ShowDuration && duration.Length > 0) parts.Add(duration);
        return string.Join(' ', parts);
    }

    /// <summary>
    /// <paramref name="value"/> in plain decimal notation, rounded half away from zero to <paramref name="decimals"/>
    /// (all its digits when null), trailing zeros dropped unless <paramref name="fixedDecimals"/>. The rounding works on the
    /// shortest digits that read back as the value (<c>R</c>, as JavaScript's <c>toExponential()</c> gives them), so 1.005
    /// rounds to 1.01 as it reads, and the wallboard rounds alike.
    /// </summary>
    internal static string Decimal(double value, int? decimals, bool fixedDecimals)
    {
        if (!double.IsFinite(value)) return "";
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var e = shortest.IndexOf('E', StringComparison.Ordinal);
        var mantissa = e < 0 ? shortest : shortest[..e];
        var exponent = e < 0 ? 0 : int.Parse(shortest[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = new StringBuilder(point < 0 ? mantissa : mantissa.Remove(point, 1));
        // The value is 0.<digits> × 10^intLength.
        var intLength = (point < 0 ? mantissa.Length : point) + exponent;
        while (digits.Length > 0 && digits[0] == '0') { digits.Remove(0, 1); intLength--; }

        if (decimals is { } d && intLength + d < digits.Length)
        {
            var keep = intLength + d;
            if (keep < 0) { digits.Clear(); intLength = 0; }
            else
            {
                var up = digits[keep] >= '5';
                digits.Length = keep;
                if (up)
                {
                    var i = keep - 1;
                    while (i >= 0 && digits[i] == '9') digits[i--] = '0';
                    if (i >= 0) digits[i]++;
                    else { digits.Insert(0, '1'); intLength++; }
                }
            }
        }

        var text = new StringBuilder();
        if (intLength <= 0) text.Append('0');
        else for (var i = 0; i < intLength; i++) text.Append(i < digits.Length ? digits[i] : '0');
        var fraction = new StringBuilder();
        for (var i = Math.Min(intLength, 0); i < 0; i++) fraction.Append('0');
        for (var i = Math.Max(intLength, 0); i < digits.Length; i++) fraction.Append(digits[i]);
        if (fixedDecimals && decimals is { } places) fraction.Append('0', Math.Max(0, places - fraction.Length));
        else while (fraction.Length > 0 && fraction[^1] == '0') fraction.Length--;
        if (fraction.Length > 0) text.Append('.').Append(fraction);
        // No "-0": a negative value that rounds to zero is zero.
        var zero = digits.ToString().All(c => c == '0');
        return value < 0 && !zero ? "-" + text : text.ToString();
    }
}
