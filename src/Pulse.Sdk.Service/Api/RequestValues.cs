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

    /// <summary>User input quoted in a message, cut short so an error never echoes a large value.</summary>
    public static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "...";
}
