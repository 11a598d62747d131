using Microsoft.Extensions.DependencyInjection.Extensions;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Events;
using Pulse.Sdk.Hosting;
using Pulse.Sdk.Simulation;
using Pulse.Sdk.Statistics;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Adds the configuration, event sources and sinks of the Data Collection Unit to a <see cref="PulseBuilder"/>.
/// Instances passed in stay the caller's: the container never disposes them. What a factory or a type
/// registration creates, the container owns and disposes.
/// </summary>
public static class PulseBuilderExtensions
{
    /// <summary>Uses a fixed configuration (a <see cref="StaticConfigurationProvider"/>); replaces any configuration registered before.</summary>
    /// <param name="builder">The Pulse builder.</param>
    /// <param name="configuration">The configuration; validated now.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ConfigurationException">The configuration is invalid.</exception>
    public static PulseBuilder AddConfiguration(this PulseBuilder builder, PulseConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        return builder.AddConfiguration(new StaticConfigurationProvider(configuration));
    }

    /// <summary>Uses <paramref name="provider"/> for the configuration; replaces any configuration registered before. The container does not dispose it.</summary>
    /// <param name="builder">The Pulse builder.</param>
    /// <param name="provider">The configuration provider, owned by the caller.</param>
    /// <returns>The builder.</returns>
    public static PulseBuilder AddConfiguration(this PulseBuilder builder, IPulseConfigurationProvider provider)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(provider);
        builder.Services.RemoveAll<IPulseConfigurationProvider>();
        builder.Services.AddSingleton(provider);
        return builder;
    }

    /// <summary>
    /// Reads the configuration from a JSON file (a <see cref="JsonFileConfigurationProvider"/>, created when the
    /// unit is, and disposed with the container); replaces any configuration registered before.
    /// </summary>
    /// <param name="builder">The Pulse builder.</param>
    /// <param name="path">The configuration file.</param>
    /// <param name="watch">Reload the file when it changes.</param>
    /// <returns>The builder.</returns>
    public static PulseBuilder AddConfigurationFile(this PulseBuilder builder, string path, bool watch = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        builder.Services.RemoveAll<IPulseConfigurationProvider>();
        builder.Services.AddSingleton<IPulseConfigurationProvider>(_ => new JsonFileConfigurationProvider(path, watch));
        return builder;
    }

    /// <summary>Adds an event source; the hosted service runs it into the unit. The container does not dispose it.</summary>
    /// <param name="builder">The Pulse builder.</param>
    /// <param name="source">The event source, owned by the caller.</param>
    /// <returns>The builder.</returns>
    public static PulseBuilder AddEventSource(this PulseBuilder builder, IEventSource source)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(source);
        builder.Services.AddSingleton(source);
        return builder;
    }

    /// <summary>Adds an event source created from the container (and disposed with it, if disposable); the hosted service runs it into the unit.</summary>
    /// <param name="builder">The Pulse builder.</param>
    /// <param name="factory">Creates the source, once.</param>
    /// <returns>The builder.</returns>
    public static PulseBuilder AddEventSource(this PulseBuilder builder, Func<IServiceProvider, IEventSource> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.AddSingleton(factory);
        return builder;
    }

    /// <summary>
    /// Adds a <see cref="ContactCenterSimulator"/> as an event source, paced in real time by the registered
    /// <see cref="TimeProvider"/> (<see cref="TimeProvider.System"/> if none). Its configuration is
    /// <see cref="SimulatorOptions.BuildConfiguration"/>: pass that to <see cref="AddConfiguration(PulseBuilder, PulseConfiguration)"/>.
    /// </summary>
    /// <param name="builder">The Pulse builder.</param>
    /// <param name="options">The simulated contact center; <see cref="SimulatorOptions.Demo"/> when null. Validated now.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The options are invalid; the message lists what to change.</exception>
    public static PulseBuilder AddSimulator(this PulseBuilder builder, SimulatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var simulatorOptions = options ?? SimulatorOptions.Demo;
        simulatorOptions.ThrowIfInvalid();
        return builder.AddEventSource(sp => new ContactCenterSimulator(simulatorOptions, sp.GetService<TimeProvider>() ?? TimeProvider.System));
    }

    /// <summary>Adds a sink that receives the changed values at each flush. The container does not dispose it.</summary>
    /// <param name="builder">The Pulse builder.</param>
    /// <param name="sink">The sink, owned by the caller.</param>
    /// <returns>The builder.</returns>
    public static PulseBuilder AddSink(this PulseBuilder builder, IStatisticSink sink)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(sink);
        builder.Services.AddSingleton(sink);
        return builder;
    }

    /// <summary>Adds a sink created from the container (and disposed with it, if disposable).</summary>
    /// <param name="builder">The Pulse builder.</param>
    /// <param name="factory">Creates the sink, once.</param>
    /// <returns>The builder.</returns>
    public static PulseBuilder AddSink(this PulseBuilder builder, Func<IServiceProvider, IStatisticSink> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.AddSingleton(factory);
        return builder;
    }

    /// <summary>
    /// Adds a sink of type <typeparamref name="TSink"/>, registered as a singleton of its own type too (so it
    /// can be resolved); adding the same type again does nothing.
    /// </summary>
    /// <typeparam name="TSink">The sink type, constructed by the container.</typeparam>
    /// <param name="builder">The Pulse builder.</param>
    /// <returns>The builder.</returns>
    public static PulseBuilder AddSink<TSink>(this PulseBuilder builder)
        where TSink : class, IStatisticSink
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<TSink>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IStatisticSink, TSink>(static sp => sp.GetRequiredService<TSink>()));
        return builder;
    }
}
