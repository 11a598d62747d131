namespace Pulse.Sdk.Metadata;

/// <summary>
/// Where the Pulse metadata lives: widget templates, layouts (widget definitions), tabs (dashboards) and user
/// preferences, each stamped with its tenant's change sequence number (<c>uscn</c>).
/// </summary>
/// <remarks>
/// Every call names the tenant and never reads, changes or deletes an id of another tenant. Each write takes
/// the tenant's next uscn, and writes become visible in uscn order, so a reader that asks for what changed
/// after the uscn it last saw misses nothing. Deletions leave tombstones (<c>Deleted</c> true) that
/// <see cref="GetChangesAsync"/> returns; saving a deleted id brings it back. Implementations are thread-safe.
/// PostgreSQL: <c>Pulse.Sdk.Postgres.Metadata.PulseMetadataStore</c>; in memory: <see cref="InMemoryMetadataStore"/>.
/// </remarks>
public interface IMetadataStore
{
    /// <summary>The tenant's latest change sequence number: 0 before its first write.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<long> GetUscnAsync(string tenant, CancellationToken cancellationToken = default);

    /// <summary>Everything of the tenant written after <paramref name="sinceUscn"/> (0 for everything), tombstones included, read as one snapshot.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="sinceUscn">The <see cref="MetadataChanges.Uscn"/> of the previous read, or 0.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<MetadataChanges> GetChangesAsync(string tenant, long sinceUscn, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces a template (by tenant and id); returns it with its new uscn.</summary>
    /// <param name="template">The template; its <c>Uscn</c> and <c>Deleted</c> are ignored.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "A widget template is what the parameter is; renaming it would break callers that name their arguments.")]
    Task<WidgetTemplate> SaveTemplateAsync(WidgetTemplate template, CancellationToken cancellationToken = default);

    /// <summary>A template of the tenant, or null when there is none (or it was deleted).</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="id">The template id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<WidgetTemplate?> GetTemplateAsync(string tenant, Guid id, CancellationToken cancellationToken = default);

    /// <summary>The tenant's templates (not the deleted ones), by name.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<IReadOnlyList<WidgetTemplate>> GetTemplatesAsync(string tenant, CancellationToken cancellationToken = default);

    /// <summary>Deletes a template (leaves a tombstone); false when the tenant has no such template.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="id">The template id.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task<bool> DeleteTemplateAsync(string tenant, Guid id, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces a layout (by tenant and id); returns it with its new uscn.</summary>
    /// <param name="layout">The layout; its <c>Uscn</c> and <c>Deleted</c> are ignored.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task<Layout> SaveLayoutAsync(Layout layout, CancellationToken cancellationToken = default);

    /// <summary>A layout of the tenant, or null when there is none (or it was deleted).</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="id">The layout id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<Layout?> GetLayoutAsync(string tenant, Guid id, CancellationToken cancellationToken = default);

    /// <summary>The tenant's layouts (not the deleted ones), by id.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="activeOnly">Only the active ones (those whose statistics the DCU collects).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<IReadOnlyList<Layout>> GetLayoutsAsync(string tenant, bool activeOnly = false, CancellationToken cancellationToken = default);

    /// <summary>Deletes a layout (leaves a tombstone); false when the tenant has no such layout.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="id">The layout id.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task<bool> DeleteLayoutAsync(string tenant, Guid id, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces a tab (by tenant and id); returns it with its new uscn.</summary>
    /// <param name="tab">The tab; its <c>Uscn</c> and <c>Deleted</c> are ignored.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task<Tab> SaveTabAsync(Tab tab, CancellationToken cancellationToken = default);

    /// <summary>A tab of the tenant, or null when there is none (or it was deleted).</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="id">The tab id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<Tab?> GetTabAsync(string tenant, Guid id, CancellationToken cancellationToken = default);

    /// <summary>The tabs of one user of the tenant (not the deleted ones), by name.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="owner">The user.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<IReadOnlyList<Tab>> GetTabsAsync(string tenant, string owner, CancellationToken cancellationToken = default);

    /// <summary>Deletes a tab (leaves a tombstone); false when the tenant has no such tab.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="id">The tab id.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task<bool> DeleteTabAsync(string tenant, Guid id, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces the preferences of a user; returns them with their new uscn.</summary>
    /// <param name="preferences">The preferences; their <c>Uscn</c> and <c>Deleted</c> are ignored.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task<UserPreferences> SavePreferencesAsync(UserPreferences preferences, CancellationToken cancellationToken = default);

    /// <summary>The preferences of a user of the tenant, or null when there are none.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="user">The user.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<UserPreferences?> GetPreferencesAsync(string tenant, string user, CancellationToken cancellationToken = default);

    /// <summary>Deletes the preferences of a user (leaves a tombstone); false when there are none.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="user">The user.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task<bool> DeletePreferencesAsync(string tenant, string user, CancellationToken cancellationToken = default);
}
