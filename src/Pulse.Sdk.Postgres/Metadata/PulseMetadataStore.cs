using Pulse.Sdk.Metadata;
using Npgsql;
using NpgsqlTypes;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Postgres.Metadata;

/// <summary>
/// The Pulse metadata in PostgreSQL: widget templates, layouts (widget definitions), tabs (dashboards) and
/// user preferences, each row stamped with its tenant's change sequence number (<c>uscn</c>).
/// </summary>
/// <remarks>
/// Every query names the tenant: an id of another tenant is never read, changed or deleted. Every write
/// takes the next uscn of its tenant by updating the tenant's row in <c>pulse_tenants</c>, which holds that
/// row locked until the write commits: the writes of one tenant commit in uscn order, so a reader that
/// asks for what changed after the uscn it last saw misses nothing. Deletions keep the row as a tombstone
/// (<c>deleted</c>, with the uscn of the deletion). Saving a row that is a tombstone brings it back.
/// The schema must exist (<see cref="Migrations.PulseSchemaMigrator"/>). Thread-safe.
/// </remarks>
public sealed class PulseMetadataStore : IMetadataStore
{
    private const string TemplateColumns = "tenant, id, name, widget_type, object_type, description, statistics::text, user_edited, uscn, deleted";
    private const string LayoutColumns = "tenant, id, template_id, name, objects::text, options::text, active, uscn, deleted, owner";
    private const string TabColumns = "tenant, id, owner, name, layout_ids, uscn, deleted, shared";
    private const string PreferenceColumns = "tenant, user_name, prefs::text, uscn, deleted";

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates a store over <paramref name="dataSource"/>, which stays the caller's (not disposed).</summary>
    /// <param name="dataSource">The database holding the Pulse schema.</param>
    public PulseMetadataStore(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
    }

    /// <summary>The data source the store reads and writes.</summary>
    public NpgsqlDataSource DataSource => _dataSource;

    // ------------------------------------------------------------------ change sequence

    /// <summary>The tenant's latest change sequence number: 0 before its first write.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<long> GetUscnAsync(string tenant, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        await using var command = _dataSource.CreateCommand("SELECT last_uscn FROM pulse_tenants WHERE tenant = $1");
        command.Parameters.Add(new() { Value = tenant });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long uscn ? uscn : 0;
    }

    /// <summary>
    /// Everything of the tenant written after <paramref name="sinceUscn"/> (pass 0 for everything), deletions
    /// included as tombstones, read in one snapshot.
    /// </summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="sinceUscn">The <see cref="MetadataChanges.Uscn"/> of the previous read, or 0.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<MetadataChanges> GetChangesAsync(string tenant, long sinceUscn, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentOutOfRangeException.ThrowIfNegative(sinceUscn);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        long uscn;
        await using (var command = new NpgsqlCommand("SELECT last_uscn FROM pulse_tenants WHERE tenant = $1", connection, tx))
        {
            command.Parameters.Add(new() { Value = tenant });
            uscn = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long u ? u : 0;
        }
        const string Since = "WHERE tenant = $1 AND uscn > $2 ORDER BY uscn";
        var templates = await QueryAsync(connection, tx, $"SELECT {TemplateColumns} FROM pulse_widget_templates {Since}", ReadTemplate, cancellationToken, tenant, sinceUscn).ConfigureAwait(false);
        var layouts = await QueryAsync(connection, tx, $"SELECT {LayoutColumns} FROM pulse_layouts {Since}", ReadLayout, cancellationToken, tenant, sinceUscn).ConfigureAwait(false);
        var tabs = await QueryAsync(connection, tx, $"SELECT {TabColumns} FROM pulse_tabs {Since}", ReadTab, cancellationToken, tenant, sinceUscn).ConfigureAwait(false);
        var prefs = await QueryAsync(connection, tx, $"SELECT {PreferenceColumns} FROM pulse_user_preferences {Since}", ReadPreferences, cancellationToken, tenant, sinceUscn).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new MetadataChanges(uscn, templates, layouts, tabs, prefs);
    }

    // ------------------------------------------------------------------ templates

    /// <summary>Creates or replaces a template (by tenant and id); returns it with its new uscn.</summary>
    /// <param name="template">The template; <see cref="WidgetTemplate.Uscn"/> and <see cref="WidgetTemplate.Deleted"/> are ignored.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task<WidgetTemplate> SaveTemplateAsync(WidgetTemplate template, CancellationToken cancellationToken = default)
    {
        MetadataRules.ValidateTemplate(template);
        var uscn = await WriteAsync(template.Tenant, (c, tx, u, ct) => UpsertTemplateAsync(c, tx, template, u, ct), cancellationToken).ConfigureAwait(false);
        return template with { Uscn = uscn!.Value, Deleted = false };
    }

    internal static Task<bool> UpsertTemplateAsync(NpgsqlConnection connection, NpgsqlTransaction tx, WidgetTemplate t, long uscn, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, tx, """
            INSERT INTO pulse_widget_templates (tenant, id, name, widget_type, object_type, description, statistics, user_edited, uscn, deleted)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, false)
            ON CONFLICT (tenant, id) DO UPDATE SET name = EXCLUDED.name, widget_type = EXCLUDED.widget_type,
                object_type = EXCLUDED.object_type, description = EXCLUDED.description, statistics = EXCLUDED.statistics,
                user_edited = EXCLUDED.user_edited, uscn = EXCLUDED.uscn, deleted = false
            """, cancellationToken,
            t.Tenant, t.Id, t.Name, t.WidgetType.ToString(), t.ObjectType.ToString(), new Text(t.Description),
            new Json(MetadataJson.Write(t.Statistics)), t.UserEdited, uscn);

    /// <summary>A template of the tenant, or null when there is none (or it was deleted).</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="id">The template id.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public Task<WidgetTemplate?> GetTemplateAsync(string tenant, Guid id, CancellationToken cancellationToken = default) =>
        QuerySingleAsync($"SELECT {TemplateColumns} FROM pulse_widget_templates WHERE tenant = $1 AND id = $2 AND NOT deleted", ReadTemplate, tenant, id, cancellationToken);

    /// <summary>The tenant's templates (not the deleted ones), by name.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public Task<IReadOnlyList<WidgetTemplate>> GetTemplatesAsync(string tenant, CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {TemplateColumns} FROM pulse_widget_templates WHERE tenant = $1 AND NOT deleted ORDER BY name, id", ReadTemplate, tenant, null, cancellationToken);

    /// <summary>Deletes a template (leaves a tombstone); false when the tenant has no such template.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="id">The template id.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public Task<bool> DeleteTemplateAsync(string tenant, Guid id, CancellationToken cancellationToken = default) =>
        DeleteAsync("pulse_widget_templates", "id", tenant, id, cancellationToken);

    // ------------------------------------------------------------------ layouts

    /// <summary>Creates or replaces a layout (by tenant and id); returns it with its new uscn. Announced on <c>pulse_layouts</c>.</summary>
    /// <param name="layout">The layout; <see cref="Layout.Uscn"/> and <see cref="Layout.Deleted"/> are ignored.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task<Layout> SaveLayoutAsync(Layout layout, CancellationToken cancellationToken = default)
    {
        MetadataRules.ValidateLayout(layout);
        var uscn = await WriteAsync(layout.Tenant, (c, tx, u, ct) => ExecuteAsync(c, tx, """
                INSERT INTO pulse_layouts (tenant, id, template_id, name, objects, options, active, uscn, deleted, owner)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, false, $9)
                ON CONFLICT (tenant, id) DO UPDATE SET template_id = EXCLUDED.template_id, name = EXCLUDED.name,
                    objects = EXCLUDED.objects, options = EXCLUDED.options, active = EXCLUDED.active, uscn = EXCLUDED.uscn, deleted = false,
                    owner = EXCLUDED.owner
                """, ct,
            layout.Tenant, layout.Id, layout.TemplateId, layout.Name ?? "", new Json(MetadataJson.Write(layout.Objects)),
            new Json(MetadataJson.Write(layout.Options)), layout.Active, u, new Text(layout.Owner)), cancellationToken).ConfigureAwait(false);
        return layout with { Uscn = uscn!.Value, Deleted = false };
    }

    /// <summary>A layout of the tenant, or null when there is none (or it was deleted).</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="id">The layout id.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public Task<Layout?> GetLayoutAsync(string tenant, Guid id, CancellationToken cancellationToken = default) =>
        QuerySingleAsync($"SELECT {LayoutColumns} FROM pulse_layouts WHERE tenant = $1 AND id = $2 AND NOT deleted", ReadLayout, tenant, id, cancellationToken);

    /// <summary>The tenant's layouts (not the deleted ones).</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="activeOnly">Only the active ones (those whose statistics the DCU collects).</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public Task<IReadOnlyList<Layout>> GetLayoutsAsync(string tenant, bool activeOnly = false, CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {LayoutColumns} FROM pulse_layouts WHERE tenant = $1 AND NOT deleted{(activeOnly ? " AND active" : "")} ORDER BY id", ReadLayout, tenant, null, cancellationToken);

    /// <summary>Deletes a layout (leaves a tombstone; announced on <c>pulse_layouts</c>); false when the tenant has no such layout.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="id">The layout id.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public Task<bool> DeleteLayoutAsync(string tenant, Guid id, CancellationToken cancellationToken = default) =>
        DeleteAsync("pulse_layouts", "id", tenant, id, cancellationToken);

    // ------------------------------------------------------------------ tabs

    /// <summary>Creates or replaces a tab (by tenant and id); returns it with its new uscn.</summary>
    /// <param name="tab">The tab; <see cref="Tab.Uscn"/> and <see cref="Tab.Deleted"/> are ignored.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task<Tab> SaveTabAsync(Tab tab, CancellationToken cancellationToken = default)
    {
        MetadataRules.ValidateTab(tab);
        var uscn = await WriteAsync(tab.Tenant, (c, tx, u, ct) => ExecuteAsync(c, tx, """
                INSERT INTO pulse_tabs (tenant, id, owner, name, layout_ids, uscn, deleted, shared) VALUES ($1, $2, $3, $4, $5, $6, false, $7)
                ON CONFLICT (tenant, id) DO UPDATE SET owner = EXCLUDED.owner, name = EXCLUDED.name,
                    layout_ids = EXCLUDED.layout_ids, uscn = EXCLUDED.uscn, deleted = false, shared = EXCLUDED.shared
                """, ct,
            tab.Tenant, tab.Id, tab.Owner, tab.Name ?? "", tab.LayoutIds.ToArray(), u, tab.Shared), cancellationToken).ConfigureAwait(false);
        return tab with { Uscn = uscn!.Value, Deleted = false };
    }

    /// <summary>A tab of the tenant, or null when there is none (or it was deleted).</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="id">The tab id.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public Task<Tab?> GetTabAsync(string tenant, Guid id, CancellationToken cancellationToken = default) =>
        QuerySingleAsync($"SELECT {TabColumns} FROM pulse_tabs WHERE tenant = $1 AND id = $2 AND NOT deleted", ReadTab, tenant, id, cancellationToken);

    /// <summary>The tabs of one user of the tenant (not the deleted ones), by name.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="owner">The user.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public Task<IReadOnlyList<Tab>> GetTabsAsync(string tenant, string owner, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        return QueryAsync($"SELECT {TabColumns} FROM pulse_tabs WHERE tenant = $1 AND owner = $2 AND NOT deleted ORDER BY name, id", ReadTab, tenant, owner, cancellationToken);
    }

    /// <summary>Deletes a tab (leaves a tombstone); false when the tenant has no such tab.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="id">The tab id.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public Task<bool> DeleteTabAsync(string tenant, Guid id, CancellationToken cancellationToken = default) =>
        DeleteAsync("pulse_tabs", "id", tenant, id, cancellationToken);

    // ------------------------------------------------------------------ user preferences

    /// <summary>Creates or replaces the preferences of a user; returns them with their new uscn.</summary>
    /// <param name="preferences">The preferences; <see cref="UserPreferences.Uscn"/> and <see cref="UserPreferences.Deleted"/> are ignored.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task<UserPreferences> SavePreferencesAsync(UserPreferences preferences, CancellationToken cancellationToken = default)
    {
        MetadataRules.ValidatePreferences(preferences);
        var uscn = await WriteAsync(preferences.Tenant, (c, tx, u, ct) => ExecuteAsync(c, tx, """
                INSERT INTO pulse_user_preferences (tenant, user_name, prefs, uscn, deleted) VALUES ($1, $2, $3, $4, false)
                ON CONFLICT (tenant, user_name) DO UPDATE SET prefs = EXCLUDED.prefs, uscn = EXCLUDED.uscn, deleted = false
                """, ct,
            preferences.Tenant, preferences.User, new Json(MetadataJson.Write(preferences.Values)), u), cancellationToken).ConfigureAwait(false);
        return preferences with { Uscn = uscn!.Value, Deleted = false };
    }

    /// <summary>The preferences of a user of the tenant, or null when there are none.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="user">The user.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public Task<UserPreferences?> GetPreferencesAsync(string tenant, string user, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        return QuerySingleAsync($"SELECT {PreferenceColumns} FROM pulse_user_preferences WHERE tenant = $1 AND user_name = $2 AND NOT deleted", ReadPreferences, tenant, user, cancellationToken);
    }

    /// <summary>Deletes the preferences of a user (leaves a tombstone); false when there are none.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="user">The user.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public Task<bool> DeletePreferencesAsync(string tenant, string user, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        return DeleteAsync("pulse_user_preferences", "user_name", tenant, user, cancellationToken);
    }

    // ------------------------------------------------------------------ plumbing

    /// <summary>
    /// Runs <paramref name="write"/> in a transaction with the tenant's next uscn, the tenant's row locked
    /// until commit. When <paramref name="write"/> returns false the transaction (uscn included) is rolled
    /// back and null returned.
    /// </summary>
    internal async Task<long?> WriteAsync(string tenant, Func<NpgsqlConnection, NpgsqlTransaction, long, CancellationToken, Task<bool>> write, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        long uscn;
        await using (var next = new NpgsqlCommand("""
            INSERT INTO pulse_tenants (tenant, last_uscn) VALUES ($1, 1)
            ON CONFLICT (tenant) DO UPDATE SET last_uscn = pulse_tenants.last_uscn + 1
            RETURNING last_uscn
            """, connection, tx))
        {
            next.Parameters.Add(new() { Value = tenant });
            uscn = (long)(await next.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
        if (!await write(connection, tx, uscn, cancellationToken).ConfigureAwait(false))
        {
            await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return uscn;
    }

    private async Task<bool> DeleteAsync(string table, string keyColumn, string tenant, object key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        var uscn = await WriteAsync(tenant, async (c, tx, u, ct) =>
        {
            await using var command = new NpgsqlCommand($"UPDATE {table} SET deleted = true, uscn = $3 WHERE tenant = $1 AND {keyColumn} = $2 AND NOT deleted", c, tx);
            command.Parameters.Add(new() { Value = tenant });
            command.Parameters.Add(new() { Value = key });
            command.Parameters.Add(new() { Value = u });
            return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
        }, cancellationToken).ConfigureAwait(false);
        return uscn is not null;
    }

    private async Task<T?> QuerySingleAsync<T>(string sql, Func<NpgsqlDataReader, T> read, string tenant, object key, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        var rows = await QueryAsync(sql, read, tenant, key, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    private async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read, string tenant, object? key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        object[] parameters = key is null ? [tenant] : [tenant, key];
        return await QueryAsync(connection, null, sql, read, cancellationToken, parameters).ConfigureAwait(false);
    }

    /// <summary>A jsonb parameter value.</summary>
    private readonly record struct Json(string Value);

    /// <summary>A nullable text parameter value.</summary>
    private readonly record struct Text(string? Value);

    /// <summary>Runs one write statement with positional parameters ($1, $2 ...); always true (a write that found nothing throws or is an upsert).</summary>
    private static async Task<bool> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        foreach (var v in values)
            command.Parameters.Add(v switch
            {
                Json j => new NpgsqlParameter { Value = j.Value, NpgsqlDbType = NpgsqlDbType.Jsonb },
                Text t => new NpgsqlParameter { Value = (object?)t.Value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
                _ => new NpgsqlParameter { Value = v },
            });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    internal static async Task<IReadOnlyList<T>> QueryAsync<T>(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, Func<NpgsqlDataReader, T> read,
        CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        foreach (var p in parameters) command.Parameters.Add(new() { Value = p });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) rows.Add(read(reader));
        return rows;
    }

    internal static WidgetTemplate ReadTemplate(NpgsqlDataReader r) => new()
    {
        Tenant = r.GetString(0),
        Id = r.GetGuid(1),
        Name = r.GetString(2),
        WidgetType = Enum.Parse<WidgetType>(r.GetString(3)),
        ObjectType = Enum.Parse<ObjectType>(r.GetString(4)),
        Description = r.IsDBNull(5) ? null : r.GetString(5),
        Statistics = MetadataJson.Read<TemplateStatistic[]>(r.GetString(6)),
        UserEdited = r.GetBoolean(7),
        Uscn = r.GetInt64(8),
        Deleted = r.GetBoolean(9),
    };

    private static Layout ReadLayout(NpgsqlDataReader r) => new()
    {
        Tenant = r.GetString(0),
        Id = r.GetGuid(1),
        TemplateId = r.GetGuid(2),
        Name = r.GetString(3),
        Objects = MetadataJson.Read<LayoutObject[]>(r.GetString(4)),
        Options = MetadataJson.Read<Dictionary<string, string>>(r.GetString(5)),
        Active = r.GetBoolean(6),
        Uscn = r.GetInt64(7),
        Deleted = r.GetBoolean(8),
        Owner = r.IsDBNull(9) ? null : r.GetString(9),
    };

    private static Tab ReadTab(NpgsqlDataReader r) => new()
    {
        Tenant = r.GetString(0),
        Id = r.GetGuid(1),
        Owner = r.GetString(2),
        Name = r.GetString(3),
        LayoutIds = r.GetFieldValue<Guid[]>(4),
        Uscn = r.GetInt64(5),
        Deleted = r.GetBoolean(6),
        Shared = r.GetBoolean(7),
    };

    private static UserPreferences ReadPreferences(NpgsqlDataReader r) => new()
    {
        Tenant = r.GetString(0),
        User = r.GetString(1),
        Values = MetadataJson.Read<Dictionary<string, string>>(r.GetString(2)),
        Uscn = r.GetInt64(3),
        Deleted = r.GetBoolean(4),
    };
}
