namespace Pulse.Sdk.ConfigurationService;

/// <summary>One stored version of the configuration.</summary>
/// <param name="Change">The version, and what changed it.</param>
/// <param name="Document">The configuration as stored (JSON of the file format, docs/configuration.md).</param>
public sealed record ConfigurationVersion(ConfigurationChange Change, string Document)
{
    /// <summary>The version number.</summary>
    public long Version => Change.Version;
}
