using System.Globalization;
using System.Text;
using System.Text.Json;
using Pulse.Sdk.Configuration;

namespace Pulse.Sdk.ConfigurationService;

/// <summary>
/// A version as the service answers it, built once when the version is loaded so that every read and every long poll
/// it ends writes bytes already made: the envelope <c>{"version":N,"changedAt":...,"configuration":{...}}</c>, the file
/// format, the entity tag. A stored document that is not a valid configuration (written by hand) is served as stored, for
/// the clients to refuse, with <see cref="Error"/> saying why.
/// </summary>
internal sealed class ServedConfiguration
{
    private ServedConfiguration(ConfigurationVersion version, PulseConfiguration? configuration, string? error, byte[] envelope, string? file)
    {
        Version = version.Version;
        ChangedAt = version.Change.ChangedAt;
        Configuration = configuration;
        Error = error;
        Envelope = envelope;
        FileDocument = file;
        ETag = Tag(version.Version);
    }

    public long Version { get; }

    public DateTimeOffset ChangedAt { get; }

    /// <summary>The parsed configuration; null when the stored document is not valid.</summary>
    public PulseConfiguration? Configuration { get; }

    /// <summary>Why the stored document is not valid (the file format's messages); null when it is.</summary>
    public string? Error { get; }

    /// <summary>The answer of <c>GET /config/v1/configuration</c>, UTF-8.</summary>
    public byte[] Envelope { get; }

    /// <summary>The configuration in the file format (indented, as <see cref="ConfigurationJson.Serialize"/> writes it); null when not valid.</summary>
    public string? FileDocument { get; }

    /// <summary>The strong entity tag of the version: <c>"N"</c>.</summary>
    public string ETag { get; }

    public static string Tag(long version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    public static ServedConfiguration From(ConfigurationVersion version)
    {
        PulseConfiguration? configuration = null;
        string? error = null, file = null, compact;
        try
        {
            configuration = ConfigurationStore.Parse(version);
            compact = JsonSerializer.Serialize(configuration, ConfigurationJson.Options);
            file = ConfigurationJson.Serialize(configuration);
        }
        catch (ConfigurationException e)
        {
            error = e.Message;
            compact = version.Document;
        }
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", version.Version);
            writer.WriteString("changedAt", version.Change.ChangedAt);
            writer.WritePropertyName("configuration");
            writer.WriteRawValue(Encoding.UTF8.GetBytes(compact), skipInputValidation: true);
            writer.WriteEndObject();
        }
        return new ServedConfiguration(version, configuration, error, buffer.ToArray(), file);
    }
}
