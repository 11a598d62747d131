namespace Pulse.Sdk.Configuration;

/// <summary>
/// Supplies the configuration and tells when it changes. The engine applies a change without a
/// restart: new objects appear, removed ones close, group membership is re-evaluated.
/// </summary>
public interface IPulseConfigurationProvider
{
    /// <summary>The configuration as it is now.</summary>
    PulseConfiguration Current { get; }

    /// <summary>Raised after <see cref="Current"/> has changed; the argument is the new configuration.</summary>
    event Action<PulseConfiguration>? Changed;
}
