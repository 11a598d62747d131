namespace Pulse.Sdk.Engine;

/// <summary>Totals of what an engine did with the events it was given.</summary>
public readonly record struct EngineCounters(
    long Applied, long Duplicates, long OutOfOrder, long UnknownTenant, long UnknownObject, long Invalid, long SequenceGaps)
{
    /// <summary>All events seen.</summary>
    public long Total => Applied + Duplicates + OutOfOrder + UnknownTenant + UnknownObject + Invalid;
}
