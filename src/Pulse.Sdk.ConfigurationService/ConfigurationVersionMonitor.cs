using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Pulse.Sdk.Postgres.Migrations;

namespace Pulse.Sdk.ConfigurationService;

/// <summary>
/// Keeps the newest version in memory (<see cref="Current"/>) and wakes the long polls waiting for it: it listens on the
/// <c>pulse_config</c> channel on a connection of its own, re-reads the store after each notification, after each
/// (re)connection (notifications sent while it was lost are not replayed) and every
/// <see cref="ConfigurationServiceOptions.PollInterval"/>. A write through this replica publishes at once, before its
/// notification comes back. Reads are served from memory, so they go on (the version last seen) while PostgreSQL is down.
/// </summary>
internal sealed class ConfigurationVersionMonitor : BackgroundService, IHealthCheck
{
    private readonly ConfigurationStore _store;
    private readonly NpgsqlDataSource _dataSource;
    private readonly ConfigurationServiceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConfigurationServiceMetrics _metrics;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private TaskCompletionSource _next = NewSignal();
    private ServedConfiguration? _current;
    private volatile bool _loaded;
    private volatile bool _listening;
    private volatile bool _notified;
    private long _waiting;

    public ConfigurationVersionMonitor(ConfigurationServiceDataSource dataSource, ConfigurationStore store, IOptions<ConfigurationServiceOptions> options,
        TimeProvider time, ILogger<ConfigurationVersionMonitor> logger, ConfigurationServiceMetrics metrics)
    {
        _metrics = metrics;
        _dataSource = dataSource.DataSource;
        _store = store;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>The newest version seen; null before the first read or while the store is empty.</summary>
    public ServedConfiguration? Current => Volatile.Read(ref _current);

    /// <summary>Whether the store has been read at least once (an empty store is read too).</summary>
    public bool Loaded => _loaded;

    /// <summary>Long polls waiting now.</summary>
    public long Waiting => Interlocked.Read(ref _waiting);

    /// <summary>Completes with the first version newer than <paramref name="after"/>, or null when <paramref name="wait"/> passes first.</summary>
    public async Task<ServedConfiguration?> WaitForNewerAsync(long after, TimeSpan wait, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            return await WaitAsync(after, wait, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    private async Task<ServedConfiguration?> WaitAsync(long after, TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = _time.GetTimestamp() + (long)(wait.TotalSeconds * _time.TimestampFrequency);
        while (true)
        {
            Task signal;
            lock (_gate) signal = _next.Task;
            if (Current is { } current && current.Version > after) return current;
            var left = _time.GetElapsedTime(_time.GetTimestamp(), deadline);
            if (left <= TimeSpan.Zero) return null;
            try
            {
                await signal.WaitAsync(left, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return Current is { } late && late.Version > after ? late : null;
            }
        }
    }

    /// <summary>Reads the store and publishes its newest version when it is newer than <see cref="Current"/>.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        // One reader at a time: a burst of notifications gives one read, not one per notification.
        await _refreshGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var newest = await _store.GetLatestVersionAsync(cancellationToken).ConfigureAwait(false);
            if (newest > (Current?.Version ?? 0) && await _store.GetLatestAsync(cancellationToken).ConfigureAwait(false) is { } latest)
                Publish(latest);
            _loaded = true;
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var current = Current;
        string? reason = null;
        if (!_loaded) reason = "the configuration store has not been read yet (PostgreSQL unreachable?)";
        else if (current is null) reason = "the configuration store is empty: seed it (PUT /config/v1/configuration with If-Match: \"0\", or Pulse.Host config --import FILE)";
        else if (!_listening) reason = $"PostgreSQL unreachable: serving version {current.Version} from memory";
        else if (current.Error is not null) reason = $"stored version {current.Version} is not a valid configuration; clients keep their previous one";
        return Task.FromResult(reason is null ? HealthCheckResult.Healthy() : HealthCheckResult.Degraded(reason));
    }

    public override void Dispose()
    {
        base.Dispose();
        _refreshGate.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _metrics.Register(this);
        try
        {
            await ListenAsync(stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            _metrics.Unregister(this);
        }
    }

    private async Task ListenAsync(CancellationToken stop)
    {
        var delay = _options.ReconnectDelay;
        var maxDelay = TimeSpan.FromSeconds(30);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(stop).ConfigureAwait(false);
                connection.Notification += OnNotification;
                await using (var listen = new NpgsqlCommand($"LISTEN {PulseSchema.ConfigurationChannel}", connection))
                    await listen.ExecuteNonQueryAsync(stop).ConfigureAwait(false);
                _listening = true;
                delay = _options.ReconnectDelay;
                await RefreshAsync(stop).ConfigureAwait(false);
                while (!stop.IsCancellationRequested)
                {
                    var woke = await connection.WaitAsync(_options.PollInterval, stop).ConfigureAwait(false);
                    if (!woke || _notified)
                    {
                        _notified = false;
                        await RefreshAsync(stop).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // whatever broke the connection, the monitor reconnects and re-reads
            catch (Exception e)
#pragma warning restore CA1031
            {
                if (_logger.IsEnabled(LogLevel.Warning))
                    ConfigurationServiceLog.ConnectionLost(_logger, e.GetBaseException().Message, Current?.Version ?? 0, delay);
            }
            finally
            {
                _listening = false;
            }
            try { await Task.Delay(delay, _time, stop).ConfigureAwait(false); }
            catch (OperationCanceledException) { break; }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, maxDelay.Ticks));
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        if (e.Channel == PulseSchema.ConfigurationChannel) _notified = true;
    }

    private void Publish(ConfigurationVersion version)
    {
        var served = ServedConfiguration.From(version);
        TaskCompletionSource woken;
        lock (_gate)
        {
            if (_current is { } current && current.Version >= served.Version) return;
            Volatile.Write(ref _current, served);
            woken = _next;
            _next = NewSignal();
        }
        if (served.Error is not null) ConfigurationServiceLog.InvalidVersion(_logger, served.Version, served.Error);
        else ConfigurationServiceLog.Serving(_logger, served.Version, version.Change.Change);
        woken.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
