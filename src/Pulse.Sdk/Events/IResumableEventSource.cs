namespace Pulse.Sdk.Events;

/// <summary>
/// An event source that can say where it stands in its upstream stream and start again after a given point:
/// a feed subscription. The Data Collection Unit records each one's position in its checkpoints and, when it
/// starts from a checkpoint, resumes every such source after the position stored for its <see cref="IEventSource.Name"/>
/// (docs/architecture.md, "Checkpoints and resume").
/// </summary>
public interface IResumableEventSource : IEventSource
{
    /// <summary>The position (feed offset) of the last event handed out by <see cref="IEventSource.ReadAllAsync"/>, or null before the first.</summary>
    long? Position { get; }

    /// <summary>The identity of the stream <see cref="Position"/> belongs to (positions of another stream mean nothing), or null when unknown.</summary>
    string? StreamId { get; }

    /// <summary>
    /// Makes the next <see cref="IEventSource.ReadAllAsync"/> start after <paramref name="position"/> of stream
    /// <paramref name="streamId"/>. Called before the source is read; a source that is already being read may refuse.
    /// </summary>
    /// <exception cref="InvalidOperationException">The source is already being read.</exception>
    void ResumeAfter(long position, string? streamId);
}
