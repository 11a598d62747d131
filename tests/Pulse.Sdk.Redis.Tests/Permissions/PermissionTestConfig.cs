using Pulse.Sdk.Configuration;

namespace Pulse.Sdk.Redis.Tests.Permissions;

/// <summary>Small configurations for the permissions tests.</summary>
internal static class PermissionTestConfig
{
    public static TenantConfig Tenant(string id, params UserConfig[] users) => new()
    {
        Id = id,
        Agents = [new AgentConfig { Id = "a1" }, new AgentConfig { Id = "a2" }],
        AgentGroups = [new AgentGroupConfig { Id = "g1", Agents = ["a1", "a2"] }],
        Queues = [new QueueConfig { Id = "q1", Dn = "8001" }, new QueueConfig { Id = "q2", Dn = "8002" }],
        Users = users,
    };

    public static UserConfig User(string id, string privilege = "ViewDashboard", params string[] queues) =>
        new() { Id = id, Privileges = [privilege], Access = new ObjectAccess { Queues = queues } };

    public static PulseConfiguration Config(params TenantConfig[] tenants) => new() { Tenants = tenants };

    /// <summary>Polls <paramref name="condition"/> until it holds; fails after <paramref name="seconds"/> (waiting for I/O, not for time).</summary>
    public static Task EventuallyAsync(Func<Task<bool>> condition, string what, int seconds = 15) =>
        Eventually.UntilAsync(condition, what, TimeSpan.FromSeconds(seconds));

    /// <summary>A provider that raises whatever it is given, without validating (as a custom provider might).</summary>
    public sealed class UncheckedProvider(PulseConfiguration initial) : IPulseConfigurationProvider
    {
        public PulseConfiguration Current { get; private set; } = initial;

        public event Action<PulseConfiguration>? Changed;

        public void Raise(PulseConfiguration next)
        {
            Current = next;
            Changed?.Invoke(next);
        }
    }
}
