namespace Pulse.Sdk.ConfigurationService;

/// <summary>What a write to the configuration store did.</summary>
public enum ConfigurationWriteStatus
{
    /// <summary>A new version was written.</summary>
    Written,

    /// <summary>The change left the configuration as it was: no version was written.</summary>
    Unchanged,

    /// <summary>The version the writer expected is not the newest any more: nothing was written.</summary>
    Stale,
}
