using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace Pulse.Sdk.Configuration;

/// <summary>
/// The JSON file format of a <see cref="PulseConfiguration"/>: camelCase property names, enums as
/// strings (case-insensitive on read), <c>//</c> and <c>/* */</c> comments and trailing commas
/// allowed, required properties enforced, unknown properties rejected. Errors name the file, the
/// 1-based line and the JSON path, for example
/// <c>config.json:12: $.tenants[0].queues[3].dn: required property is missing</c>.
/// </summary>
public static partial class ConfigurationJson
{
    /// <summary>
    /// The serializer options of the format. Read-only; use them to read or write configuration
    /// objects (or parts of them) the same way the file format does.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions(writeIndented: false);

    private static readonly JsonSerializerOptions IndentedOptions = CreateOptions(writeIndented: true);

    /// <summary>
    /// Parses a configuration from JSON text, then validates it with
    /// <see cref="ConfigurationValidator.ThrowIfInvalid(PulseConfiguration, string)"/>.
    /// </summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="origin">Where the text comes from (a file name), used as the prefix of error messages.</param>
    /// <returns>The parsed, valid configuration.</returns>
    /// <exception cref="ConfigurationException">
    /// The text is not valid JSON, does not match the format (missing required property, unknown
    /// property, wrong value type, null where a value is needed), or the configuration is invalid.
    /// </exception>
    public static PulseConfiguration Parse(string json, string origin)
    {
        var configuration = Deserialize<PulseConfiguration>(json, origin, "expected an object with a 'tenants' array, found null");
        ConfigurationValidator.ThrowIfInvalid(configuration, origin);
        return configuration;
    }

    /// <summary>
    /// Parses one object of the format (an agent, a queue, a user ...) from JSON text, with the error messages of
    /// <see cref="Parse"/>, their paths starting at the object (<c>body:3: $.dns: expected an array</c>). Not validated:
    /// validate the configuration it goes into.
    /// </summary>
    /// <typeparam name="T">The object's type, for example <see cref="AgentConfig"/>.</typeparam>
    /// <param name="json">The JSON text.</param>
    /// <param name="origin">Where the text comes from, used as the prefix of error messages.</param>
    /// <returns>The parsed object.</returns>
    /// <exception cref="ConfigurationException">The text is not valid JSON or does not match the format of <typeparamref name="T"/>.</exception>
    public static T ParseObject<T>(string json, string origin) where T : class =>
        Deserialize<T>(json, origin, "expected an object, found null");

    private static T Deserialize<T>(string json, string origin, string whenNull) where T : class
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(origin);
        if (json.Length > 0 && json[0] == '\uFEFF') json = json[1..];
        var bytes = Encoding.UTF8.GetBytes(json);
        T? value;
        try
        {
            value = JsonSerializer.Deserialize<T>(bytes, Options);
        }
        catch (JsonException e)
        {
            throw Translate(e, bytes, origin);
        }
        if (value is null) throw new ConfigurationException($"{origin}:1: $: {whenNull}");
        var nulls = JsonLocator.NullArrayElements(bytes);
        if (nulls.Count > 0)
            throw new ConfigurationException(string.Join(Environment.NewLine,
                nulls.Select(n => $"{origin}:{n.Line}: {n.Path}: null is not allowed in this list")));
        return value;
    }

    /// <summary>Reads, parses and validates a configuration file (UTF-8). Error messages start with <paramref name="path"/>.</summary>
    /// <param name="path">The file to read.</param>
    /// <returns>The parsed, valid configuration.</returns>
    /// <exception cref="ConfigurationException">The file cannot be read, or its content is not a valid configuration.</exception>
    public static PulseConfiguration Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string json;
        try
        {
            json = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or System.Security.SecurityException)
        {
            throw new ConfigurationException($"{path}: cannot read the configuration file: {e.Message}", e);
        }
        return Parse(json, path);
    }

    /// <summary>Writes a configuration in the file format (indented; null values omitted).</summary>
    /// <param name="configuration">The configuration to write.</param>
    /// <returns>The JSON text.</returns>
    public static string Serialize(PulseConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return JsonSerializer.Serialize(configuration, IndentedOptions);
    }

    private static JsonSerializerOptions CreateOptions(bool writeIndented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            PropertyNameCaseInsensitive = false,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            RespectNullableAnnotations = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            WriteIndented = writeIndented,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        options.Converters.Add(new EnumNameConverterFactory());
        options.MakeReadOnly();
        return options;
    }

    private static ConfigurationException Translate(JsonException e, byte[] bytes, string origin)
    {
        var path = e.Path ?? "$";
        var line = (e.LineNumber ?? 0) + 1;
        var message = TrailingPosition().Replace(e.Message, "");

        var missing = MissingRequired().Match(message);
        if (missing.Success)
        {
            // The reader stops at the end of the object; point at the line where the object starts.
            line = JsonLocator.LineOf(bytes, path) ?? line;
            var names = QuotedName().Matches(missing.Groups["names"].Value).Select(m => m.Groups[1].Value).ToList();
            if (names.Count == 0) names.Add("?");
            var lines = names.Select(n => $"{origin}:{line}: {path}.{n}: required property is missing");
            return new ConfigurationException(string.Join(Environment.NewLine, lines), e);
        }

        var unknown = UnknownProperty().Match(message);
        if (unknown.Success)
            message = "unknown property (property names are camelCase; check the spelling)";
        else if (NotAllowedNull().IsMatch(message))
            message = "null is not allowed here";
        else if (NotConvertible().Match(message) is { Success: true } conv)
            message = "expected " + Describe(conv.Groups["type"].Value);
        else if (e.InnerException is not null && e.InnerException.GetType().Name == "JsonReaderException")
            message = "invalid JSON: " + TrailingPosition().Replace(e.InnerException.Message, "");

        return new ConfigurationException($"{origin}:{line}: {path}: {message}", e);
    }

    private static string Describe(string type) => type switch
    {
        "System.String" => "a string (quote the value, for example \"8001\")",
        "System.Double" or "System.Int32" or "System.Int64" or "System.Decimal" => "a number",
        "System.Boolean" => "true or false",
        _ when type.StartsWith("System.Collections.Generic.IReadOnlyList", StringComparison.Ordinal) => "an array",
        _ when type.StartsWith("System.Collections.Generic.IReadOnlyDictionary", StringComparison.Ordinal) => "an object (name: value pairs)",
        _ => "an object",
    };

    [GeneratedRegex(@"\s*(Path: .*? \| )?LineNumber: \d+ \| BytePositionInLine: \d+\.?\s*$")]
    private static partial Regex TrailingPosition();

    [GeneratedRegex(@"missing required properties,? including:? (?<names>.*)$", RegexOptions.Singleline)]
    private static partial Regex MissingRequired();

    [GeneratedRegex(@"'([^']*)'")]
    private static partial Regex QuotedName();

    [GeneratedRegex(@"^The JSON property '.*' could not be mapped")]
    private static partial Regex UnknownProperty();

    [GeneratedRegex(@"doesn't allow setting null values")]
    private static partial Regex NotAllowedNull();

    [GeneratedRegex(@"^The JSON value could not be converted to (?<type>.+?)\.?$", RegexOptions.Singleline)]
    private static partial Regex NotConvertible();

    /// <summary>Enums as their names: case-insensitive on read, numbers rejected, a clear error listing the valid names.</summary>
    private sealed class EnumNameConverterFactory : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(EnumNameConverter<>).MakeGenericType(typeToConvert))!;
    }

    private sealed class EnumNameConverter<T> : JsonConverter<T> where T : struct, Enum
    {
        private static readonly string Names = string.Join(", ", Enum.GetNames<T>());

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String)
                throw new JsonException($"expected a string, one of: {Names}");
            var text = reader.GetString() ?? "";
            var trimmed = text.Trim();
            if (trimmed.Length > 0 && !char.IsAsciiDigit(trimmed[0]) && trimmed[0] != '-' && trimmed[0] != '+'
                && !trimmed.Contains(',', StringComparison.Ordinal)
                && Enum.TryParse<T>(trimmed, ignoreCase: true, out var value) && Enum.IsDefined(value))
                return value;
            throw new JsonException($"'{text}' is not a valid {typeof(T).Name}; expected one of: {Names}");
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }

    /// <summary>Finds positions in JSON text by path (same path syntax as <see cref="JsonException.Path"/>).</summary>
    private static class JsonLocator
    {
        /// <summary>The 1-based line of the value at <paramref name="path"/>, or null when not found.</summary>
        public static long? LineOf(byte[] bytes, string path)
        {
            long? found = null;
            Walk(bytes, (p, token, line, inArray) =>
            {
                if (found is null && p == path) found = line;
                return found is null;
            });
            return found;
        }

        /// <summary>Every null element of an array (no list of the format may hold null), with its path and line.</summary>
        public static List<(string Path, long Line)> NullArrayElements(byte[] bytes)
        {
            var result = new List<(string, long)>();
            Walk(bytes, (p, token, line, inArray) =>
            {
                if (token == JsonTokenType.Null && inArray) result.Add((p, line));
                return true;
            });
            return result;
        }

        /// <summary>
        /// Visits the start token of every value with its path, 1-based line and whether it is an array
        /// element; stops when the visitor returns false.
        /// </summary>
        private static void Walk(byte[] bytes, Func<string, JsonTokenType, long, bool, bool> visit)
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
            // Each frame: the path of the container, whether it is an array, and the next index.
            var frames = new Stack<(string Path, bool IsArray, int Index)>();
            string? property = null;
            long line = 1;
            var counted = 0;
            try
            {
                while (reader.Read())
                {
                    var start = (int)reader.TokenStartIndex;
                    for (; counted < start; counted++) if (bytes[counted] == (byte)'\n') line++;

                    if (reader.TokenType == JsonTokenType.PropertyName)
                    {
                        property = reader.GetString();
                        continue;
                    }
                    if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
                    {
                        frames.Pop();
                        continue;
                    }

                    string path;
                    var inArray = false;
                    if (frames.Count == 0) path = "$";
                    else
                    {
                        var top = frames.Pop();
                        if (top.IsArray)
                        {
                            inArray = true;
                            path = top.Path + "[" + top.Index.ToString(CultureInfo.InvariantCulture) + "]";
                            top.Index++;
                        }
                        else path = Append(top.Path, property ?? "");
                        frames.Push(top);
                    }
                    if (!visit(path, reader.TokenType, line, inArray)) return;
                    if (reader.TokenType == JsonTokenType.StartObject) frames.Push((path, false, 0));
                    else if (reader.TokenType == JsonTokenType.StartArray) frames.Push((path, true, 0));
                }
            }
            catch (JsonException)
            {
                // Malformed text: the serializer reports it; the locator just stops.
            }
        }

        private static string Append(string parent, string name)
        {
            foreach (var c in name)
                if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
                    return parent + "['" + name + "']";
            return name.Length == 0 ? parent + "['']" : parent + "." + name;
        }
    }
}
