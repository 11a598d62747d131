namespace Pulse.Sdk.Storage;

/// <summary>
/// Where a Data Collection Unit keeps its checkpoint (engine state and the position of each subscription): one
/// opaque blob per name, replaced atomically. The Redis adapter provides one; tests and single-process hosts may
/// keep it anywhere.
/// </summary>
public interface ICheckpointStore
{
    /// <summary>Replaces the checkpoint stored under <paramref name="name"/>; a reader sees the old blob or the new one, never a mix.</summary>
    Task SaveCheckpointAsync(string name, ReadOnlyMemory<byte> checkpoint, CancellationToken cancellationToken = default);

    /// <summary>The checkpoint stored under <paramref name="name"/>, or null when there is none.</summary>
    Task<byte[]?> LoadCheckpointAsync(string name, CancellationToken cancellationToken = default);
}
