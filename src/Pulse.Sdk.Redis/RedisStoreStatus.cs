namespace Pulse.Sdk.Redis;

/// <summary>The health of a <see cref="RedisStatisticStore"/>.</summary>
public enum RedisStoreHealth
{
    /// <summary>Connected, and the last write succeeded.</summary>
    Healthy,
    /// <summary>Redis is down or the last write failed: values wait in the buffer, nothing lost yet.</summary>
    Degraded,
    /// <summary>Writes were dropped (the buffer was full) since the last successful write.</summary>
    Unhealthy,
}

/// <summary>A snapshot of a store's state, for a health check or a status page.</summary>
/// <param name="Health">Summary of the fields below.</param>
/// <param name="IsConnected">Whether the connection to Redis is up.</param>
/// <param name="BufferedValues">Statistic values waiting to be written (at most one per statistic).</param>
/// <param name="BufferedHistoryPoints">History points waiting to be written.</param>
/// <param name="DroppedValues">Values dropped since the store started because the buffer was full.</param>
/// <param name="DroppedHistoryPoints">History points dropped since the store started.</param>
/// <param name="WrittenValues">Values written since the store started.</param>
/// <param name="LastError">The last write error, or null.</param>
public readonly record struct RedisStoreStatus(
    RedisStoreHealth Health,
    bool IsConnected,
    int BufferedValues,
    int BufferedHistoryPoints,
    long DroppedValues,
    long DroppedHistoryPoints,
    long WrittenValues,
    string? LastError);
