using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Permissions;

namespace Pulse.Sdk.Permissions;

/// <summary>
/// The permissions role of the Pulse topology (docs/architecture.md, "The topology as it runs"): it computes every
/// user's permissions from the configuration and the access assigned in Pulse (an <see cref="IUserAccessStore"/>,
/// PostgreSQL in production; <see cref="PermissionCalculator"/>) and keeps them in an <see cref="IPermissionStore"/>
/// (Redis in production) when it starts, at every configuration change, when the assigned access changes (its version
/// is read every <see cref="PermissionsRoleOptions.AccessPollInterval"/>), and every
/// <see cref="PermissionsRoleOptions.RefreshInterval"/>. Tenants whose permissions did not change are not rewritten;
/// tenants that left the configuration are removed. When the store fails it tries again after
/// <see cref="PermissionsRoleOptions.RetryDelay"/>; when the configuration names an unknown privilege it logs the
/// error and leaves what is stored as it was.
/// </summary>
public sealed class PermissionsRole : BackgroundService
{
    private static readonly KeyValuePair<string, object?> Ok = new("result", "ok");
    private static readonly KeyValuePair<string, object?> Invalid = new("result", "invalid");
    private static readonly KeyValuePair<string, object?> Failed = new("result", "error");
    private static readonly KeyValuePair<string, object?> Write = new("kind", "write");
    private static readonly KeyValuePair<string, object?> Delete = new("kind", "delete");
    private readonly IPulseConfigurationProvider _provider;
    private readonly IPermissionStore _store;
    private readonly IUserAccessStore? _access;
    private readonly TimeSpan _accessPollInterval;
    private long _accessVersion = -1;
    private readonly PermissionCalculator _calculator;
    private readonly TimeSpan _refreshInterval;
    private readonly TimeSpan _retryDelay;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PermissionsRoleMetrics _metrics;
    private readonly SemaphoreSlim _syncGate = new(1, 1);
    private readonly SemaphoreSlim _changed = new(0, 1);
    private Exception? _lastError;
    private long _syncs;

    /// <summary>A role that writes the permissions of <paramref name="provider"/>'s configuration to <paramref name="store"/>.</summary>
    /// <param name="provider">The configuration; the caller's.</param>
    /// <param name="store">Where the permissions go; the caller's.</param>
    /// <param name="permissionOptions">The caps; the defaults when null.</param>
    /// <param name="options">Refresh and retry intervals; the defaults when null.</param>
    /// <param name="timeProvider">The clock of the intervals; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">Where errors go; none when null.</param>
    /// <param name="access">The access assigned in Pulse; the configuration's only when null.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public PermissionsRole(IPulseConfigurationProvider provider, IPermissionStore store, PermissionOptions? permissionOptions = null,
        PermissionsRoleOptions? options = null, TimeProvider? timeProvider = null, ILogger<PermissionsRole>? logger = null,
        IUserAccessStore? access = null)
        // Built without a container there is no IMeterFactory: the process-wide instruments.
        : this(provider, store, permissionOptions, options, timeProvider, logger, access, PermissionsRoleMetrics.Shared)
    {
    }

    /// <summary>The container's role, counting on the host's meter (<c>AddPermissionsRole</c>).</summary>
    internal PermissionsRole(IPulseConfigurationProvider provider, IPermissionStore store, PermissionOptions? permissionOptions,
        PermissionsRoleOptions? options, TimeProvider? timeProvider, ILogger<PermissionsRole>? logger, IUserAccessStore? access,
        PermissionsRoleMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(store);
        options ??= new PermissionsRoleOptions();
        var errors = options.Validate();
        if (errors.Count > 0) throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        _provider = provider;
        _store = store;
        _calculator = new PermissionCalculator(permissionOptions);
        _refreshInterval = options.RefreshInterval;
        _retryDelay = options.RetryDelay;
        _access = access;
        _accessPollInterval = options.AccessPollInterval;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _metrics = metrics;
    }

    /// <summary>The error of the latest pass (a <see cref="ConfigurationException"/> or a failure of the store); null when it succeeded.</summary>
    public Exception? LastError => Volatile.Read(ref _lastError);

    /// <summary>Number of passes that succeeded.</summary>
    public long Syncs => Interlocked.Read(ref _syncs);

    /// <summary>
    /// One pass: computes the permissions of the current configuration and writes the tenants that changed, removes
    /// the tenants that left. Passes never overlap. The running role calls it; a job or a test may call it too.
    /// </summary>
    /// <param name="cancellationToken">Cancels waiting for a pass in progress.</param>
    /// <returns>Number of tenants written or removed.</returns>
    /// <exception cref="ConfigurationException">The configuration names an unknown privilege (nothing is written).</exception>
    /// <exception cref="Exception">The store failed (what was written stays; the next pass completes it).</exception>
    public async Task<int> SyncAsync(CancellationToken cancellationToken = default)
    {
        await _syncGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            IReadOnlyList<UserAccess>? assigned = null;
            List<string>? rejected = null;
            long version = 0;
            if (_access is not null)
            {
                // The version first: a write after it is seen by the next poll, never lost between the two reads.
                version = await _access.GetVersionAsync(cancellationToken).ConfigureAwait(false);
                assigned = await _access.GetAllAsync(cancellationToken).ConfigureAwait(false);
                rejected = [];
            }
            var all = _calculator.ComputeAll(_provider.Current, assigned, rejected);
            foreach (var problem in rejected ?? []) PermissionsLog.AccessRejected(_logger, problem);
            var changed = 0;
            foreach (var (tenant, users) in all)
            {
                if (await _store.WriteTenantAsync(tenant, users.Values.ToList(), cancellationToken).ConfigureAwait(false))
                {
                    changed++;
                    _metrics.TenantWrites.Add(1, Write);
                }
            }
            foreach (var gone in await _store.GetTenantsAsync(cancellationToken).ConfigureAwait(false))
            {
                if (all.ContainsKey(gone)) continue;
                await _store.DeleteTenantAsync(gone, cancellationToken).ConfigureAwait(false);
                changed++;
                _metrics.TenantWrites.Add(1, Delete);
            }
            if (_access is not null) Interlocked.Exchange(ref _accessVersion, version);
            Interlocked.Increment(ref _syncs);
            return changed;
        }
        finally
        {
            _syncGate.Release();
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _provider.Changed += OnChanged;
        var poll = _access is null ? Task.CompletedTask : PollAccessAsync(_access, stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var wait = _refreshInterval;
                try
                {
                    var changed = await SyncAsync(stoppingToken).ConfigureAwait(false);
                    Volatile.Write(ref _lastError, null);
                    _metrics.Syncs.Add(1, Ok);
                    if (changed > 0) PermissionsLog.Written(_logger, changed);
                }
                catch (ConfigurationException e)
                {
                    // Waiting for the next change: retrying the same configuration gives the same error.
                    Volatile.Write(ref _lastError, e);
                    _metrics.Syncs.Add(1, Invalid);
                    PermissionsLog.ConfigurationInvalid(_logger, e);
                }
#pragma warning disable CA1031 // Whatever the store throws (Redis down, a timeout), the role tries again: it must not stop.
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
                {
                    Volatile.Write(ref _lastError, e);
                    _metrics.Syncs.Add(1, Failed);
                    PermissionsLog.PassFailed(_logger, e, _retryDelay);
                    wait = _retryDelay;
                }
                await WaitForChangeAsync(wait, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            _provider.Changed -= OnChanged;
            await poll.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Wakes the role when the assigned access changed in another process (a Pulse replica wrote it).</summary>
    private async Task PollAccessAsync(IUserAccessStore access, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_accessPollInterval, _time, stoppingToken).ConfigureAwait(false);
                var version = await access.GetVersionAsync(stoppingToken).ConfigureAwait(false);
                if (version != Interlocked.Read(ref _accessVersion)) OnChanged(_provider.Current);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // the store is down: the sync reports it; polling goes on
            catch (Exception e)
#pragma warning restore CA1031
            {
                PermissionsLog.VersionReadFailed(_logger, e);
            }
        }
    }

    private async Task WaitForChangeAsync(TimeSpan timeout, CancellationToken stoppingToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var changed = _changed.WaitAsync(cts.Token);
        var elapsed = Task.Delay(timeout, _time, cts.Token);
        await Task.WhenAny(changed, elapsed).ConfigureAwait(false);
        await cts.CancelAsync().ConfigureAwait(false);
        stoppingToken.ThrowIfCancellationRequested();
    }

    private void OnChanged(PulseConfiguration _)
    {
        // One pending signal is enough: the pass reads the configuration as it is then.
        try
        {
            _changed.Release();
        }
        catch (Exception e) when (e is SemaphoreFullException or ObjectDisposedException)
        {
            // Already signalled, or the role is gone.
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _syncGate.Dispose();
        _changed.Dispose();
        base.Dispose();
    }
}
