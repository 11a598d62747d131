using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Postgres.Metadata;
using Pulse.Sdk.Postgres.Planning;

namespace Pulse.Sdk.Postgres.Synchronization;

/// <summary>The tenants whose active layouts drive the statistics the unit opens (<see cref="LayoutStatisticsHostedService"/>).</summary>
public sealed class LayoutDrivenStatisticsOptions
{
    /// <summary>The tenant ids followed.</summary>
    public IList<string> Tenants { get; } = new List<string>();
}

/// <summary>
/// Registered by <c>AddLayoutDrivenStatistics</c>: on start, creates a <see cref="LayoutStatisticsSynchronizer"/>
/// for the configured tenants, attaches it to the container's <see cref="LayoutChangeListener"/>, opens what the
/// active layouts need and starts the listener; on stop, stops the listener and the synchronizer (the statistics
/// stay open until the unit is disposed). Set <c>PulseOptions.OpenStandardCatalogue = false</c> so the unit does
/// not also open the whole catalogue.
/// </summary>
public sealed class LayoutStatisticsHostedService : IHostedService, IAsyncDisposable
{
    private readonly DataCollectionUnit _unit;
    private readonly PulseMetadataStore _store;
    private readonly LayoutChangeListener _listener;
    private readonly LayoutStatisticsPlanner _planner;
    private readonly LayoutDrivenStatisticsOptions _options;
    private readonly ILoggerFactory _loggers;
    private LayoutStatisticsSynchronizer? _synchronizer;

    /// <summary>Creates the service; the container calls this.</summary>
    public LayoutStatisticsHostedService(DataCollectionUnit unit, PulseMetadataStore store, LayoutChangeListener listener,
        LayoutStatisticsPlanner planner, LayoutDrivenStatisticsOptions options, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(listener);
        ArgumentNullException.ThrowIfNull(planner);
        ArgumentNullException.ThrowIfNull(options);
        _unit = unit;
        _store = store;
        _listener = listener;
        _planner = planner;
        _options = options;
        _loggers = loggers ?? NullLoggerFactory.Instance;
    }

    /// <summary>The synchronizer, once started.</summary>
    public LayoutStatisticsSynchronizer? Synchronizer => _synchronizer;

    /// <summary>Attaches the synchronizer, opens what the active layouts need, then starts the listener.</summary>
    /// <param name="cancellationToken">Aborts the start.</param>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var synchronizer = new LayoutStatisticsSynchronizer(_unit, _store, _options.Tenants, _planner, null, _loggers.CreateLogger<LayoutStatisticsSynchronizer>());
        _synchronizer = synchronizer;
        synchronizer.Attach(_listener);
        await synchronizer.SynchronizeAllAsync(cancellationToken).ConfigureAwait(false);
        // Connected (raised once listening) re-plans every tenant, which covers changes made between the read above and the LISTEN.
        await _listener.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the listener and the synchronizer.</summary>
    /// <param name="cancellationToken">The host's shutdown deadline.</param>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _listener.StopAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        if (_synchronizer is not null) await _synchronizer.DisposeAsync().AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_synchronizer is not null) await _synchronizer.DisposeAsync().ConfigureAwait(false);
    }
}
