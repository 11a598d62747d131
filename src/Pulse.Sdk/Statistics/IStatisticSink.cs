namespace Pulse.Sdk.Statistics;

/// <summary>
/// Receives what an engine partition computes (a store, a broadcast channel), in the manner of an OpenTelemetry exporter:
/// values at each flush, the statistics that were closed, and a flush and a shutdown from the Data Collection Unit.
/// Each engine calls its sinks from its own thread, one call at a time; a unit with several partitions calls a shared
/// sink from each partition's thread. Keep the calls fast and hand slow work to another thread. A call that throws is
/// counted as a sink failure (<c>SinkStatus</c>, <c>pulse_dcu_sink_failures_total</c>) and the engine goes on.
/// </summary>
/// <remarks>
/// <see cref="OnClosed"/>, <see cref="ForceFlush"/> and <see cref="Shutdown"/> have default implementations that do
/// nothing, so a sink written against the earlier contract (<see cref="OnUpdates"/> alone) still compiles and works.
/// </remarks>
public interface IStatisticSink
{
    /// <summary>Values that changed (by the notification rules) since the last flush. The span is only valid during the call.</summary>
    void OnUpdates(ReadOnlySpan<StatisticUpdate> updates);

    /// <summary>
    /// <paramref name="statistic"/> was closed (by its last opener, or because its object left the configuration): it gets
    /// no more values, and a store should forget its value. Delivered at the next flush, before that flush's values.
    /// </summary>
    /// <param name="statistic">The closed statistic, as its updates carried it.</param>
    /// <param name="time">The engine clock when it was closed.</param>
    void OnClosed(OpenedStatistic statistic, DateTimeOffset time)
    {
    }

    /// <summary>
    /// Writes out what the sink buffers, waiting at most <paramref name="timeout"/>. The Data Collection Unit calls it once
    /// its queued work is processed and flushed (<c>DrainAsync</c>), from each partition's thread. Returns whether
    /// everything was written in time.
    /// </summary>
    bool ForceFlush(TimeSpan timeout) => true;

    /// <summary>
    /// The engine delivers nothing more: write out what is buffered, waiting at most <paramref name="timeout"/>, and
    /// release what can be. The Data Collection Unit calls it once, when it stops, after the last values were delivered.
    /// Returns whether everything was written in time.
    /// </summary>
    bool Shutdown(TimeSpan timeout) => true;
}
