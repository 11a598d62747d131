using System.Globalization;
using System.Text;
using Pulse.Sdk.Events;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Redis;

/// <summary>
/// How a <see cref="StatisticValue"/> is written in Redis (hash fields, history members, pub/sub messages):
/// a number as invariant round-trip text (<c>87.5</c>); a state as <c>seconds|State|reason</c>
/// (<c>12.5|WaitForNextCall|</c>, <c>30|NotReadyForNextCall|Lunch</c>; for CurrentStateReasons the state is empty: <c>30||Lunch</c>).
/// The reason comes last and may itself contain <c>|</c>; an empty reason reads back as none.
/// A <see cref="StatisticValue.Stale"/> value has a leading <c>~</c> (<c>~87.5</c>, <c>~12.5|WaitForNextCall|</c>);
/// text without it reads back as current, so values stored before the flag existed read as they did (docs/redis.md).
/// A state's <see cref="StatisticValue.Media"/> follows its name after <c>:</c> (<c>30|NotReadyForNextCall:Voice|Lunch</c>);
/// a state without it reads back with no media, as values stored before the media existed do.
/// </summary>
internal static class RedisValueEncoding
{
    // Not a character a number or a state name starts with, so a decoder that predates the flag rejects a stale value rather than misreading it.
    private const char StaleMark = '~';

    // Not in a state name either: a decoder that predates the media rejects such a state rather than misreading it.
    private const char MediaMark = ':';

    /// <summary>The text of <paramref name="value"/>.</summary>
    public static string Encode(StatisticValue value)
    {
        var max = MaxUtf8Length(value);
        var buffer = max <= 256 ? stackalloc byte[max] : new byte[max];
        return Encoding.UTF8.GetString(buffer[..EncodeUtf8(value, buffer)]);
    }

    /// <summary>The value written by <see cref="Encode"/>.</summary>
    /// <exception cref="FormatException">The text is not an encoded value.</exception>
    public static StatisticValue Decode(ReadOnlySpan<char> text)
    {
        var stale = text.StartsWith(StaleMark);
        if (stale) text = text[1..];
        var bar = text.IndexOf('|');
        if (bar < 0) return new StatisticValue(ParseNumber(text)) { Stale = stale };
        var number = ParseNumber(text[..bar]);
        var rest = text[(bar + 1)..];
        var bar2 = rest.IndexOf('|');
        if (bar2 < 0) throw new FormatException($"Not an encoded statistic value (expected seconds|State|reason): '{text}'");
        AgentStatus? state = null;
        MediaType? media = null;
        if (bar2 > 0)
        {
            var stateText = rest[..bar2];
            if (stateText.IndexOf(MediaMark) is var colon and >= 0)
            {
                if (!Enum.TryParse<MediaType>(stateText[(colon + 1)..], ignoreCase: false, out var m))
                    throw new FormatException($"Unknown media '{stateText[(colon + 1)..]}' in '{text}'");
                media = m;
                stateText = stateText[..colon];
            }
            if (!Enum.TryParse<AgentStatus>(stateText, ignoreCase: false, out var s))
                throw new FormatException($"Unknown agent state '{stateText}' in '{text}'");
            state = s;
        }
        var reason = rest[(bar2 + 1)..];
        return new StatisticValue(number, state, reason.IsEmpty ? null : reason.ToString()) { Stale = stale, Media = media };
    }

    /// <summary>At least the UTF-8 length of <paramref name="value"/>'s text, to size the buffer of <see cref="EncodeUtf8"/>.</summary>
    internal static int MaxUtf8Length(in StatisticValue value)
    {
        // 32 bytes hold any round-trip double ("-1.7976931348623157E+308" is 24); one more for the stale mark.
        var number = value.Stale ? 33 : 32;
        if (value.State is null && value.Reason is null) return number;
        return number + 2 + (value.State is { } s ? StateName(s).Length : 0)
            + (value.Media is { } m && value.State is not null ? 1 + MediaName(m).Length : 0)
            + (value.Reason is { } r ? Encoding.UTF8.GetMaxByteCount(r.Length) : 0);
    }

    /// <summary>Writes the text of <paramref name="value"/> as UTF-8 (the bytes of <see cref="Encode"/>) and returns its length.</summary>
    /// <param name="value">The value.</param>
    /// <param name="destination">At least <see cref="MaxUtf8Length"/> bytes.</param>
    internal static int EncodeUtf8(in StatisticValue value, Span<byte> destination)
    {
        var n = 0;
        if (value.Stale) destination[n++] = (byte)StaleMark;
        n += Number(value.Number, destination[n..]);
        if (value.State is null && value.Reason is null) return n;
        destination[n++] = (byte)'|';
        if (value.State is { } s)
        {
            var name = StateName(s);
            name.CopyTo(destination[n..]);
            n += name.Length;
            if (value.Media is { } m)
            {
                destination[n++] = (byte)MediaMark;
                var media = MediaName(m);
                media.CopyTo(destination[n..]);
                n += media.Length;
            }
        }
        destination[n++] = (byte)'|';
        if (value.Reason is { } r) n += Encoding.UTF8.GetBytes(r, destination[n..]);
        return n;
    }

    // Indexed by the enum's number; null where no member has that number.
    private static readonly byte[]?[] StateNames = BuildNames<AgentStatus>();
    private static readonly byte[]?[] MediaNames = BuildNames<MediaType>();

    private static byte[]?[] BuildNames<T>() where T : struct, Enum
    {
        var names = new byte[]?[Enum.GetValues<T>().Max(s => Convert.ToInt32(s, CultureInfo.InvariantCulture)) + 1];
        foreach (var s in Enum.GetValues<T>()) names[Convert.ToInt32(s, CultureInfo.InvariantCulture)] = Encoding.UTF8.GetBytes(s.ToString());
        return names;
    }

    // A number outside the enum prints as the number, as ToString() does.
    private static ReadOnlySpan<byte> StateName(AgentStatus s) =>
        (uint)s < (uint)StateNames.Length && StateNames[(int)s] is { } name ? name : Encoding.UTF8.GetBytes(s.ToString());

    private static ReadOnlySpan<byte> MediaName(MediaType m) =>
        (uint)m < (uint)MediaNames.Length && MediaNames[(int)m] is { } name ? name : Encoding.UTF8.GetBytes(m.ToString());

    // Integral values (counts, whole seconds) print as integers: the same text as "R", much cheaper.
    private static int Number(double d, Span<byte> destination)
    {
        int written;
        if (d > -1e15 && d < 1e15 && d == Math.Floor(d) && !(d == 0 && double.IsNegative(d)))
            ((long)d).TryFormat(destination, out written, default, CultureInfo.InvariantCulture);
        else
            d.TryFormat(destination, out written, "R", CultureInfo.InvariantCulture);
        return written;
    }

    private static double ParseNumber(ReadOnlySpan<char> text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? d
            : throw new FormatException($"Not a number: '{text}'");
}
