using Microsoft.Extensions.DependencyInjection;

namespace Pulse.Sdk.Hosting;

/// <summary>
/// Returned by <c>services.AddPulse(...)</c>; the configuration, event sources and sinks are added to it
/// (<see cref="PulseBuilderExtensions"/>), and adapter packages extend it with their own methods.
/// </summary>
public sealed class PulseBuilder
{
    internal PulseBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection the Pulse services are registered in.</summary>
    public IServiceCollection Services { get; }
}
