using Pulse.Sdk.Postgres.Metadata;

namespace Pulse.Sdk.Postgres;

/// <summary>
/// Settings of the PostgreSQL metadata adapter registered by <c>AddPostgresMetadata(...)</c>; validated
/// when the host starts, each message naming the option and what to set.
/// </summary>
public sealed class PostgresMetadataOptions
{
    /// <summary>
    /// The Npgsql connection string (for example <c>Host=pg;Port=5432;Database=pulse;Username=pulse;Password=...</c>).
    /// Required when no <see cref="Npgsql.NpgsqlDataSource"/> is given; ignored when one is.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Reconnection settings of the <see cref="LayoutChangeListener"/>.</summary>
    public LayoutChangeListenerOptions Listener { get; set; } = new();
}
