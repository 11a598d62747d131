using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Hosting;

namespace Pulse.Sdk.Redis.Partitions;

/// <summary>
/// Keeps a process's partition leases (docs/architecture.md, "DCU partitions"): renews them, and follows the number of
/// processes in Redis. When a process is added, each partition it takes over is handed over here: the unit stops it and
/// stores its last checkpoint (<see cref="PulseHostedService.RetirePartitionAsync"/>), then the lease is given up and the
/// new process, waiting for it, restores that checkpoint. A lease found lost (this process stalled longer than its time to
/// live and another took the partition) stops the partition without writing its checkpoint, which is the other's now.
/// </summary>
public sealed partial class PartitionMembershipService(PartitionMembership membership, PulseHostedService unit, ILogger<PartitionMembershipService> logger,
    TimeProvider? timeProvider = null) : IHostedService, IHealthCheck, IDisposable
{
    private volatile string? _problem;
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly CancellationTokenSource _stopping = new();
    private readonly HashSet<int> _held = [.. membership.Owned];
    private Task _loop = Task.CompletedTask;

    /// <summary>The partitions this process still runs.</summary>
    public IReadOnlyList<int> Held
    {
        get
        {
            lock (_held) return [.. _held.Order()];
        }
    }

    /// <summary>How often the leases are renewed and the number of processes read: a third of the leases' time to live.</summary>
    public TimeSpan Interval => membership.Leases.TimeToLive / 3;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogJoined(logger, membership.Holder, membership.Replicas, membership.Count, membership.Owned);
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try { await TickAsync(cancellationToken).ConfigureAwait(false); }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Redis down: the leases run out only after their time to live; the next tick tries again.
                    LogTickFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One round: hand over what a larger number of processes moves away, renew the rest.</summary>
    internal async Task TickAsync(CancellationToken cancellationToken)
    {
        var leases = membership.Leases;
        var replicas = await leases.ReplicasAsync().ConfigureAwait(false) ?? membership.Replicas;
        if (replicas > membership.Ordinal)
        {
            var keep = ObjectPartitioning.OwnedBy(membership.Ordinal, replicas, membership.Count);
            foreach (var p in Held.Where(p => !keep.Contains(p)))
            {
                var saved = await unit.RetirePartitionAsync(p, cancellationToken: cancellationToken).ConfigureAwait(false);
                await leases.ReleaseAsync(p, membership.Holder).ConfigureAwait(false);
                lock (_held) _held.Remove(p);
                RedisMetrics.PartitionHandovers.Add(1, new KeyValuePair<string, object?>("outcome", saved ? "handed_over" : "handed_over_without_checkpoint"));
                LogHandedOver(logger, p, replicas);
            }
            var gained = keep.Where(p => !membership.Owned.Contains(p)).ToList();
            if (gained.Count > 0)
            {
                LogRestartToTakeOver(logger, replicas, string.Join(", ", gained));
                _problem = $"with {replicas} DCU processes this one would also run partitions {string.Join(", ", gained)}: restart it to take them over";
            }
        }
        foreach (var p in Held)
        {
            if (await leases.RenewAsync(p, membership.Holder).ConfigureAwait(false)) continue;
            await unit.RetirePartitionAsync(p, store: false, cancellationToken).ConfigureAwait(false);
            lock (_held) _held.Remove(p);
            RedisMetrics.PartitionHandovers.Add(1, new KeyValuePair<string, object?>("outcome", "lease_lost"));
            var holder = await leases.HolderAsync(p).ConfigureAwait(false) ?? "nobody";
            LogLeaseLost(logger, p, holder);
            _problem = $"the lease of partition {p} was lost to {holder} (this process stalled longer than {leases.TimeToLive.TotalSeconds:0} s); it runs partitions {string.Join(", ", Held)} now: restart it to take its share again";
        }
    }

    /// <summary>The DCU's part of <c>/health/detail</c>: degraded when a lease was lost or a restart would take partitions over.</summary>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_problem is { } p ? HealthCheckResult.Degraded(p) : HealthCheckResult.Healthy());

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        // The leases are kept on a clean stop: the unit stores its last checkpoints after this service has stopped (the
        // host stops services in reverse order), and a restart with the same ordinal takes them back at once.
    }

    /// <inheritdoc />
    public void Dispose() => _stopping.Dispose();

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Pulse partitions: {Holder} of {Replicas} processes runs partitions {Owned} of {Count}")]
    private static partial void LogJoined(ILogger logger, string holder, int replicas, int count, IEnumerable<int> owned);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Pulse partitions: partition {Partition} handed over ({Replicas} processes now)")]
    private static partial void LogHandedOver(ILogger logger, int partition, int replicas);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Pulse partitions: with {Replicas} processes this one would also run {Partitions}; it takes partitions over only when it starts: restart it")]
    private static partial void LogRestartToTakeOver(ILogger logger, int replicas, string partitions);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Pulse partitions: the lease of partition {Partition} was lost (held by {Holder}); it is stopped here without writing its checkpoint")]
    private static partial void LogLeaseLost(ILogger logger, int partition, string holder);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Pulse partitions: renewing the leases failed; trying again")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);
}
