using System.Globalization;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Redis;

/// <summary>
/// How a <see cref="StatisticValue"/> is written in Redis (hash fields, history members, pub/sub messages):
/// a number as invariant round-trip text (<c>87.5</c>); a state as <c>seconds|State|reason</c>
/// (<c>12.5|WaitForNextCall|</c>, <c>30|NotReadyForNextCall|Lunch</c>; for CurrentStateReasons the state is empty: <c>30||Lunch</c>).
/// The reason comes last and may itself contain <c>|</c>; an empty reason reads back as none.
/// </summary>
public static class RedisValueEncoding
{
    /// <summary>The text of <paramref name="value"/>.</summary>
    public static string Encode(StatisticValue value)
    {
        var number = Number(value.Number);
        if (value.State is null && value.Reason is null) return number;
        return string.Concat(number, "|", value.State?.ToString(), "|", value.Reason);
    }

    /// <summary>The value written by <see cref="Encode"/>.</summary>
    /// <exception cref="FormatException">The text is not an encoded value.</exception>
    public static StatisticValue Decode(ReadOnlySpan<char> text)
    {
        var bar = text.IndexOf('|');
        if (bar < 0) return new StatisticValue(ParseNumber(text));
        var number = ParseNumber(text[..bar]);
        var rest = text[(bar + 1)..];
        var bar2 = rest.IndexOf('|');
        if (bar2 < 0) throw new FormatException($"Not an encoded statistic value (expected seconds|State|reason): '{text}'");
        AgentStatus? state = null;
        if (bar2 > 0)
        {
            if (!Enum.TryParse<AgentStatus>(rest[..bar2], ignoreCase: false, out var s))
                throw new FormatException($"Unknown agent state '{rest[..bar2]}' in '{text}'");
            state = s;
        }
        var reason = rest[(bar2 + 1)..];
        return new StatisticValue(number, state, reason.IsEmpty ? null : reason.ToString());
    }

    private static readonly string[] SmallIntegers = [.. Enumerable.Range(0, 1024).Select(i => i.ToString(CultureInfo.InvariantCulture))];

    // Integral values (counts, whole seconds) print as integers: the same text as "R", much cheaper.
    private static string Number(double d)
    {
        if (d >= 0 && d < SmallIntegers.Length && d == Math.Floor(d) && !(d == 0 && double.IsNegative(d))) return SmallIntegers[(int)d];
        if (d > -1e15 && d < 1e15 && d == Math.Floor(d) && d != 0) return ((long)d).ToString(CultureInfo.InvariantCulture);
        return d.ToString("R", CultureInfo.InvariantCulture);
    }

    private static double ParseNumber(ReadOnlySpan<char> text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? d
            : throw new FormatException($"Not a number: '{text}'");
}
