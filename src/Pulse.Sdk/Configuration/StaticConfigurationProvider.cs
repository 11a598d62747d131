namespace Pulse.Sdk.Configuration;

/// <summary>A configuration held in memory; <see cref="Update"/> replaces it and notifies listeners.</summary>
public sealed class StaticConfigurationProvider : IPulseConfigurationProvider
{
    private PulseConfiguration _current;

    /// <summary>Creates the provider with an initial configuration.</summary>
    public StaticConfigurationProvider(PulseConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ConfigurationValidator.ThrowIfInvalid(configuration, "configuration");
        _current = configuration;
    }

    /// <inheritdoc />
    public PulseConfiguration Current => Volatile.Read(ref _current);

    /// <inheritdoc />
    public event Action<PulseConfiguration>? Changed;

    /// <summary>Replaces the configuration (after validating it) and raises <see cref="Changed"/>.</summary>
    public void Update(PulseConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ConfigurationValidator.ThrowIfInvalid(configuration, "configuration");
        Volatile.Write(ref _current, configuration);
        Changed?.Invoke(configuration);
    }
}
