using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Pulse.Sdk.Authentication.Http;

/// <summary>
/// Reads a login body with a size limit: JSON (<c>Content-Type: application/json</c>, which a cross-site form cannot
/// send without a CORS preflight) holding a non-empty <c>username</c> and <c>password</c>. Any problem is answered
/// here, as <c>{"message": ...}</c> naming the field: 400, or 413 past the limit.
/// </summary>
internal static class LoginRequestReader
{
    private const int MaxUserNameLength = 256;
    private const int MaxPasswordLength = 1024;

    /// <summary>The request's login, or null after an error answer has been written.</summary>
    public static async Task<LoginRequest?> ReadAsync(HttpContext context, int maxBytes)
    {
        var request = context.Request;
        if (!request.HasJsonContentType())
        {
            await JsonError.WriteAsync(context, StatusCodes.Status400BadRequest, "Content-Type: must be application/json").ConfigureAwait(false);
            return null;
        }
        if (request.ContentLength > maxBytes)
        {
            await TooLargeAsync(context, maxBytes).ConfigureAwait(false);
            return null;
        }
        var body = await ReadBoundedAsync(request.Body, maxBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            await TooLargeAsync(context, maxBytes).ConfigureAwait(false);
            return null;
        }
        var (login, problem) = Parse(body);
        if (problem is not null) await JsonError.WriteAsync(context, StatusCodes.Status400BadRequest, problem).ConfigureAwait(false);
        return login;
    }

    /// <summary>The login in <paramref name="json"/>, or the problem naming the field.</summary>
    internal static (LoginRequest? Login, string? Problem) Parse(ReadOnlySpan<byte> json)
    {
        JsonDocument doc;
        try
        {
            var reader = new Utf8JsonReader(json);
            doc = JsonDocument.ParseValue(ref reader);
            // Reading on finds the end, or throws on text after the object.
            if (reader.Read())
            {
                doc.Dispose();
                return (null, "body: text after the JSON object");
            }
        }
        catch (JsonException e)
        {
            return (null, $"body: invalid JSON ({e.Message})");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return (null, "body: expected a JSON object {\"username\": ..., \"password\": ...}");
            var user = Field(doc.RootElement, "username", MaxUserNameLength, out var userProblem);
            if (userProblem is not null) return (null, userProblem);
            var password = Field(doc.RootElement, "password", MaxPasswordLength, out var passwordProblem);
            if (passwordProblem is not null) return (null, passwordProblem);
            return (new LoginRequest(user!, password!), null);
        }
    }

    private static string? Field(JsonElement root, string name, int maxLength, out string? problem)
    {
        problem = null;
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            problem = $"{name}: is required";
        else if (value.ValueKind != JsonValueKind.String)
            problem = $"{name}: must be a string";
        else if (!TryGetString(value, out var text))
            problem = $"{name}: not valid UTF-8";
        else if (text is not { Length: > 0 })
            problem = $"{name}: must not be empty";
        else if (text.Length > maxLength)
            problem = $"{name}: must be at most {maxLength} characters";
        else
            return text;
        return null;
    }

    /// <summary>The string, or false when its bytes are not valid UTF-8 (the reader checks the structure, not the text).</summary>
    private static bool TryGetString(JsonElement value, out string? text)
    {
        try
        {
            text = value.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            text = null;
            return false;
        }
    }

    private static Task TooLargeAsync(HttpContext context, int maxBytes) =>
        JsonError.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, $"body: larger than {maxBytes} bytes");

    private static async Task<byte[]?> ReadBoundedAsync(Stream body, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(maxBytes + 1);
        try
        {
            var total = 0;
            while (total <= maxBytes)
            {
                var read = await body.ReadAsync(buffer.AsMemory(total, maxBytes + 1 - total), cancellationToken).ConfigureAwait(false);
                if (read == 0) return buffer.AsSpan(0, total).ToArray();
                total += read;
            }
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }
}
