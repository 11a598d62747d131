namespace Pulse.Sdk.ConfigurationService;

/// <summary>The outcome of a write to the configuration store.</summary>
/// <param name="Status">Written, unchanged or stale.</param>
/// <param name="Version">The newest version after the write: the one written, or the one found.</param>
public sealed record ConfigurationWriteResult(ConfigurationWriteStatus Status, long Version);
