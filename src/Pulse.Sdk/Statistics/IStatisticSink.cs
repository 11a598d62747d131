namespace Pulse.Sdk.Statistics;

/// <summary>
/// Receives value changes from an engine partition (a store, a broadcast channel). Called on the
/// partition's thread at each flush; keep it fast and hand slow work to another thread.
/// </summary>
public interface IStatisticSink
{
    /// <summary>Values that changed (by the notification rules) since the last flush. The span is only valid during the call.</summary>
    void OnUpdates(ReadOnlySpan<StatisticUpdate> updates);
}
