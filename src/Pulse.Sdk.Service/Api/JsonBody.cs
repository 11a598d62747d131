using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Pulse.Sdk.Service.Api;

/// <summary>
/// Reads a request body as a contract type strictly (<see cref="ApiJson.Options"/>), at most
/// <see cref="PulseServiceOptions.MaxBodyBytes"/> bytes: a larger body is 413, a bad one (invalid JSON or UTF-8 included)
/// 400 with a message naming the field.
/// </summary>
internal static partial class JsonBody
{
    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request, int maxBytes)
        where T : class
    {
        // The Content-Type was checked by the RequestGuardFilter (415 when it is not JSON).
        if (request.ContentLength > maxBytes) return (null, TooLarge(maxBytes));
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (true)
        {
            var n = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted).ConfigureAwait(false);
            if (n == 0) break;
            if (buffer.Length + n > maxBytes) return (null, TooLarge(maxBytes));
            buffer.Write(chunk, 0, n);
        }
        if (buffer.Length == 0) return (null, ApiResults.BadRequest("body: a JSON object is required"));
        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), ApiJson.Options);
            return value is null ? (null, ApiResults.BadRequest("body: a JSON object is required, was null")) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, ApiResults.BadRequest(Describe(e)));
        }
    }

    private static IResult TooLarge(int maxBytes) =>
        ApiResults.Error(StatusCodes.Status413PayloadTooLarge, $"body: larger than the {maxBytes} bytes this service accepts");

    /// <summary>A message naming the field, without the serializer's .NET type names.</summary>
    internal static string Describe(JsonException e)
    {
        var path = FieldOf(e.Path);
        var text = e.Message;
        if (UnknownProperty().Match(text) is { Success: true } u) return $"{Join(path, u.Groups[1].Value)}: unknown field";
        if (MissingRequired().Match(text) is { Success: true } m)
            return string.Join("; ", m.Groups[1].Value.Split(',').Select(f => $"{Join(path, f.Trim().Trim('\''))}: required"));
        if (NullNotAllowed().Match(text) is { Success: true } n) return $"{Join(path, n.Groups[1].Value)}: must not be null";
        if (e.InnerException is InvalidOperationException { InnerException: System.Text.DecoderFallbackException })
            return $"{(path.Length == 0 ? "body" : path)}: not valid UTF-8";
        if (path.Length == 0) return "body: not valid JSON";
        return $"{path}: not a valid value here" + (text.Contains("could not be converted", StringComparison.Ordinal) ? " (wrong type or unknown name)" : "");
    }

    private static string FieldOf(string? jsonPath) =>
        jsonPath is null or "$" ? "" : jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$');

    // The serializer's path sometimes already ends at the member (an unknown field), sometimes at its parent.
    private static string Join(string parent, string name) =>
        parent.Length == 0 ? name : parent == name || parent.EndsWith("." + name, StringComparison.Ordinal) ? parent : $"{parent}.{name}";

    [GeneratedRegex("The JSON property '([^']+)' could not be mapped")]
    private static partial Regex UnknownProperty();

    [GeneratedRegex("missing required properties including: (.+?)\\.?$")]
    private static partial Regex MissingRequired();

    [GeneratedRegex("The property or field '([^']+)'.* doesn't allow (setting|getting) null")]
    private static partial Regex NullNotAllowed();
}
