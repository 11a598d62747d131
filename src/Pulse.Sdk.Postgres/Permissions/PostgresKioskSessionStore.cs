using Npgsql;
using NpgsqlTypes;
using Pulse.Sdk.Permissions;

namespace Pulse.Sdk.Postgres.Permissions;

/// <summary>
/// Kiosk sessions in the <c>pulse_kiosk_sessions</c> table of the Pulse metadata (schema version 7; docs/api.md, "Kiosk
/// sessions"). Every replica reads a session by its primary key at each request of a wall screen, so a revocation written
/// by one replica is seen by every other at its next read; a restarted replica loses nothing.
/// </summary>
public sealed class PostgresKioskSessionStore : IKioskSessionStore
{
    private const string Columns = "id, tenant, tab_id, name, created_by, created_at, expires_at, revoked_at, link_hash, link_expires_at, secret_hash";
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>A store over <paramref name="dataSource"/>, which stays the caller's (not disposed).</summary>
    /// <param name="dataSource">The database holding the Pulse schema (migrated to version 7 or later).</param>
    public PostgresKioskSessionStore(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
    }

    /// <inheritdoc />
    public async Task CreateAsync(KioskSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        await using var command = _dataSource.CreateCommand($"INSERT INTO pulse_kiosk_sessions ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)");
        command.Parameters.Add(new() { Value = session.Id });
        command.Parameters.Add(new() { Value = session.Tenant });
        command.Parameters.Add(new() { Value = session.TabId });
        command.Parameters.Add(new() { Value = session.Name });
        command.Parameters.Add(new() { Value = session.CreatedBy });
        command.Parameters.Add(Time(session.CreatedAt));
        command.Parameters.Add(Time(session.ExpiresAt));
        command.Parameters.Add(session.RevokedAt is { } revoked ? Time(revoked) : new() { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(Bytes(session.LinkHash));
        command.Parameters.Add(Time(session.LinkExpiresAt));
        command.Parameters.Add(Bytes(session.SecretHash));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<KioskSession?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM pulse_kiosk_sessions WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        var found = await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<KioskSession>> ListActiveAsync(string tenant, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        await using var command = _dataSource.CreateCommand(
            $"SELECT {Columns} FROM pulse_kiosk_sessions WHERE tenant = $1 AND revoked_at IS NULL AND expires_at > $2 ORDER BY created_at, id");
        command.Parameters.Add(new() { Value = tenant });
        command.Parameters.Add(Time(now));
        return await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> RevokeAsync(string tenant, Guid id, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        await using var command = _dataSource.CreateCommand(
            "UPDATE pulse_kiosk_sessions SET revoked_at = $3, link_hash = NULL WHERE id = $1 AND tenant = $2 AND revoked_at IS NULL AND expires_at > $3");
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = tenant });
        command.Parameters.Add(Time(now));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc />
    public async Task<bool> RedeemLinkAsync(Guid id, byte[] linkHash, byte[] secretHash, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(linkHash);
        ArgumentNullException.ThrowIfNull(secretHash);
        // A swap: of two requests opening the same link, only the one that still finds its digest spends it.
        await using var command = _dataSource.CreateCommand("""
            UPDATE pulse_kiosk_sessions SET link_hash = NULL, secret_hash = $3
            WHERE id = $1 AND link_hash = $2 AND link_expires_at > $4 AND revoked_at IS NULL AND expires_at > $4
            """);
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(Bytes(linkHash));
        command.Parameters.Add(Bytes(secretHash));
        command.Parameters.Add(Time(now));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    private static NpgsqlParameter Time(DateTimeOffset value) => new() { Value = value.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz };

    private static NpgsqlParameter Bytes(byte[]? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bytea };

    private static async Task<IReadOnlyList<KioskSession>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var result = new List<KioskSession>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new KioskSession
            {
                Id = reader.GetGuid(0),
                Tenant = reader.GetString(1),
                TabId = reader.GetGuid(2),
                Name = reader.GetString(3),
                CreatedBy = reader.GetString(4),
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(5),
                ExpiresAt = reader.GetFieldValue<DateTimeOffset>(6),
                RevokedAt = reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
                LinkHash = reader.IsDBNull(8) ? null : reader.GetFieldValue<byte[]>(8),
                LinkExpiresAt = reader.GetFieldValue<DateTimeOffset>(9),
                SecretHash = reader.IsDBNull(10) ? null : reader.GetFieldValue<byte[]>(10),
            });
        }
        return result;
    }
}
