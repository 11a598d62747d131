using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Pulse.Deploy.Tests.Support;

/// <summary>
/// YAML documents as <see cref="JsonNode"/> trees (mappings → objects, sequences → arrays, every scalar a string), so
/// that the tests navigate manifests with <c>node?["spec"]?["template"]</c>.
/// </summary>
internal static class Yaml
{
    /// <summary>Every non-empty document of a multi-document YAML text.</summary>
    public static IReadOnlyList<JsonObject> Documents(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return [.. stream.Documents.Select(d => Convert(d.RootNode)).OfType<JsonObject>()];
    }

    /// <summary>The one document of a file.</summary>
    public static JsonObject File(string path) =>
        Documents(System.IO.File.ReadAllText(path)).SingleOrDefault() ?? throw new InvalidOperationException($"{path}: not one YAML mapping");

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode m => new JsonObject(m.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value ?? "", Convert(c.Value)))),
        YamlSequenceNode s => new JsonArray([.. s.Children.Select(Convert)]),
        YamlScalarNode { Value: null or "~" or "null", Style: YamlDotNet.Core.ScalarStyle.Plain } => null,
        YamlScalarNode v => JsonValue.Create(v.Value ?? ""),
        _ => null,
    };

    /// <summary>A scalar as text, or null.</summary>
    public static string? Text(this JsonNode? node) => node is JsonValue v ? v.GetValue<string>() : null;

    /// <summary>The elements of an array, or none.</summary>
    public static IEnumerable<JsonNode> Items(this JsonNode? node) => node is JsonArray a ? a.Where(n => n is not null).Select(n => n!) : [];

    /// <summary>The properties of an object, or none.</summary>
    public static IEnumerable<KeyValuePair<string, JsonNode?>> Properties(this JsonNode? node) => node is JsonObject o ? o : [];
}
