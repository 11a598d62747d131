using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Pulse.Sdk.Postgres.Diagnostics;

/// <summary>
/// Reports whether the metadata database answers, for <c>/health/detail</c>: a <c>SELECT 1</c> with a short timeout,
/// at most once per <see cref="CacheFor"/> (health probes come often). Unreachable is <see cref="HealthStatus.Degraded"/>,
/// not unhealthy: a replica without PostgreSQL cannot change dashboards but still pushes values to the wallboards it
/// serves, so a load balancer should keep it.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The gate's wait handle is never created (no AvailableWaitHandle), so disposing it would free nothing.")]
public sealed class PostgresMetadataHealth : IHealthCheck
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private HealthCheckResult? _last;
    private long _lastAt;

    /// <summary>A health source over <paramref name="dataSource"/> (the caller's: never disposed here).</summary>
    public PostgresMetadataHealth(NpgsqlDataSource dataSource, TimeProvider? timeProvider = null)
    {
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>How long one answer is reused. 1 s.</summary>
    public static TimeSpan CacheFor { get; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the probe waits for the server. 2 s.</summary>
    public static TimeSpan ProbeTimeout { get; } = TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_last is { } last && _time.GetElapsedTime(_lastAt) < CacheFor) return last;
            var probed = await ProbeAsync(cancellationToken).ConfigureAwait(false);
            (_last, _lastAt) = (probed, _time.GetTimestamp());
            return probed;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<HealthCheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            await using var command = _dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            // The message names the server and the failure, never the connection string (it may hold a password).
            var why = e is OperationCanceledException ? $"no answer within {ProbeTimeout.TotalSeconds:0} s" : e.Message;
            return HealthCheckResult.Degraded($"PostgreSQL metadata store: cannot reach the server ({why}); dashboards cannot be read or changed until it answers");
        }
    }
}
