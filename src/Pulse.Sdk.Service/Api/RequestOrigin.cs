using Microsoft.AspNetCore.Http;

namespace Pulse.Sdk.Service.Api;

/// <summary>Origins in the form browsers send them (<c>scheme://host[:port]</c>, lower case, punycode, default port left out).</summary>
internal static class RequestOrigin
{
    /// <summary>The serialized form of <paramref name="text"/> when it is an http or https origin; null otherwise (a path, query, user info, <c>null</c>, <c>*</c>).</summary>
    public static string? Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || !Uri.TryCreate(text, UriKind.Absolute, out var uri)) return null;
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) return null;
        if (uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.AbsolutePath != "/") return null;
        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host : uri.IdnHost;
        return uri.IsDefaultPort ? $"{uri.Scheme}://{host}" : $"{uri.Scheme}://{host}:{uri.Port}";
    }

    /// <summary>
    /// Whether <paramref name="origin"/> (normalized) is the origin this request was sent to: its scheme and <c>Host</c>,
    /// or the <c>X-Forwarded-Proto</c>/<c>X-Forwarded-Host</c> a proxy in front set. Trusting the forwarded pair is safe
    /// here: a page cannot add those headers to a request without a CORS preflight (which the API does not grant), and
    /// never to a WebSocket handshake.
    /// </summary>
    public static bool IsOwn(HttpRequest request, string origin)
    {
        if (Normalize($"{request.Scheme}://{request.Host.Value}") == origin) return true;
        if (First(request.Headers["X-Forwarded-Host"]) is not { } host) return false;
        return Normalize($"{First(request.Headers["X-Forwarded-Proto"]) ?? request.Scheme}://{host}") == origin;
    }

    // A proxy chain appends: the first value is what the browser used.
    private static string? First(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Count == 0 || values[0] is not { Length: > 0 } v ? null : v.Split(',')[0].Trim() is { Length: > 0 } f ? f : null;
}
