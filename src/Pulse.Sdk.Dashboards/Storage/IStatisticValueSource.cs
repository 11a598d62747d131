using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Storage;

/// <summary>
/// Where a reader (the Pulse service) gets statistic values: the current values of an object, the changes of a
/// tenant as they happen, and history where the store keeps it. In one process the source is fed by the engine
/// (<see cref="InProcessStatisticValueSource"/>, an <see cref="IStatisticSink"/>); in the Pulse topology each
/// replica reads Redis and follows its pub/sub (<c>Pulse.Sdk.Redis.RedisStatisticValueSource</c>).
/// Implementations are thread-safe.
/// </summary>
public interface IStatisticValueSource
{
    /// <summary>The history resolutions <see cref="GetHistoryAsync"/> accepts, finest first; empty when the source keeps no history.</summary>
    IReadOnlyList<TimeSpan> HistoryResolutions { get; }

    /// <summary>Every current value of <paramref name="obj"/>, one per statistic (none removed).</summary>
    /// <param name="obj">The object.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    ValueTask<IReadOnlyList<StatisticChange>> GetValuesAsync(ObjectRef obj, CancellationToken cancellationToken = default);

    /// <summary>The history of one statistic at one of <see cref="HistoryResolutions"/>, buckets starting in [from, to], oldest first.</summary>
    /// <param name="obj">The object.</param>
    /// <param name="statistic">The statistic type's name.</param>
    /// <param name="resolution">One of <see cref="HistoryResolutions"/>.</param>
    /// <param name="from">First bucket start.</param>
    /// <param name="to">Last bucket start.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ArgumentException"><paramref name="resolution"/> is not one of <see cref="HistoryResolutions"/>.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "from/to name the range as the REST API does; renaming them would break callers that name their arguments.")]
    ValueTask<IReadOnlyList<StatisticHistoryPoint>> GetHistoryAsync(ObjectRef obj, string statistic, TimeSpan resolution,
        DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);

    /// <summary>Delivers every later change of <paramref name="tenant"/> to <paramref name="observer"/> until the result is disposed.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="observer">Receives the changes.</param>
    /// <param name="cancellationToken">Cancels subscribing.</param>
    ValueTask<IAsyncDisposable> SubscribeAsync(string tenant, IStatisticChangeObserver observer, CancellationToken cancellationToken = default);
}
