using Pulse.Sdk.Configuration;

namespace Pulse.Sdk.Permissions;

/// <summary>
/// An <see cref="IPermissionEvaluator"/> that computes every user's permissions in process, from an
/// <see cref="IConfigurationProvider"/>, with a <see cref="PermissionCalculator"/>, and computes them again
/// whenever the configuration changes. For a single-process deployment, tests, and the permissions role
/// itself; Pulse replicas in a cluster read what the role stored instead (the Redis adapter's evaluator).
/// </summary>
public sealed class ConfigurationPermissionEvaluator : IPermissionEvaluator, IDisposable
{
    private readonly IConfigurationProvider _provider;
    private readonly PermissionCalculator _calculator;
    private readonly Lock _gate = new();
    private IReadOnlyDictionary<string, IReadOnlyDictionary<string, UserPermissions>> _current;
    private ConfigurationException? _lastError;
    private long _generation;
    private bool _disposed;

    /// <summary>Computes the permissions of the provider's current configuration now and follows its changes.</summary>
    /// <param name="provider">The configuration; the caller's (it is not disposed here).</param>
    /// <param name="options">The caps; the defaults of <see cref="PermissionOptions"/> when null.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="ConfigurationException">The current configuration names an unknown privilege.</exception>
    public ConfigurationPermissionEvaluator(IConfigurationProvider provider, PermissionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(provider);
        _provider = provider;
        _calculator = new PermissionCalculator(options);
        // Subscribe first, so a change between reading Current and subscribing is not missed.
        _provider.Changed += OnChanged;
        try
        {
            _current = _calculator.ComputeAll(provider.Current);
            _generation = 1;
        }
        catch
        {
            _provider.Changed -= OnChanged;
            throw;
        }
    }

    /// <summary>Grows by one each time the permissions are computed again successfully (1 after the constructor).</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>The error of the latest recomputation, or null when it succeeded. After an error the previous permissions stay in effect.</summary>
    public ConfigurationException? LastError => Volatile.Read(ref _lastError);

    /// <summary>Called when a changed configuration cannot be evaluated (an unknown privilege); the previous permissions stay in effect.</summary>
    public Action<ConfigurationException>? OnError { get; set; }

    /// <inheritdoc />
    public ValueTask<UserPermissions?> GetAsync(string tenant, string user, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Get(tenant, user));

    /// <summary>The permissions of <paramref name="user"/> in <paramref name="tenant"/>; null when the tenant has no such user.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="user">The user id.</param>
    public UserPermissions? Get(string tenant, string user)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(user);
        var current = Volatile.Read(ref _current);
        return current.TryGetValue(tenant, out var users) && users.TryGetValue(user, out var p) ? p : null;
    }

    /// <summary>Stops following the configuration; the last permissions stay readable.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
        }
        _provider.Changed -= OnChanged;
    }

    private void OnChanged(PulseConfiguration _)
    {
        lock (_gate)
        {
            if (_disposed) return;
            try
            {
                // Current, not the argument: when changes race, the latest configuration wins.
                Volatile.Write(ref _current, _calculator.ComputeAll(_provider.Current));
                Volatile.Write(ref _lastError, null);
                Interlocked.Increment(ref _generation);
            }
            catch (ConfigurationException e)
            {
                Volatile.Write(ref _lastError, e);
                OnError?.Invoke(e);
            }
        }
    }
}
