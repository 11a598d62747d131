using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Diagnostics;
using Pulse.Sdk.Events;
using Pulse.Sdk.Storage;

namespace Pulse.Sdk.Hosting;

/// <summary>
/// Runs the registered <see cref="IEventSource"/>s into the <see cref="DataCollectionUnit"/>. On start it
/// opens the standard catalogue (when <see cref="PulseOptions.OpenStandardCatalogue"/> is set), restores the
/// unit's checkpoint when an <see cref="ICheckpointStore"/> is registered (each feed subscription then resumes
/// after its checkpointed offset), and reads each source on a background task; a source that fails or ends is
/// logged and the others keep running. With a checkpoint store it saves a checkpoint every
/// <see cref="PulseOptions.CheckpointInterval"/>; a failed save is logged, counted and retried at the next one.
/// On stop it cancels the sources, waits for them (as long as the host allows), drains the unit and saves a
/// last checkpoint, so the sinks have received every value before the host disposes the unit. With the statistics split
/// by object (<see cref="PulseOptions.ObjectPartitions"/>) each partition has its own checkpoint, and
/// <see cref="RetirePartitionAsync"/> hands one over (docs/architecture.md, "DCU partitions").
/// </summary>
public sealed partial class PulseHostedService : IHostedService, IDisposable
{
    private readonly DataCollectionUnit _unit;
    private readonly IEventSource[] _sources;
    private readonly PulseOptions _options;
    private readonly ILogger _logger;
    private readonly ICheckpointStore? _checkpoints;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private Task[] _runs = [];
    private Task _saving = Task.CompletedTask;
    // A periodic save must not write a partition while it is being retired: its state would be frozen, its positions not.
    private readonly SemaphoreSlim _saveLock = new(1, 1);

    /// <summary>Creates the service; the container calls this.</summary>
    /// <param name="unit">The unit the sources are run into.</param>
    /// <param name="sources">The event sources.</param>
    /// <param name="options">The Pulse options.</param>
    /// <param name="logger">Where source failures are logged; none when null.</param>
    /// <param name="checkpoints">Where the unit's checkpoint is kept; none when null.</param>
    /// <param name="timeProvider">The clock of the checkpoint interval; <see cref="TimeProvider.System"/> when null.</param>
    public PulseHostedService(DataCollectionUnit unit, IEnumerable<IEventSource> sources, IOptions<PulseOptions> options, ILogger<PulseHostedService>? logger = null,
        ICheckpointStore? checkpoints = null, TimeProvider? timeProvider = null)
    {
        _checkpoints = checkpoints;
        _time = timeProvider ?? TimeProvider.System;
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(options);
        _unit = unit;
        _sources = sources.ToArray();
        _options = options.Value;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _unit.SinkFailed += OnSinkFailed;
    }

    private void OnSinkFailed(SinkStatus status, Exception error)
    {
        if (status.Disabled) LogSinkDisabled(_logger, error, status.Sink, status.Failures);
        else LogSinkFailed(_logger, error, status.Sink);
    }

    /// <summary>Opens the standard catalogue if enabled and starts reading every source in the background.</summary>
    /// <param name="cancellationToken">Aborts the start.</param>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The checkpoint is read first and restored in the same step as the catalogue is opened: a flush in between
        // would send every opened statistic's initial value to the sinks (docs/benchmarks.md, "DCU restart").
        if (_unit.ObjectPartitions is { } owned)
        {
            await StartPartitionsAsync(owned, cancellationToken).ConfigureAwait(false);
            return;
        }
        var blob = _checkpoints is null ? null : await LoadAsync(_checkpoints, _options.CheckpointName, cancellationToken).ConfigureAwait(false);
        if (_options.OpenStandardCatalogue && blob is not null)
        {
            using var stream = new MemoryStream(blob, writable: false);
            var result = await _unit.OpenStandardCatalogueAndRestoreAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            LogCatalogueOpened(_logger, result.Opened);
            if (result.Error is null) Restored(_options.CheckpointName, blob.Length, result.Positions);
            else RestoreFailed(result.Error, _options.CheckpointName);
        }
        else
        {
            if (_options.OpenStandardCatalogue)
            {
                var opened = await _unit.OpenStandardCatalogueAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                LogCatalogueOpened(_logger, opened);
            }
            if (blob is not null) await RestoreAsync(blob, cancellationToken).ConfigureAwait(false);
        }
        StartSources();
    }

    /// <summary>Split by object: each partition's catalogue and its own checkpoint, then the sources from the earliest position.</summary>
    private async Task StartPartitionsAsync(IReadOnlyList<int> owned, CancellationToken cancellationToken)
    {
        var blobs = new byte[]?[owned.Count];
        if (_checkpoints is not null)
            for (var i = 0; i < owned.Count; i++)
                blobs[i] = await LoadAsync(_checkpoints, _options.PartitionCheckpointName(owned[i]), cancellationToken).ConfigureAwait(false);
        var result = await _unit.OpenStandardCatalogueAndRestorePartitionsAsync(blobs, cancellationToken: cancellationToken).ConfigureAwait(false);
        LogCatalogueOpened(_logger, result.Opened);
        var name = $"{_options.CheckpointName}-p{string.Join(",", owned)}";
        if (result.Error is not null) RestoreFailed(result.Error, name);
        else if (blobs.All(b => b is not null)) Restored(name, blobs.Sum(b => b!.Length), result.Positions);
        else if (blobs.Any(b => b is not null)) LogPartlyRestored(_logger, name);
        StartSources();
    }

    private void StartSources()
    {
        var token = _stopping.Token;
        _runs = _sources.Select(source => Task.Run(() => RunSourceAsync(source, token), CancellationToken.None)).ToArray();
        if (_checkpoints is not null) _saving = Task.Run(() => SaveEveryIntervalAsync(_checkpoints, token), CancellationToken.None);
    }

    /// <summary>The stored checkpoint; null (logged) when there is none or the store cannot be read.</summary>
    private async Task<byte[]?> LoadAsync(ICheckpointStore store, string name, CancellationToken cancellationToken)
    {
        byte[]? blob;
        try
        {
            blob = await store.LoadCheckpointAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A store that is down must not keep the unit from collecting: it starts empty and the feeds resume as configured.
            PulseMetrics.Checkpoints.Add(1, new KeyValuePair<string, object?>("outcome", "restore_failed"));
            LogRestoreFailed(_logger, e, name);
            return null;
        }
        if (blob is null) LogNoCheckpoint(_logger, name);
        return blob;
    }

    private async Task RestoreAsync(byte[] blob, CancellationToken cancellationToken)
    {
        try
        {
            using var stream = new MemoryStream(blob, writable: false);
            Restored(_options.CheckpointName, blob.Length, await _unit.RestoreCheckpointAsync(stream, cancellationToken).ConfigureAwait(false));
        }
        catch (InvalidDataException e)
        {
            RestoreFailed(e, _options.CheckpointName);
        }
    }

    private void Restored(string name, int bytes, IReadOnlyList<SourcePosition> positions)
    {
        PulseMetrics.Checkpoints.Add(1, new KeyValuePair<string, object?>("outcome", "restored"));
        LogRestored(_logger, name, bytes,
            positions.Count == 0 ? "none" : string.Join(", ", positions.Select(p => $"{p.Source} after {p.Offset}")));
    }

    private void RestoreFailed(InvalidDataException e, string name)
    {
        PulseMetrics.Checkpoints.Add(1, new KeyValuePair<string, object?>("outcome", "restore_failed"));
        LogRestoreFailed(_logger, e, name);
    }

    private async Task SaveEveryIntervalAsync(ICheckpointStore store, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.CheckpointInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
                await SaveAsync(store, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Takes and stores one checkpoint (split by object: one per partition still run here); a failure is logged and counted,
    /// never thrown (the next interval tries again).
    /// </summary>
    private async Task SaveAsync(ICheckpointStore store, CancellationToken cancellationToken)
    {
        await _saveLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_unit.ObjectPartitions is not { } owned)
            {
                await SaveOneAsync(store, _options.CheckpointName, (s, ct) => _unit.WriteCheckpointAsync(s, ct), cancellationToken).ConfigureAwait(false);
                return;
            }
            for (var i = 0; i < owned.Count; i++)
            {
                if (_unit.IsRetired(i)) continue;
                var index = i;
                await SaveOneAsync(store, _options.PartitionCheckpointName(owned[i]), (s, ct) => _unit.WritePartitionCheckpointAsync(index, s, ct), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _saveLock.Release();
        }
    }

    private async Task<bool> SaveOneAsync(ICheckpointStore store, string name, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        try
        {
            using var buffer = new MemoryStream();
            await write(buffer, cancellationToken).ConfigureAwait(false);
            await store.SaveCheckpointAsync(name, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
            PulseMetrics.Checkpoints.Add(1, new KeyValuePair<string, object?>("outcome", "saved"));
            PulseMetrics.CheckpointBytes.Record(buffer.Length);
            PulseMetrics.CheckpointSeconds.Record(_time.GetElapsedTime(started).TotalSeconds);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A store that fails (Redis down) must not stop the unit; the next interval tries again.
        catch (Exception e)
        {
            PulseMetrics.Checkpoints.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
            LogSaveFailed(_logger, e, name);
            return false;
        }
#pragma warning restore CA1031
    }

    /// <summary>
    /// Hands partition <paramref name="partition"/> over to another unit (docs/architecture.md, "DCU partitions"): stops it
    /// here and stores its last checkpoint, which the next owner restores. Returns whether that checkpoint was stored;
    /// when it was not, the next owner restores the one saved before, which is as consistent, and reads more of the feed.
    /// </summary>
    /// <exception cref="InvalidOperationException">The statistics are not split by object, or this unit does not run the partition.</exception>
    /// <param name="partition">The partition number.</param>
    /// <param name="store">False: stop it without storing a checkpoint (another process holds the partition now).</param>
    /// <param name="cancellationToken">Aborts the wait.</param>
    public async Task<bool> RetirePartitionAsync(int partition, bool store = true, CancellationToken cancellationToken = default)
    {
        var owned = _unit.ObjectPartitions ?? throw new InvalidOperationException("the statistics are not split by object (PulseOptions.ObjectPartitions)");
        var index = owned.ToList().IndexOf(partition);
        if (index < 0) throw new InvalidOperationException($"this unit does not run partition {partition} (it runs {string.Join(", ", owned)})");
        await _saveLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_unit.IsRetired(index)) return true;
            var name = _options.PartitionCheckpointName(partition);
            if (_checkpoints is null || !store)
            {
                await _unit.RetirePartitionAsync(index, Stream.Null, cancellationToken).ConfigureAwait(false);
                return false;
            }
            var saved = await SaveOneAsync(_checkpoints, name, (s, ct) => _unit.RetirePartitionAsync(index, s, ct), cancellationToken).ConfigureAwait(false);
            LogRetired(_logger, partition, name, saved);
            return saved;
        }
        finally
        {
            _saveLock.Release();
        }
    }

    /// <summary>Cancels the sources, waits for them to end and drains the unit; gives up waiting when <paramref name="cancellationToken"/> fires.</summary>
    /// <param name="cancellationToken">The host's shutdown deadline.</param>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_runs).WaitAsync(cancellationToken).ConfigureAwait(false);
            await _saving.WaitAsync(cancellationToken).ConfigureAwait(false);
            await _unit.DrainAsync(cancellationToken).ConfigureAwait(false);
            if (_checkpoints is not null) await SaveAsync(_checkpoints, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogStopTimedOut(_logger);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stopping.Dispose();
        _saveLock.Dispose();
    }

    private async Task RunSourceAsync(IEventSource source, CancellationToken cancellationToken)
    {
        LogSourceStarted(_logger, source.Name);
        try
        {
            await _unit.RunAsync(source, cancellationToken).ConfigureAwait(false);
            LogSourceEnded(_logger, source.Name);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
#pragma warning disable CA1031 // A failing source must not take down the host or the other sources.
        catch (Exception e)
        {
            LogSourceFailed(_logger, e, source.Name);
        }
#pragma warning restore CA1031
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Pulse: opened {Count} statistics of the standard catalogue")]
    private static partial void LogCatalogueOpened(ILogger logger, int count);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Pulse: event source {Source} started")]
    private static partial void LogSourceStarted(ILogger logger, string source);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Pulse: event source {Source} ended")]
    private static partial void LogSourceEnded(ILogger logger, string source);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Pulse: event source {Source} failed; the other sources keep running")]
    private static partial void LogSourceFailed(ILogger logger, Exception exception, string source);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Pulse: restored checkpoint '{Name}' ({Bytes} bytes); feeds resume: {Positions}")]
    private static partial void LogRestored(ILogger logger, string name, int bytes, string positions);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Pulse: no checkpoint '{Name}' stored; the unit starts empty")]
    private static partial void LogNoCheckpoint(ILogger logger, string name);

    [LoggerMessage(EventId = 8, Level = LogLevel.Error, Message = "Pulse: cannot restore checkpoint '{Name}'; the unit starts empty and the feeds resume as configured")]
    private static partial void LogRestoreFailed(ILogger logger, Exception exception, string name);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "Pulse: saving checkpoint '{Name}' failed; trying again at the next interval")]
    private static partial void LogSaveFailed(ILogger logger, Exception exception, string name);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Pulse: statistic sink {Sink} failed; it missed this flush's values, the unit goes on")]
    private static partial void LogSinkFailed(ILogger logger, Exception exception, string sink);

    [LoggerMessage(EventId = 11, Level = LogLevel.Error, Message = "Pulse: statistic sink {Sink} disabled after failing {Failures} times in a row; restart the process once it is fixed")]
    private static partial void LogSinkDisabled(ILogger logger, Exception exception, string sink, long failures);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Pulse: checkpoints '{Name}' restored only in part; every partition starts from the feeds' start so the empty ones see everything, the restored ones drop what they hold")]
    private static partial void LogPartlyRestored(ILogger logger, string name);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "Pulse: partition {Partition} handed over; its last checkpoint '{Name}' stored: {Saved}")]
    private static partial void LogRetired(ILogger logger, int partition, string name, bool saved);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Pulse: stopping timed out before the event sources ended and the unit drained")]
    private static partial void LogStopTimedOut(ILogger logger);
}
