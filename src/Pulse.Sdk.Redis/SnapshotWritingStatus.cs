namespace Pulse.Sdk.Redis;

/// <summary>Whether statistic values reach the store that the Pulse replicas read (Genesys Pulse's <c>snapshotWritingStatus</c>).</summary>
public enum SnapshotWritingStatus
{
    /// <summary>Values are written as they come.</summary>
    Writing,
    /// <summary>The store is unreachable or failing: values wait in a bounded buffer, nothing lost yet.</summary>
    Buffering,
    /// <summary>Values were dropped (the buffer was full) since the last successful write.</summary>
    Down,
}
