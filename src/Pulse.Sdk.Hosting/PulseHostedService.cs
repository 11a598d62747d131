using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Events;

namespace Pulse.Sdk.Hosting;

/// <summary>
/// Runs the registered <see cref="IEventSource"/>s into the <see cref="DataCollectionUnit"/>. On start it
/// opens the standard catalogue (when <see cref="PulseOptions.OpenStandardCatalogue"/> is set) and reads
/// each source on a background task; a source that fails or ends is logged and the others keep running.
/// On stop it cancels the sources, waits for them (as long as the host allows) and drains the unit, so
/// the sinks have received every value before the host disposes the unit.
/// </summary>
public sealed partial class PulseHostedService : IHostedService, IDisposable
{
    private readonly DataCollectionUnit _unit;
    private readonly IEventSource[] _sources;
    private readonly PulseOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Task[] _runs = [];

    /// <summary>Creates the service; the container calls this.</summary>
    /// <param name="unit">The unit the sources are run into.</param>
    /// <param name="sources">The event sources.</param>
    /// <param name="options">The Pulse options.</param>
    /// <param name="logger">Where source failures are logged; none when null.</param>
    public PulseHostedService(DataCollectionUnit unit, IEnumerable<IEventSource> sources, IOptions<PulseOptions> options, ILogger<PulseHostedService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(options);
        _unit = unit;
        _sources = sources.ToArray();
        _options = options.Value;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Opens the standard catalogue if enabled and starts reading every source in the background.</summary>
    /// <param name="cancellationToken">Aborts the start.</param>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.OpenStandardCatalogue)
        {
            var opened = await _unit.OpenStandardCatalogueAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            LogCatalogueOpened(_logger, opened);
        }
        var token = _stopping.Token;
        _runs = _sources.Select(source => Task.Run(() => RunSourceAsync(source, token), CancellationToken.None)).ToArray();
    }

    /// <summary>Cancels the sources, waits for them to end and drains the unit; gives up waiting when <paramref name="cancellationToken"/> fires.</summary>
    /// <param name="cancellationToken">The host's shutdown deadline.</param>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_runs).WaitAsync(cancellationToken).ConfigureAwait(false);
            await _unit.DrainAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogStopTimedOut(_logger);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _stopping.Dispose();

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

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Pulse: stopping timed out before the event sources ended and the unit drained")]
    private static partial void LogStopTimedOut(ILogger logger);
}
