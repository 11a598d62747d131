using Microsoft.Extensions.Options;
using Npgsql;

namespace Pulse.Sdk.Postgres;

/// <summary>Validates <see cref="PostgresMetadataOptions"/>; the connection string only when the adapter creates the data source.</summary>
internal sealed class PostgresMetadataOptionsValidator(bool needsConnectionString) : IValidateOptions<PostgresMetadataOptions>
{
    internal const string Example = "Host=127.0.0.1;Port=5432;Database=pulse;Username=pulse;Password=...";

    public ValidateOptionsResult Validate(string? name, PostgresMetadataOptions options)
    {
        if (name is not null && name != Options.DefaultName) return ValidateOptionsResult.Skip;
        ArgumentNullException.ThrowIfNull(options);
        var failures = Check(options, needsConnectionString);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static List<string> Check(PostgresMetadataOptions options, bool needsConnectionString)
    {
        var failures = new List<string>();
        if (needsConnectionString)
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
                failures.Add($"PostgresMetadataOptions.ConnectionString is empty; set it (for example \"{Example}\") or pass an NpgsqlDataSource to AddPostgresMetadata");
            else
            {
                try
                {
                    var parsed = new NpgsqlConnectionStringBuilder(options.ConnectionString);
                    if (string.IsNullOrWhiteSpace(parsed.Host))
                        failures.Add($"PostgresMetadataOptions.ConnectionString has no Host; add Host=... (for example \"{Example}\")");
                }
                catch (ArgumentException ex)
                {
                    failures.Add($"PostgresMetadataOptions.ConnectionString is not a valid Npgsql connection string ({ex.Message}); write it as key=value pairs, for example \"{Example}\"");
                }
            }
        }
        if (options.Listener is null) failures.Add("PostgresMetadataOptions.Listener is null; leave it at its default or set a LayoutChangeListenerOptions");
        // The listener's own messages, as they are: they name its settings already.
        else failures.AddRange(options.Listener.Validate());
        return failures;
    }
}
