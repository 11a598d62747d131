using Pulse.Sdk.Configuration;
using Pulse.Sdk.Simulation;

namespace Pulse.Host.Roles;

/// <summary>The configuration of a role: <c>--config FILE</c>, or the demo simulator's with the demo users (what <c>all</c> uses).</summary>
internal static class RoleConfiguration
{
    /// <exception cref="ConfigurationException">The file is missing or invalid (exit code 1).</exception>
    public static PulseConfiguration Load(HostSettings settings) =>
        settings.Get("--config") is { } path
            ? ConfigurationJson.Load(path)
            : DemoSite.WithUsers(SimulatorOptions.Demo.BuildConfiguration());
}
