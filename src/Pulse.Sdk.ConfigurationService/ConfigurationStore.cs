using Npgsql;
using NpgsqlTypes;
using Pulse.Sdk.Configuration;

namespace Pulse.Sdk.ConfigurationService;

/// <summary>
/// The configuration service's store in PostgreSQL: one row of <c>pulse_config_versions</c> per version (created by step 6
/// of the Pulse schema, <c>PulseSchemaMigrator</c>), the newest <see cref="RetainedVersions"/> kept. A write reads the
/// newest version, applies its change and inserts the next version in one transaction under a transaction advisory lock,
/// so writers (several service replicas included) queue and none is lost; each insert is announced on the
/// <c>pulse_config</c> channel.
/// </summary>
public sealed class ConfigurationStore
{
    /// <summary>The key of the transaction advisory lock writers queue on (<c>pg_advisory_xact_lock</c>).</summary>
    public const long WriteLockKey = 0x50554C5345_0002; // "PULSE", 2

    private const string Columns = "version, document::text, change, changed_by, changed_at";

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>A store over <paramref name="dataSource"/> (the caller's: never disposed here).</summary>
    /// <param name="dataSource">The database of the Pulse schema.</param>
    /// <param name="retainedVersions">How many of the newest versions are kept (1 or more).</param>
    public ConfigurationStore(NpgsqlDataSource dataSource, int retainedVersions = 100)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentOutOfRangeException.ThrowIfLessThan(retainedVersions, 1);
        _dataSource = dataSource;
        RetainedVersions = retainedVersions;
    }

    /// <summary>How many of the newest versions are kept.</summary>
    public int RetainedVersions { get; }

    /// <summary>The newest version, or null when the store is empty.</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<ConfigurationVersion?> GetLatestAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM pulse_config_versions ORDER BY version DESC LIMIT 1");
        return await ReadVersionAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The newest version number; 0 when the store is empty.</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<long> GetLatestVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT coalesce(max(version), 0) FROM pulse_config_versions");
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>The changes after <paramref name="after"/> still kept, oldest first, at most <paramref name="limit"/>.</summary>
    /// <param name="after">A version number (0 for every kept one).</param>
    /// <param name="limit">The most changes returned.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<IReadOnlyList<ConfigurationChange>> GetChangesAsync(long after, int limit = 1000, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var command = _dataSource.CreateCommand(
            "SELECT version, change, changed_by, changed_at FROM pulse_config_versions WHERE version > $1 ORDER BY version LIMIT $2");
        command.Parameters.Add(new() { Value = after });
        command.Parameters.Add(new() { Value = limit });
        var changes = new List<ConfigurationChange>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            changes.Add(new ConfigurationChange(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3)));
        return changes;
    }

    /// <summary>
    /// Writes <paramref name="configuration"/> as the next version, unless it equals the newest one (then
    /// <see cref="ConfigurationWriteStatus.Unchanged"/>) or <paramref name="expectedVersion"/> is given and is not the newest
    /// (then <see cref="ConfigurationWriteStatus.Stale"/>; 0 expects an empty store).
    /// </summary>
    /// <param name="configuration">The whole new configuration; validated first.</param>
    /// <param name="change">What changed, for the history.</param>
    /// <param name="changedBy">Who changed it; may be null.</param>
    /// <param name="expectedVersion">The version the writer read, or null to write over whatever is newest.</param>
    /// <param name="origin">The prefix of validation messages (for example <c>body</c>).</param>
    /// <param name="cancellationToken">Cancels the write (rolled back).</param>
    /// <exception cref="ConfigurationException">The configuration is invalid; the message names each object and field.</exception>
    public Task<ConfigurationWriteResult> ReplaceAsync(PulseConfiguration configuration, string change, string? changedBy, long? expectedVersion = null,
        string origin = "configuration", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return WriteAsync(_ => configuration, change, changedBy, expectedVersion, origin, cancellationToken);
    }

    /// <summary>
    /// Applies <paramref name="edit"/> to the newest configuration (an empty one when the store is empty) and writes the
    /// result as the next version, as <see cref="ReplaceAsync"/> does. The read and the write are one transaction: a
    /// concurrent writer waits, so no change is lost.
    /// </summary>
    /// <param name="edit">Returns the edited configuration; may throw (nothing is written, the exception is the caller's).</param>
    /// <param name="change">What changed, for the history.</param>
    /// <param name="changedBy">Who changed it; may be null.</param>
    /// <param name="expectedVersion">The version the writer read, or null to edit whatever is newest.</param>
    /// <param name="origin">The prefix of validation messages (for example <c>body</c>).</param>
    /// <param name="cancellationToken">Cancels the write (rolled back).</param>
    /// <exception cref="ConfigurationException">The edited configuration is invalid, or the stored one cannot be read.</exception>
    public Task<ConfigurationWriteResult> UpdateAsync(Func<PulseConfiguration, PulseConfiguration> edit, string change, string? changedBy,
        long? expectedVersion = null, string origin = "configuration", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(edit);
        return WriteAsync(latest => edit(latest is null ? PulseConfiguration.Empty : Parse(latest)), change, changedBy, expectedVersion, origin, cancellationToken);
    }

    /// <summary>Parses a stored version with the file format's messages, prefixed <c>stored version N</c>.</summary>
    internal static PulseConfiguration Parse(ConfigurationVersion version) => ConfigurationJson.Parse(version.Document, $"stored version {version.Version}");

    private async Task<ConfigurationWriteResult> WriteAsync(Func<ConfigurationVersion?, PulseConfiguration> edit, string change, string? changedBy,
        long? expectedVersion, string origin, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(change);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({WriteLockKey})", connection, tx))
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        ConfigurationVersion? latest;
        await using (var read = new NpgsqlCommand($"SELECT {Columns} FROM pulse_config_versions ORDER BY version DESC LIMIT 1", connection, tx))
            latest = await ReadVersionAsync(read, cancellationToken).ConfigureAwait(false);
        var current = latest?.Version ?? 0;
        if (expectedVersion is { } expected && expected != current) return new(ConfigurationWriteStatus.Stale, current);

        var next = edit(latest);
        ConfigurationValidator.ThrowIfInvalid(next, origin);
        var json = ConfigurationJson.Serialize(next);
        if (latest is not null)
        {
            await using var same = new NpgsqlCommand("SELECT document::jsonb = $1 FROM pulse_config_versions WHERE version = $2", connection, tx);
            same.Parameters.Add(new() { Value = json, NpgsqlDbType = NpgsqlDbType.Jsonb });
            same.Parameters.Add(new() { Value = current });
            if ((bool)(await same.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!) return new(ConfigurationWriteStatus.Unchanged, current);
        }

        await using (var insert = new NpgsqlCommand(
            "INSERT INTO pulse_config_versions (version, document, change, changed_by, changed_at) VALUES ($1, $2, $3, $4, now())", connection, tx))
        {
            insert.Parameters.Add(new() { Value = current + 1 });
            insert.Parameters.Add(new() { Value = json, NpgsqlDbType = NpgsqlDbType.Json });
            insert.Parameters.Add(new() { Value = change });
            insert.Parameters.Add(new() { Value = (object?)changedBy ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await using (var prune = new NpgsqlCommand("DELETE FROM pulse_config_versions WHERE version <= $1", connection, tx))
        {
            prune.Parameters.Add(new() { Value = current + 1 - RetainedVersions });
            await prune.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new(ConfigurationWriteStatus.Written, current + 1);
    }

    private static async Task<ConfigurationVersion?> ReadVersionAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) return null;
        return new ConfigurationVersion(
            new ConfigurationChange(reader.GetInt64(0), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4)),
            reader.GetString(1));
    }
}
