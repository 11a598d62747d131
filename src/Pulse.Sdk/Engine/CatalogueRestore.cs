namespace Pulse.Sdk.Engine;

/// <summary>What <see cref="DataCollectionUnit.OpenStandardCatalogueAndRestoreAsync"/> did.</summary>
/// <param name="Opened">Statistics of the standard catalogue opened.</param>
/// <param name="Positions">The sources' positions in the checkpoint (empty when it was not restored).</param>
/// <param name="Error">Why the checkpoint could not be restored (not one, another version or partition count, truncated, or not of these statistics); null when it was.</param>
public sealed record CatalogueRestore(int Opened, IReadOnlyList<SourcePosition> Positions, InvalidDataException? Error);
