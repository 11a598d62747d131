using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Pulse.Sdk.Authentication.Http;

/// <summary>Writes the error answer of the API: a status code and <c>{"message": "..."}</c>.</summary>
internal static class JsonError
{
    /// <summary>
    /// Quotes and apostrophes as they are (<c>user 'alice'</c>, not <c>\u0027</c>): the answers are JSON documents,
    /// never pasted into HTML.
    /// </summary>
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    private static readonly JsonSerializerOptions Options = new() { Encoder = Encoder };

    public static Task WriteAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["message"] = message }, Options), context.RequestAborted);
    }
}
