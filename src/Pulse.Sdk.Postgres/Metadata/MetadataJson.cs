using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pulse.Sdk.Postgres.Metadata;

/// <summary>The JSON of the jsonb columns: camelCase names, enums as names.</summary>
internal static class MetadataJson
{
    internal static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    internal static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    internal static T Read<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidOperationException($"null JSON where a {typeof(T).Name} was expected");
}
