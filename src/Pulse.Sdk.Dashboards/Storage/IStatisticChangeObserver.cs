namespace Pulse.Sdk.Storage;

/// <summary>Receives the value changes of one tenant from an <see cref="IStatisticValueSource"/>.</summary>
public interface IStatisticChangeObserver
{
    /// <summary>Values that changed, in the order they were produced. Called on the source's thread: keep it short.</summary>
    /// <param name="changes">The changes of one batch, all of the subscribed tenant; only valid during the call.</param>
    void OnChanges(IReadOnlyList<StatisticChange> changes);

    /// <summary>
    /// Changes may have been lost (for example pub/sub was disconnected): read the current values again.
    /// </summary>
    void OnGap();
}
