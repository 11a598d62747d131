using Pulse.Sdk.Configuration;

namespace Pulse.Sdk.ConfigurationService.Tests.Support;

/// <summary>Small configurations the tests start from.</summary>
internal static class Sites
{
    /// <summary>One tenant: agents a1 (skills billing, sales: an order PostgreSQL's jsonb would not keep), a2, a3; groups g1 (a1, a2) and g2 (a3); queue q1 (DN 8001), virtual queue vq1; a user with access to g1.</summary>
    public static PulseConfiguration Small() => new()
    {
        Tenants =
        [
            new TenantConfig
            {
                Id = "t1",
                Agents = [Agent("a1", "1001") with { Skills = new Dictionary<string, int> { ["billing"] = 1, ["sales"] = 3 } }, Agent("a2", "1002"), Agent("a3", "1003")],
                AgentGroups = [new AgentGroupConfig { Id = "g1", Agents = ["a1", "a2"] }, new AgentGroupConfig { Id = "g2", Agents = ["a3"] }],
                Queues = [new QueueConfig { Id = "q1", Dn = "8001" }],
                VirtualQueues = [new QueueConfig { Id = "vq1", Dn = "9001" }],
                QueueGroups = [new QueueGroupConfig { Id = "qg1", Queues = ["q1", "vq1"] }],
                Users = [new UserConfig { Id = "sup", Privileges = ["ViewDashboard"], Access = new ObjectAccess { AgentGroups = ["g1"], Agents = ["a1"] } }],
            },
        ],
    };

    public static AgentConfig Agent(string id, string dn) => new() { Id = id, Name = "Agent " + id, Dns = [dn] };

    public static TenantConfig Tenant(this PulseConfiguration configuration) => configuration.Tenants[0];

    public static PulseConfiguration With(this PulseConfiguration configuration, Func<TenantConfig, TenantConfig> edit) =>
        configuration with { Tenants = [edit(configuration.Tenants[0]), .. configuration.Tenants.Skip(1)] };
}
