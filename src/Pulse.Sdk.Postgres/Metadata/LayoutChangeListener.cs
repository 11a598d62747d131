using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Pulse.Sdk.Postgres.Migrations;

namespace Pulse.Sdk.Postgres.Metadata;

/// <summary>
/// Listens on the <c>pulse_layouts</c> channel on a connection of its own and raises
/// <see cref="LayoutChanged"/> for each layout written, so the Data Collection Unit can open and close
/// statistics (<see cref="Planning.LayoutStatisticsPlanner"/>). A lost connection is reopened with backoff;
/// notifications sent while it was lost are not replayed, so <see cref="Connected"/> is raised after each
/// (re)connection: re-read the layouts then (for example with
/// <see cref="PulseMetadataStore.GetChangesAsync"/> since the last uscn seen).
/// </summary>
/// <remarks>Events are raised on the listener's background task, one at a time; an exception thrown by a handler is logged and ignored.</remarks>
public sealed class LayoutChangeListener : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly LayoutChangeListenerOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private CancellationTokenSource? _stop;
    private Task? _loop;
    private volatile bool _connected;

    /// <summary>Creates a listener (not started).</summary>
    /// <param name="dataSource">The database; not disposed by the listener.</param>
    /// <param name="options">Reconnection settings; defaults when null. Validated now.</param>
    /// <param name="logger">Logs connection losses and handler failures; may be null.</param>
    public LayoutChangeListener(NpgsqlDataSource dataSource, LayoutChangeListenerOptions? options = null, ILogger<LayoutChangeListener>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _options = options ?? new LayoutChangeListenerOptions();
        OptionsValidation.ThrowIfInvalid(_options.Validate(), nameof(options));
        _dataSource = dataSource;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>A layout was saved or deleted.</summary>
    public event EventHandler<LayoutChangedEventArgs>? LayoutChanged;

    /// <summary>The listener is listening, for the first time or again after a lost connection: re-read what may have been missed.</summary>
    public event EventHandler? Connected;

    /// <summary>Whether the listener is listening now.</summary>
    public bool IsConnected => _connected;

    /// <summary>Starts listening in the background; completes once listening for the first time.</summary>
    /// <param name="cancellationToken">Stops waiting for the first connection (the listener keeps trying until stopped).</param>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_loop is not null) throw new InvalidOperationException("the listener is already started; create another to listen twice");
            _stop = new CancellationTokenSource();
            _loop = Task.Run(() => RunAsync(first, _stop.Token), CancellationToken.None);
        }
        return first.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Stops listening and closes the connection.</summary>
    public async Task StopAsync()
    {
        Task? loop;
        lock (_gate)
        {
            loop = _loop;
            _stop?.Cancel();
        }
        if (loop is not null)
        {
            try { await loop.ConfigureAwait(false); }
            catch (OperationCanceledException) { }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop?.Dispose();
    }

    private async Task RunAsync(TaskCompletionSource first, CancellationToken stop)
    {
        var delay = _options.ReconnectDelay;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(stop).ConfigureAwait(false);
                connection.Notification += OnNotification;
                await using (var listen = new NpgsqlCommand($"LISTEN {PulseSchema.LayoutsChannel}", connection))
                    await listen.ExecuteNonQueryAsync(stop).ConfigureAwait(false);
                _connected = true;
                delay = _options.ReconnectDelay;
                first.TrySetResult();
                Raise(Connected, EventArgs.Empty);
                while (!stop.IsCancellationRequested)
                {
                    if (!await connection.WaitAsync(_options.KeepAlive, stop).ConfigureAwait(false))
                    {
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteScalarAsync(stop).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // whatever broke the connection, the listener reconnects
            catch (Exception ex)
#pragma warning restore CA1031
            {
                PostgresLog.ListenerConnectionLost(_logger, ex, delay);
            }
            finally
            {
                _connected = false;
            }
            try { await Task.Delay(delay, stop).ConfigureAwait(false); }
            catch (OperationCanceledException) { break; }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxReconnectDelay.Ticks));
        }
        first.TrySetCanceled(stop);
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        if (e.Channel != PulseSchema.LayoutsChannel) return;
        LayoutChangedEventArgs args;
        try
        {
            using var doc = JsonDocument.Parse(e.Payload);
            var root = doc.RootElement;
            args = new LayoutChangedEventArgs(
                root.GetProperty("tenant").GetString()!, root.GetProperty("id").GetGuid(), root.GetProperty("uscn").GetInt64(),
                root.GetProperty("active").GetBoolean(), root.GetProperty("deleted").GetBoolean());
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            PostgresLog.ListenerBadNotification(_logger, ex, e.Payload);
            return;
        }
        Raise(LayoutChanged, args);
    }

    private void Raise<T>(EventHandler<T>? handler, T args)
    {
        if (handler is null) return;
        try { handler(this, args); }
#pragma warning disable CA1031 // a subscriber's failure must not stop the listener
        catch (Exception ex) { PostgresLog.ListenerHandlerFailed(_logger, ex); }
#pragma warning restore CA1031
    }

    private void Raise(EventHandler? handler, EventArgs args)
    {
        if (handler is null) return;
        try { handler(this, args); }
#pragma warning disable CA1031 // a subscriber's failure must not stop the listener
        catch (Exception ex) { PostgresLog.ListenerHandlerFailed(_logger, ex); }
#pragma warning restore CA1031
    }
}
