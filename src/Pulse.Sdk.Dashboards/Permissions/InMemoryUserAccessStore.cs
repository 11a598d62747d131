namespace Pulse.Sdk.Permissions;

/// <summary>An <see cref="IUserAccessStore"/> in process memory, for a single-process host and tests; nothing survives the process.</summary>
public sealed class InMemoryUserAccessStore : IUserAccessStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Tenant, string User), UserAccess> _items = [];
    private long _version;

    /// <inheritdoc />
    public event EventHandler? Changed;

    /// <inheritdoc />
    public Task<long> GetVersionAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate) return Task.FromResult(_version);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<UserAccess>> GetAllAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate) return Task.FromResult<IReadOnlyList<UserAccess>>([.. _items.Values]);
    }

    /// <inheritdoc />
    public Task<UserAccess?> GetAsync(string tenant, string user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(user);
        lock (_gate) return Task.FromResult(_items.GetValueOrDefault((tenant, user)));
    }

    /// <inheritdoc />
    public Task<UserAccess> SaveAsync(UserAccess access, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentException.ThrowIfNullOrEmpty(access.Tenant);
        ArgumentException.ThrowIfNullOrEmpty(access.User);
        UserAccess saved;
        lock (_gate) _items[(access.Tenant, access.User)] = saved = access with { Version = ++_version };
        Changed?.Invoke(this, EventArgs.Empty);
        return Task.FromResult(saved);
    }

    /// <inheritdoc />
    public Task<bool> RemoveAsync(string tenant, string user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(user);
        lock (_gate)
        {
            if (!_items.Remove((tenant, user))) return Task.FromResult(false);
            _version++;
        }
        Changed?.Invoke(this, EventArgs.Empty);
        return Task.FromResult(true);
    }
}
