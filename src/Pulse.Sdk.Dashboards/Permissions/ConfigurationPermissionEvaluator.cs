using Pulse.Sdk.Configuration;

namespace Pulse.Sdk.Permissions;

/// <summary>
/// An <see cref="IPermissionEvaluator"/> that computes every user's permissions in process, from an
/// <see cref="IPulseConfigurationProvider"/> and, when given one, the access assigned in Pulse (an
/// <see cref="IUserAccessStore"/>), with a <see cref="PermissionCalculator"/>, and computes them again whenever either
/// changes. For a single-process deployment and tests; Pulse replicas in a cluster read what the permissions role
/// stored instead (the Redis adapter's evaluator), since this one sees only the writes made through its own store.
/// </summary>
public sealed class ConfigurationPermissionEvaluator : IPermissionEvaluator, IDisposable
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, UserPermissions>> Nobody =
        new Dictionary<string, IReadOnlyDictionary<string, UserPermissions>>();
    private readonly IPulseConfigurationProvider _provider;
    private readonly IUserAccessStore? _store;
    private readonly PermissionCalculator _calculator;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReadOnlyDictionary<string, IReadOnlyDictionary<string, UserPermissions>> _current;
    private Exception? _lastError;
    private IReadOnlyList<string> _rejected = [];
    private long _generation;
    private volatile bool _disposed;

    /// <summary>Computes the permissions of the provider's current configuration now and follows its changes.</summary>
    /// <param name="provider">The configuration; the caller's (it is not disposed here).</param>
    /// <param name="options">The caps; the defaults of <see cref="PermissionOptions"/> when null.</param>
    /// <param name="store">
    /// The access assigned in Pulse; none when null. Until it has been read once, nobody has any permission (a
    /// narrowed access must not be wide for a moment); a failed read is tried again at the next request.
    /// </param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="ConfigurationException">The current configuration names an unknown privilege.</exception>
    public ConfigurationPermissionEvaluator(IPulseConfigurationProvider provider, PermissionOptions? options = null, IUserAccessStore? store = null)
    {
        ArgumentNullException.ThrowIfNull(provider);
        _provider = provider;
        _store = store;
        _calculator = new PermissionCalculator(options);
        // Subscribe first, so a change between reading Current and subscribing is not missed.
        _provider.Changed += OnConfigurationChanged;
        try
        {
            var fromConfiguration = _calculator.ComputeAll(provider.Current); // throws on a bad configuration
            _current = store is null ? fromConfiguration : Nobody;
            if (store is null) _generation = 1;
        }
        catch
        {
            _provider.Changed -= OnConfigurationChanged;
            throw;
        }
        if (store is not null)
        {
            store.Changed += OnStoreChanged;
            _ = RefreshAsync();
        }
    }

    /// <summary>Grows by one each time the permissions are computed again successfully (1 after the first computation).</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>The error of the latest recomputation (a <see cref="ConfigurationException"/> or a failure of the store), or null when it succeeded. After an error the previous permissions stay in effect.</summary>
    public Exception? LastError => Volatile.Read(ref _lastError);

    /// <summary>The problems of the assignments the latest computation did not apply (those users get nothing); empty when all applied.</summary>
    public IReadOnlyList<string> RejectedAssignments => Volatile.Read(ref _rejected);

    /// <summary>Called when a changed configuration cannot be evaluated (an unknown privilege) or the store fails; the previous permissions stay in effect.</summary>
    public Action<Exception>? OnError { get; set; }

    /// <inheritdoc />
    public async ValueTask<UserPermissions?> GetAsync(string tenant, string user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(user);
        if (Generation == 0) await RefreshAsync(cancellationToken).ConfigureAwait(false);
        return Get(tenant, user);
    }

    /// <summary>The permissions of <paramref name="user"/> in <paramref name="tenant"/> as last computed; null when the tenant has no such user (or the store was never read).</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="user">The user id.</param>
    public UserPermissions? Get(string tenant, string user)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(user);
        var current = Volatile.Read(ref _current);
        return current.TryGetValue(tenant, out var users) && users.TryGetValue(user, out var p) ? p : null;
    }

    /// <summary>Stops following the configuration and the store; the last permissions stay readable.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _provider.Changed -= OnConfigurationChanged;
        if (_store is not null) _store.Changed -= OnStoreChanged;
    }

    private void OnConfigurationChanged(PulseConfiguration _) => Recompute();

    private void OnStoreChanged(object? sender, EventArgs e) => Recompute();

    private void Recompute()
    {
        if (_disposed) return;
        if (_store is null) RefreshAsync().GetAwaiter().GetResult(); // nothing to wait for: keeps the change visible on return
        else _ = RefreshAsync();
    }

    private async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_disposed) return;
            IReadOnlyList<UserAccess>? assigned = null;
            List<string>? rejected = null;
            if (_store is not null)
            {
                assigned = await _store.GetAllAsync(cancellationToken).ConfigureAwait(false);
                rejected = [];
            }
            // Current, not a change's argument: when changes race, the latest configuration wins.
            Volatile.Write(ref _current, _calculator.ComputeAll(_provider.Current, assigned, rejected));
            Volatile.Write(ref _rejected, (IReadOnlyList<string>?)rejected ?? []);
            Volatile.Write(ref _lastError, null);
            Interlocked.Increment(ref _generation);
        }
#pragma warning disable CA1031 // a bad configuration or a failing store keeps the previous permissions; the next change tries again
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            Volatile.Write(ref _lastError, e);
            OnError?.Invoke(e);
        }
        finally
        {
            _gate.Release();
        }
    }
}
