using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Pulse.Sdk.Postgres.Migrations;

/// <summary>
/// Creates or upgrades the Pulse metadata schema (the Init job): applies, in order, each step of
/// <see cref="PulseSchema.Migrations"/> newer than the version recorded in <c>pulse_schema_version</c>,
/// each in its own transaction together with its version row. Idempotent; safe when several run at once
/// (they queue on a session advisory lock, and the later ones find nothing to do).
/// </summary>
public sealed class PulseSchemaMigrator
{
    /// <summary>The key of the advisory lock the migrators queue on (<c>pg_advisory_lock</c>).</summary>
    public const long AdvisoryLockKey = 0x50554C5345_0001; // "PULSE", 1

    private readonly NpgsqlDataSource _dataSource;
    private readonly IReadOnlyList<SchemaMigration> _migrations;
    private readonly ILogger _logger;

    /// <summary>Creates a migrator for the steps of <see cref="PulseSchema.Migrations"/>.</summary>
    /// <param name="dataSource">Where the schema lives; not disposed by the migrator.</param>
    /// <param name="logger">Logs each applied step; may be null.</param>
    public PulseSchemaMigrator(NpgsqlDataSource dataSource, ILogger<PulseSchemaMigrator>? logger = null)
        : this(dataSource, PulseSchema.Migrations, logger) { }

    internal PulseSchemaMigrator(NpgsqlDataSource dataSource, IReadOnlyList<SchemaMigration> migrations, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        for (var i = 0; i < migrations.Count; i++)
            if (migrations[i].Version != i + 1)
                throw new ArgumentException($"migration {i} has version {migrations[i].Version}; versions must be 1, 2, 3 ... in order", nameof(migrations));
        _dataSource = dataSource;
        _migrations = migrations;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Brings the schema to <see cref="PulseSchema.LatestVersion"/>.</summary>
    /// <param name="cancellationToken">Stops waiting for the lock or between steps; a step in progress is rolled back.</param>
    /// <returns>The versions found and reached, and the steps applied.</returns>
    /// <exception cref="InvalidOperationException">The database holds a newer schema than this code knows.</exception>
    public Task<MigrationResult> MigrateAsync(CancellationToken cancellationToken = default) =>
        MigrateAsync(_migrations[^1].Version, cancellationToken);

    /// <summary>Brings the schema to <paramref name="targetVersion"/> (never down: a newer schema is left as it is).</summary>
    /// <param name="targetVersion">The version to reach, 1 to <see cref="PulseSchema.LatestVersion"/>.</param>
    /// <param name="cancellationToken">Stops waiting for the lock or between steps; a step in progress is rolled back.</param>
    /// <returns>The versions found and reached, and the steps applied.</returns>
    /// <exception cref="InvalidOperationException">The database holds a newer schema than this code knows.</exception>
    public async Task<MigrationResult> MigrateAsync(int targetVersion, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(targetVersion, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(targetVersion, _migrations[^1].Version);

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken).ConfigureAwait(false);
        try
        {
            await ExecuteAsync(connection, $"""
                CREATE TABLE IF NOT EXISTS {PulseSchema.VersionTable} (
                    version     integer     PRIMARY KEY,
                    description text        NOT NULL,
                    applied_at  timestamptz NOT NULL DEFAULT now()
                )
                """, cancellationToken).ConfigureAwait(false);
            var from = await ReadVersionAsync(connection, cancellationToken).ConfigureAwait(false);
            if (from > _migrations[^1].Version)
                throw new InvalidOperationException(
                    $"the database schema is at version {from}, newer than this Pulse.Sdk.Postgres knows ({_migrations[^1].Version}); run the Init job of the newer release, or upgrade this application");

            var applied = new List<int>();
            foreach (var step in _migrations)
            {
                if (step.Version <= from || step.Version > targetVersion) continue;
                cancellationToken.ThrowIfCancellationRequested();
                await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, step.Sql, cancellationToken, tx).ConfigureAwait(false);
                await using (var record = new NpgsqlCommand($"INSERT INTO {PulseSchema.VersionTable} (version, description) VALUES ($1, $2)", connection, tx))
                {
                    record.Parameters.Add(new() { Value = step.Version });
                    record.Parameters.Add(new() { Value = step.Description });
                    await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                applied.Add(step.Version);
                PostgresLog.MigrationApplied(_logger, step.Version, step.Description);
            }
            return new MigrationResult(from, Math.Max(from, applied.Count > 0 ? applied[^1] : from), applied);
        }
        finally
        {
            // The lock is the session's: release it before the connection goes back to the pool.
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>The schema version of the database: 0 when no step was ever applied.</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<int> GetVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var exists = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", connection);
        exists.Parameters.Add(new() { Value = PulseSchema.VersionTable });
        if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!) return 0;
        return await ReadVersionAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> ReadVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM {PulseSchema.VersionTable}", connection);
        return (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, NpgsqlTransaction? tx = null)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
