using Pulse.Sdk.Configuration;
using Pulse.Sdk.Simulation;

namespace Pulse.Host.Roles;

/// <summary>
/// The configuration of a role: <c>--config FILE</c>, or the demo simulator's site of <c>--seed</c> (default 1) with the demo
/// users (what <c>all</c> uses): the seed decides which agents are in which group, so it must be the upstream services' seed.
/// </summary>
internal static class RoleConfiguration
{
    /// <exception cref="ConfigurationException">The file is missing or invalid (exit code 1).</exception>
    public static PulseConfiguration Load(HostSettings settings) =>
        settings.Get("--config") is { } path
            ? ConfigurationJson.Load(path)
            : DemoSite.WithUsers((SimulatorOptions.Demo with { Seed = settings.Int("--seed", 1) }).BuildConfiguration());
}
