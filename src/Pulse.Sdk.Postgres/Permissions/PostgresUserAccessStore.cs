using Npgsql;
using NpgsqlTypes;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Postgres.Metadata;

namespace Pulse.Sdk.Postgres.Permissions;

/// <summary>
/// The access assigned in Pulse, in the <c>pulse_user_access</c> table of the Pulse metadata (schema version 5). Every
/// write and removal takes the next value of one sequence, so <see cref="GetVersionAsync"/> (an index read) tells a
/// reader in another process, the permissions role, that something changed. Removals leave a tombstone, so the
/// version never goes back.
/// </summary>
public sealed class PostgresUserAccessStore : IUserAccessStore
{
    private const string Columns = "tenant, user_name, privileges::text, access::text, changed_by, changed_at, version";
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>A store over <paramref name="dataSource"/>, which stays the caller's (not disposed).</summary>
    /// <param name="dataSource">The database holding the Pulse schema (migrated to version 5 or later).</param>
    public PostgresUserAccessStore(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
    }

    /// <inheritdoc />
    public event EventHandler? Changed;

    /// <inheritdoc />
    public async Task<long> GetVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT coalesce(max(version), 0) FROM pulse_user_access");
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<UserAccess>> GetAllAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM pulse_user_access WHERE NOT deleted ORDER BY tenant, user_name");
        return await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<UserAccess?> GetAsync(string tenant, string user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(user);
        await using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM pulse_user_access WHERE tenant = $1 AND user_name = $2 AND NOT deleted");
        command.Parameters.Add(new() { Value = tenant });
        command.Parameters.Add(new() { Value = user });
        var found = await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <inheritdoc />
    public async Task<UserAccess> SaveAsync(UserAccess access, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentException.ThrowIfNullOrEmpty(access.Tenant);
        ArgumentException.ThrowIfNullOrEmpty(access.User);
        await using var command = _dataSource.CreateCommand("""
            INSERT INTO pulse_user_access (tenant, user_name, privileges, access, changed_by, changed_at, version, deleted)
            VALUES ($1, $2, $3::jsonb, $4::jsonb, $5, $6, nextval('pulse_user_access_version'), false)
            ON CONFLICT (tenant, user_name) DO UPDATE SET privileges = EXCLUDED.privileges, access = EXCLUDED.access,
                changed_by = EXCLUDED.changed_by, changed_at = EXCLUDED.changed_at, version = EXCLUDED.version, deleted = false
            RETURNING version
            """);
        command.Parameters.Add(new() { Value = access.Tenant });
        command.Parameters.Add(new() { Value = access.User });
        command.Parameters.Add(new() { Value = access.Privileges is null ? DBNull.Value : MetadataJson.Write(access.Privileges), NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = access.Access is null ? DBNull.Value : MetadataJson.Write(access.Access), NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)access.ChangedBy ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = access.ChangedAt.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        var version = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        Changed?.Invoke(this, EventArgs.Empty);
        return access with { Version = version };
    }

    /// <inheritdoc />
    public async Task<bool> RemoveAsync(string tenant, string user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(user);
        await using var command = _dataSource.CreateCommand(
            "UPDATE pulse_user_access SET deleted = true, version = nextval('pulse_user_access_version') WHERE tenant = $1 AND user_name = $2 AND NOT deleted");
        command.Parameters.Add(new() { Value = tenant });
        command.Parameters.Add(new() { Value = user });
        var removed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        if (removed) Changed?.Invoke(this, EventArgs.Empty);
        return removed;
    }

    private static async Task<IReadOnlyList<UserAccess>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var result = new List<UserAccess>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new UserAccess
            {
                Tenant = reader.GetString(0),
                User = reader.GetString(1),
                Privileges = reader.IsDBNull(2) ? null : MetadataJson.Read<List<string>>(reader.GetString(2)),
                Access = reader.IsDBNull(3) ? null : MetadataJson.Read<ObjectAccess>(reader.GetString(3)),
                ChangedBy = reader.IsDBNull(4) ? null : reader.GetString(4),
                ChangedAt = reader.GetFieldValue<DateTimeOffset>(5),
                Version = reader.GetInt64(6),
            });
        }
        return result;
    }
}
