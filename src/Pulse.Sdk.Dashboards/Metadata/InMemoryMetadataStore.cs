namespace Pulse.Sdk.Metadata;

/// <summary>
/// An <see cref="IMetadataStore"/> held in process memory: for tests, demos and single-process hosts that
/// need no database. Same semantics as the PostgreSQL store (per-tenant uscn, tombstones, tenant isolation);
/// nothing survives the process.
/// </summary>
public sealed class InMemoryMetadataStore : IMetadataStore
{
    // One lock for everything: writes are rare (people editing dashboards) and a single lock makes
    // "visible in uscn order" trivially true.
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TenantData> _tenants = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public Task<long> GetUscnAsync(string tenant, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        lock (_gate) return Task.FromResult(_tenants.TryGetValue(tenant, out var t) ? t.Uscn : 0);
    }

    /// <inheritdoc/>
    public Task<MetadataChanges> GetChangesAsync(string tenant, long sinceUscn, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentOutOfRangeException.ThrowIfNegative(sinceUscn);
        lock (_gate)
        {
            if (!_tenants.TryGetValue(tenant, out var t)) return Task.FromResult(new MetadataChanges(0, [], [], [], []));
            return Task.FromResult(new MetadataChanges(t.Uscn,
                Since(t.Templates.Values, sinceUscn, x => x.Uscn),
                Since(t.Layouts.Values, sinceUscn, x => x.Uscn),
                Since(t.Tabs.Values, sinceUscn, x => x.Uscn),
                Since(t.Preferences.Values, sinceUscn, x => x.Uscn)));
        }
    }

    /// <inheritdoc/>
    public Task<WidgetTemplate> SaveTemplateAsync(WidgetTemplate template, CancellationToken cancellationToken = default)
    {
        MetadataRules.ValidateTemplate(template);
        return Task.FromResult(Save(template.Tenant, t => t.Templates, template.Id, u => template with { Uscn = u, Deleted = false }));
    }

    /// <inheritdoc/>
    public Task<WidgetTemplate?> GetTemplateAsync(string tenant, Guid id, CancellationToken cancellationToken = default) =>
        Task.FromResult(Get(tenant, t => t.Templates, id, x => x.Deleted));

    /// <inheritdoc/>
    public Task<IReadOnlyList<WidgetTemplate>> GetTemplatesAsync(string tenant, CancellationToken cancellationToken = default) =>
        Task.FromResult(List(tenant, t => t.Templates, x => !x.Deleted, q => q.OrderBy(x => x.Name, StringComparer.Ordinal).ThenBy(x => x.Id)));

    /// <inheritdoc/>
    public Task<bool> DeleteTemplateAsync(string tenant, Guid id, CancellationToken cancellationToken = default) =>
        Task.FromResult(Delete(tenant, t => t.Templates, id, x => x.Deleted, (x, u) => x with { Deleted = true, Uscn = u }));

    /// <inheritdoc/>
    public Task<Layout> SaveLayoutAsync(Layout layout, CancellationToken cancellationToken = default)
    {
        MetadataRules.ValidateLayout(layout);
        return Task.FromResult(Save(layout.Tenant, t => t.Layouts, layout.Id, u => layout with { Name = layout.Name ?? "", Uscn = u, Deleted = false }));
    }

    /// <inheritdoc/>
    public Task<Layout?> GetLayoutAsync(string tenant, Guid id, CancellationToken cancellationToken = default) =>
        Task.FromResult(Get(tenant, t => t.Layouts, id, x => x.Deleted));

    /// <inheritdoc/>
    public Task<IReadOnlyList<Layout>> GetLayoutsAsync(string tenant, bool activeOnly = false, CancellationToken cancellationToken = default) =>
        Task.FromResult(List(tenant, t => t.Layouts, x => !x.Deleted && (x.Active || !activeOnly), q => q.OrderBy(x => x.Id)));

    /// <inheritdoc/>
    public Task<bool> DeleteLayoutAsync(string tenant, Guid id, CancellationToken cancellationToken = default) =>
        Task.FromResult(Delete(tenant, t => t.Layouts, id, x => x.Deleted, (x, u) => x with { Deleted = true, Uscn = u }));

    /// <inheritdoc/>
    public Task<Tab> SaveTabAsync(Tab tab, CancellationToken cancellationToken = default)
    {
        MetadataRules.ValidateTab(tab);
        return Task.FromResult(Save(tab.Tenant, t => t.Tabs, tab.Id, u => tab with { Name = tab.Name ?? "", LayoutIds = [.. tab.LayoutIds], Uscn = u, Deleted = false }));
    }

    /// <inheritdoc/>
    public Task<Tab?> GetTabAsync(string tenant, Guid id, CancellationToken cancellationToken = default) =>
        Task.FromResult(Get(tenant, t => t.Tabs, id, x => x.Deleted));

    /// <inheritdoc/>
    public Task<IReadOnlyList<Tab>> GetTabsAsync(string tenant, string owner, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        return Task.FromResult(List(tenant, t => t.Tabs, x => !x.Deleted && x.Owner == owner, q => q.OrderBy(x => x.Name, StringComparer.Ordinal).ThenBy(x => x.Id)));
    }

    /// <inheritdoc/>
    public Task<bool> DeleteTabAsync(string tenant, Guid id, CancellationToken cancellationToken = default) =>
        Task.FromResult(Delete(tenant, t => t.Tabs, id, x => x.Deleted, (x, u) => x with { Deleted = true, Uscn = u }));

    /// <inheritdoc/>
    public Task<UserPreferences> SavePreferencesAsync(UserPreferences preferences, CancellationToken cancellationToken = default)
    {
        MetadataRules.ValidatePreferences(preferences);
        return Task.FromResult(Save(preferences.Tenant, t => t.Preferences, preferences.User,
            u => preferences with { Values = new Dictionary<string, string>(preferences.Values), Uscn = u, Deleted = false }));
    }

    /// <inheritdoc/>
    public Task<UserPreferences?> GetPreferencesAsync(string tenant, string user, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        return Task.FromResult(Get(tenant, t => t.Preferences, user, x => x.Deleted));
    }

    /// <inheritdoc/>
    public Task<bool> DeletePreferencesAsync(string tenant, string user, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        return Task.FromResult(Delete(tenant, t => t.Preferences, user, x => x.Deleted, (x, u) => x with { Deleted = true, Uscn = u }));
    }

    private T Save<TKey, T>(string tenant, Func<TenantData, Dictionary<TKey, T>> table, TKey key, Func<long, T> stamped)
        where TKey : notnull
    {
        lock (_gate)
        {
            var t = Tenant(tenant);
            var row = stamped(++t.Uscn);
            table(t)[key] = row;
            return row;
        }
    }

    private T? Get<TKey, T>(string tenant, Func<TenantData, Dictionary<TKey, T>> table, TKey key, Func<T, bool> deleted)
        where TKey : notnull where T : class
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        lock (_gate)
            return _tenants.TryGetValue(tenant, out var t) && table(t).TryGetValue(key, out var row) && !deleted(row) ? row : null;
    }

    private IReadOnlyList<T> List<TKey, T>(string tenant, Func<TenantData, Dictionary<TKey, T>> table, Func<T, bool> keep, Func<IEnumerable<T>, IEnumerable<T>> order)
        where TKey : notnull
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        lock (_gate)
            return _tenants.TryGetValue(tenant, out var t) ? [.. order(table(t).Values.Where(keep))] : [];
    }

    private bool Delete<TKey, T>(string tenant, Func<TenantData, Dictionary<TKey, T>> table, TKey key, Func<T, bool> deleted, Func<T, long, T> tombstone)
        where TKey : notnull
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        lock (_gate)
        {
            if (!_tenants.TryGetValue(tenant, out var t) || !table(t).TryGetValue(key, out var row) || deleted(row)) return false;
            table(t)[key] = tombstone(row, ++t.Uscn);
            return true;
        }
    }

    private static List<T> Since<T>(IEnumerable<T> rows, long sinceUscn, Func<T, long> uscn) =>
        [.. rows.Where(r => uscn(r) > sinceUscn).OrderBy(uscn)];

    private TenantData Tenant(string tenant)
    {
        if (!_tenants.TryGetValue(tenant, out var t)) _tenants[tenant] = t = new TenantData();
        return t;
    }

    private sealed class TenantData
    {
        public long Uscn;
        public readonly Dictionary<Guid, WidgetTemplate> Templates = [];
        public readonly Dictionary<Guid, Layout> Layouts = [];
        public readonly Dictionary<Guid, Tab> Tabs = [];
        public readonly Dictionary<string, UserPreferences> Preferences = new(StringComparer.Ordinal);
    }
}
