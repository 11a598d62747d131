using Pulse.Sdk.Configuration;

namespace Pulse.Sdk.Tests.Configuration;

public class ConfigurationValidatorTests
{
    private static TenantConfig Tenant(string id = "t1") => new()
    {
        Id = id,
        TimeZone = "Europe/Paris",
        Agents = [new AgentConfig { Id = "a1", Dns = ["5001"] }, new AgentConfig { Id = "a2", Dns = ["5002"] }],
        AgentGroups = [new AgentGroupConfig { Id = "g1", Agents = ["a1", "a2"] }],
        Queues = [new QueueConfig { Id = "q1", Dn = "8001" }],
        VirtualQueues = [new QueueConfig { Id = "vq1", Dn = "9001" }],
        RoutePoints = [new RoutePointConfig { Id = "rp1", Dn = "7000" }],
        InteractionQueues = [new InteractionQueueConfig { Id = "iq1" }],
        QueueGroups = [new QueueGroupConfig { Id = "qg1", Queues = ["q1", "vq1"] }],
        Users = [new UserConfig { Id = "u1" }],
    };

    private static string SingleError(TenantConfig tenant) =>
        Assert.Single(ConfigurationValidator.Validate(new PulseConfiguration { Tenants = [tenant] }));

    [Fact]
    public void Valid_configurations_have_no_errors()
    {
        Assert.Empty(ConfigurationValidator.Validate(new PulseConfiguration { Tenants = [Tenant()] }));
        Assert.Empty(ConfigurationValidator.Validate(ConfigurationJson.Load(ConfigTestFiles.FixturePath)));
        Assert.Empty(ConfigurationValidator.Validate(PulseConfiguration.Empty));
    }

    [Fact]
    public void Duplicate_agent_id()
    {
        var t = Tenant() with { Agents = [new AgentConfig { Id = "a1" }, new AgentConfig { Id = "a2" }, new AgentConfig { Id = "a1" }] };
        Assert.Equal("tenants[0] ('t1') agents[2].id: duplicate id 'a1'", SingleError(t));
    }

    [Fact]
    public void Duplicate_ids_of_other_kinds()
    {
        var t = Tenant() with
        {
            AgentGroups = [new AgentGroupConfig { Id = "g1" }, new AgentGroupConfig { Id = "g1" }],
            RoutePoints = [new RoutePointConfig { Id = "rp1", Dn = "7000" }, new RoutePointConfig { Id = "rp1", Dn = "7001" }],
            InteractionQueues = [new InteractionQueueConfig { Id = "iq1" }, new InteractionQueueConfig { Id = "iq1" }],
            QueueGroups = [new QueueGroupConfig { Id = "qg1" }, new QueueGroupConfig { Id = "qg1" }],
            Users = [new UserConfig { Id = "u1" }, new UserConfig { Id = "u1" }],
        };
        var errors = ConfigurationValidator.Validate(new PulseConfiguration { Tenants = [t] });
        Assert.Equal(
        [
            "tenants[0] ('t1') agentGroups[1].id: duplicate id 'g1'",
            "tenants[0] ('t1') routePoints[1].id: duplicate id 'rp1'",
            "tenants[0] ('t1') interactionQueues[1].id: duplicate id 'iq1'",
            "tenants[0] ('t1') queueGroups[1].id: duplicate id 'qg1'",
            "tenants[0] ('t1') users[1].id: duplicate id 'u1'",
        ], errors);
    }

    [Fact]
    public void Queue_and_virtual_queue_share_one_id_space()
    {
        var t = Tenant() with { VirtualQueues = [new QueueConfig { Id = "q1", Dn = "9001" }], QueueGroups = [] };
        Assert.Equal("tenants[0] ('t1') virtualQueues[0].id: duplicate id 'q1' (ids are shared with queues)", SingleError(t));
    }

    [Fact]
    public void Duplicate_tenant_id()
    {
        var errors = ConfigurationValidator.Validate(new PulseConfiguration { Tenants = [Tenant(), Tenant()] });
        Assert.Equal("tenants[1] ('t1').id: duplicate tenant id", Assert.Single(errors));
    }

    [Fact]
    public void Same_ids_and_dns_in_two_tenants_are_fine()
    {
        Assert.Empty(ConfigurationValidator.Validate(new PulseConfiguration { Tenants = [Tenant("t1"), Tenant("t2")] }));
    }

    [Fact]
    public void Missing_id()
    {
        var t = Tenant() with { Queues = [new QueueConfig { Id = " ", Dn = "8001" }], QueueGroups = [] };
        Assert.Equal("tenants[0] ('t1') queues[0].id: is required", SingleError(t));
    }

    [Theory]
    [InlineData("Mars/Olympus")]
    [InlineData("Europe/")] // a directory of the zone database: used to escape as a SecurityException
    [InlineData("../../etc/passwd")]
    [InlineData("")]
    public void Unknown_time_zone(string zone)
    {
        var t = Tenant() with { TimeZone = zone };
        Assert.Equal($"tenants[0] ('t1').timeZone: '{zone}' is not a known IANA time zone (for example 'Europe/Paris' or 'UTC')", SingleError(t));
    }

    [Theory]
    [InlineData("Europe/Paris")]
    [InlineData("UTC")]
    [InlineData("America/New_York")]
    [InlineData("Asia/Kolkata")]
    public void Iana_time_zones_are_known(string zone)
    {
        Assert.True(ConfigurationValidator.TryFindTimeZone(zone, out var found));
        Assert.Equal(zone, found.Id);
    }

    [Fact]
    public void Dn_used_by_an_agent_and_a_queue()
    {
        var t = Tenant() with { Queues = [new QueueConfig { Id = "q1", Dn = "5002" }] };
        Assert.Equal("tenants[0] ('t1') queue 'q1'.dn: DN '5002' is already used by agent 'a2'", SingleError(t));
    }

    [Fact]
    public void Dn_used_by_two_agents()
    {
        var t = Tenant() with { Agents = [new AgentConfig { Id = "a1", Dns = ["5001"] }, new AgentConfig { Id = "a2", Dns = ["5003", "5001"] }] };
        Assert.Equal("tenants[0] ('t1') agent 'a2'.dns: DN '5001' is already used by agent 'a1'", SingleError(t));
    }

    [Fact]
    public void Dn_used_by_a_virtual_queue_and_a_route_point()
    {
        var t = Tenant() with { RoutePoints = [new RoutePointConfig { Id = "rp1", Dn = "9001" }] };
        Assert.Equal("tenants[0] ('t1') route point 'rp1'.dn: DN '9001' is already used by virtual queue 'vq1'", SingleError(t));
    }

    [Fact]
    public void Empty_dn()
    {
        var t = Tenant() with { RoutePoints = [new RoutePointConfig { Id = "rp1", Dn = "" }] };
        Assert.Equal("tenants[0] ('t1') route point 'rp1'.dn: is required", SingleError(t));
    }

    [Fact]
    public void Unknown_agent_group_member()
    {
        var t = Tenant() with { AgentGroups = [new AgentGroupConfig { Id = "g1", Agents = ["a1", "a9"] }] };
        Assert.Equal("tenants[0] ('t1') agentGroup 'g1'.agents: agent 'a9' is not configured", SingleError(t));
    }

    [Fact]
    public void Unknown_queue_group_member()
    {
        var t = Tenant() with { QueueGroups = [new QueueGroupConfig { Id = "qg1", Queues = ["q1", "iq1"] }] };
        Assert.Equal("tenants[0] ('t1') queueGroup 'qg1'.queues: queue 'iq1' is not configured", SingleError(t));
    }

    [Fact]
    public void Negative_service_level_threshold()
    {
        var t = Tenant() with { Queues = [new QueueConfig { Id = "q1", Dn = "8001", ServiceLevelThresholdSeconds = -1 }] };
        Assert.Equal("tenants[0] ('t1') queue 'q1'.serviceLevelThresholdSeconds: must be 0 or more (got -1)", SingleError(t));
    }

    [Fact]
    public void Negative_short_abandon_threshold_of_a_virtual_queue()
    {
        var t = Tenant() with { VirtualQueues = [new QueueConfig { Id = "vq1", Dn = "9001", ShortAbandonThresholdSeconds = -0.5 }] };
        Assert.Equal("tenants[0] ('t1') virtual queue 'vq1'.shortAbandonThresholdSeconds: must be 0 or more (got -0.5)", SingleError(t));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Non_finite_threshold(double value)
    {
        var t = Tenant() with { Queues = [new QueueConfig { Id = "q1", Dn = "8001", ServiceLevelThresholdSeconds = value }] };
        Assert.StartsWith("tenants[0] ('t1') queue 'q1'.serviceLevelThresholdSeconds: must be 0 or more", SingleError(t));
    }

    [Fact]
    public void Null_objects_are_reported_not_thrown()
    {
        var t = Tenant() with
        {
            Agents = [null!, new AgentConfig { Id = "a1" }, new AgentConfig { Id = "a2" }, new AgentConfig { Id = "a1" }],
            Queues = [new QueueConfig { Id = "q1", Dn = "8001" }, null!],
        };
        var errors = ConfigurationValidator.Validate(new PulseConfiguration { Tenants = [t, null!] });
        Assert.Equal(
        [
            "tenants[0] ('t1') agents[0]: is null",
            "tenants[0] ('t1') agents[3].id: duplicate id 'a1'",
            "tenants[0] ('t1') queues[1]: is null",
            "tenants[1]: is null",
        ], errors);
    }

    [Fact]
    public void Unknown_privilege_name()
    {
        var t = Tenant() with { Users = [new UserConfig { Id = "u1", Privileges = ["viewdashboard", "ManageWidget"] }] };
        Assert.StartsWith("tenants[0] ('t1') user 'u1'.privileges[1]: 'ManageWidget' is not a privilege; expected one of: ViewDashboardRestricted, ViewDashboard, ManageTabs,", SingleError(t));
    }

    [Fact]
    public void Every_problem_is_listed_and_prefixed_with_the_origin()
    {
        var t = Tenant() with
        {
            TimeZone = "Nowhere/Land",
            AgentGroups = [new AgentGroupConfig { Id = "g1", Agents = ["ghost"] }],
            Queues = [new QueueConfig { Id = "q1", Dn = "5001", ServiceLevelThresholdSeconds = -5 }],
        };
        var ex = Assert.Throws<ConfigurationException>(() =>
            ConfigurationValidator.ThrowIfInvalid(new PulseConfiguration { Tenants = [t] }, "site.json"));
        var lines = ex.Message.Split(Environment.NewLine);
        Assert.Equal("site.json: invalid configuration:", lines[0]);
        Assert.Equal(5, lines.Length);
        Assert.Contains("  tenants[0] ('t1').timeZone: 'Nowhere/Land' is not a known IANA time zone (for example 'Europe/Paris' or 'UTC')", lines);
        Assert.Contains("  tenants[0] ('t1') agentGroup 'g1'.agents: agent 'ghost' is not configured", lines);
        Assert.Contains("  tenants[0] ('t1') queue 'q1'.dn: DN '5001' is already used by agent 'a1'", lines);
        Assert.Contains("  tenants[0] ('t1') queue 'q1'.serviceLevelThresholdSeconds: must be 0 or more (got -5)", lines);
    }

    [Fact]
    public void Static_provider_rejects_an_invalid_update()
    {
        var provider = new StaticConfigurationProvider(new PulseConfiguration { Tenants = [Tenant()] });
        var bad = new PulseConfiguration { Tenants = [Tenant() with { TimeZone = "Nowhere" }] };
        Assert.Throws<ConfigurationException>(() => provider.Update(bad));
        Assert.Equal("Europe/Paris", provider.Current.Tenants[0].TimeZone);
    }
}
