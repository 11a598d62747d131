using Microsoft.AspNetCore.Http;

namespace Pulse.Sdk.Service.Api;

/// <summary>Reads path and query values with the API's 400 messages (naming the parameter).</summary>
internal static class RequestValues
{
    public static bool TryId(string text, out Guid id, out IResult? error)
    {
        error = Guid.TryParse(text, out id) ? null : ApiResults.BadRequest($"id: '{Shorten(text)}' is not a GUID");
        return error is null;
    }

    /// <summary>The <c>uscn</c> query parameter: 0 when absent.</summary>
    public static bool TryUscn(HttpRequest request, out long since, out IResult? error)
    {
        since = 0;
        error = null;
        var text = request.Query["uscn"].ToString();
        if (text.Length == 0) return true;
        if (long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out since)) return true;
        error = ApiResults.BadRequest($"uscn: '{Shorten(text)}' is not a non-negative integer");
        return false;
    }

    /// <summary>The earliest instant a query parameter may name: the Unix epoch (docs/api.md).</summary>
    public static readonly DateTimeOffset MinInstant = DateTimeOffset.UnixEpoch;

    /// <summary>The latest instant a query parameter may name, a day before the end of the calendar so arithmetic on it stays in range.</summary>
    public static readonly DateTimeOffset MaxInstant = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The query parameter <paramref name="name"/> as an ISO 8601 instant (UTC when it names no offset) in [<see cref="MinInstant"/>, <see cref="MaxInstant"/>]; <paramref name="fallback"/> when absent.</summary>
    public static bool TryInstant(HttpRequest request, string name, DateTimeOffset fallback, out DateTimeOffset value, out IResult? error)
    {
        value = fallback;
        error = null;
        var text = request.Query[name].ToString();
        if (text.Length == 0) return true;
        if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out value)
            && value >= MinInstant && value <= MaxInstant)
            return true;
        error = ApiResults.BadRequest($"{name}: '{Shorten(text)}' is not an ISO 8601 time from {MinInstant:yyyy-MM-dd'T'HH:mm:ss'Z'} to {MaxInstant:yyyy-MM-dd'T'HH:mm:ss'Z'}");
        return false;
    }

    /// <summary>The optional <c>?type=</c> of a list (an <see cref="Statistics.ObjectType"/> name); false with a 400 naming it when it is none.</summary>
    public static bool TryObjectType(HttpRequest request, out Statistics.ObjectType? type, out IResult? error)
    {
        (type, error) = (null, null);
        if (request.Query["type"].ToString() is not { Length: > 0 } text) return true;
        // Names only: Enum.TryParse also takes "3", which is no kind of object to a client.
        if (Enum.TryParse<Statistics.ObjectType>(text, ignoreCase: false, out var t) && Enum.IsDefined(t) && !int.TryParse(text, out _))
        {
            type = t;
            return true;
        }
        error = ApiResults.BadRequest($"type: '{Shorten(text)}' is not an object type; one of {string.Join(", ", Enum.GetNames<Statistics.ObjectType>())}");
        return false;
    }

    /// <summary>User input quoted in a message, cut short so an error never echoes a large value.</summary>
    public static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "...";
}
