namespace Pulse.Sdk.Engine;

/// <summary>Where a resumable event source (a feed subscription) stood in a Data Collection Unit's checkpoint.</summary>
/// <param name="Source">The source's <see cref="Pulse.Sdk.Events.IEventSource.Name"/>.</param>
/// <param name="StreamId">The upstream stream the offset belongs to, when known.</param>
/// <param name="Offset">Every event up to this offset is in the checkpoint (some after it may be too: they are dropped as duplicates by their <c>seq</c>).</param>
public sealed record SourcePosition(string Source, string? StreamId, long Offset);
