using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pulse.Sdk.Service.Api;

/// <summary>
/// The JSON of the API: camelCase names, enums as names (numbers refused), unknown fields refused, nullable annotations
/// and required members enforced. The default encoder escapes HTML-sensitive characters (<c>&lt;</c> is written
/// <c>\u003C</c>), so text stored by one user is inert wherever another client shows it.
/// </summary>
internal static class ApiJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            AllowTrailingCommas = false,
            ReadCommentHandling = JsonCommentHandling.Disallow,
            MaxDepth = 32,
        };
        o.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }
}
