using Pulse.Sdk.Configuration;
using Pulse.Sdk.Events;
using Pulse.Sdk.Simulation;

namespace Pulse.Sdk.Tests.Simulation;

public class SimulatorOptionsTests
{
    [Fact]
    public void Presets_are_valid_and_shaped_as_documented()
    {
        Assert.Empty(SimulatorOptions.Demo.Validate());
        Assert.Empty(SimulatorOptions.Benchmark.Validate());
        Assert.Equal(new SimulatorOptions(), SimulatorOptions.Demo);

        var d = SimulatorOptions.Demo;
        Assert.Equal((3, 2, 24, 3, 2), (d.Queues, d.VirtualQueues, d.Agents, d.AgentGroups, d.InteractionQueues));
        Assert.Equal("demo", d.TenantId);
        Assert.Equal("UTC", d.TimeZone);
        Assert.Equal(20, d.ServiceLevelThresholdSeconds);
        Assert.Equal(5, d.ShortAbandonThresholdSeconds);
        Assert.Equal(["Break", "Lunch", "Training"], d.BreakReasons);

        var b = SimulatorOptions.Benchmark;
        Assert.Equal((500, 50, 10_000, 100, 20), (b.Queues, b.VirtualQueues, b.Agents, b.AgentGroups, b.InteractionQueues));
    }

    [Fact]
    public void Validate_names_each_option_and_what_to_set()
    {
        var bad = SimulatorOptions.Demo with
        {
            TenantId = " ",
            TimeZone = "Mars/Olympus_Mons",
            Queues = 0,
            VirtualQueues = 4,
            Agents = 2,
            AgentGroups = 3,
            HoldProbability = 1.5,
            CallsPerHourPerQueue = double.NaN,
            MeanTalkSeconds = 0,
            ServiceLevelThresholdSeconds = -1,
            BreakReasons = [],
        };
        var errors = bad.Validate();
        Assert.Contains(errors, m => m.StartsWith("SimulatorOptions.TenantId:", StringComparison.Ordinal));
        Assert.Contains(errors, m => m.StartsWith("SimulatorOptions.TimeZone:", StringComparison.Ordinal) && m.Contains("Mars/Olympus_Mons", StringComparison.Ordinal));
        Assert.Contains(errors, m => m.StartsWith("SimulatorOptions.Queues:", StringComparison.Ordinal) && m.Contains("set 1 to 999", StringComparison.Ordinal));
        Assert.Contains(errors, m => m.StartsWith("SimulatorOptions.VirtualQueues:", StringComparison.Ordinal));
        Assert.Contains(errors, m => m.StartsWith("SimulatorOptions.AgentGroups:", StringComparison.Ordinal) && m.Contains("set 1 to Agents (2)", StringComparison.Ordinal));
        Assert.Contains(errors, m => m.StartsWith("SimulatorOptions.HoldProbability:", StringComparison.Ordinal) && m.Contains("set 0 to 1", StringComparison.Ordinal));
        Assert.Contains(errors, m => m.StartsWith("SimulatorOptions.CallsPerHourPerQueue:", StringComparison.Ordinal));
        Assert.Contains(errors, m => m.StartsWith("SimulatorOptions.MeanTalkSeconds:", StringComparison.Ordinal) && m.Contains("positive", StringComparison.Ordinal));
        Assert.Contains(errors, m => m.StartsWith("SimulatorOptions.ServiceLevelThresholdSeconds:", StringComparison.Ordinal));
        Assert.Contains(errors, m => m.StartsWith("SimulatorOptions.BreakReasons:", StringComparison.Ordinal));
        Assert.Equal(10, errors.Count);
    }

    [Fact]
    public void Invalid_options_are_refused_by_the_simulator_and_the_builder()
    {
        var bad = SimulatorOptions.Demo with { Agents = 0 };
        var ex = Assert.Throws<ArgumentException>(() => new ContactCenterSimulator(bad));
        Assert.Contains("Agents:", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => bad.BuildConfiguration());
        Assert.Throws<ArgumentOutOfRangeException>(() => new ContactCenterSimulator(SimulatorOptions.Demo) { Speed = 0 });
    }

    [Fact]
    public void Demo_configuration_has_deterministic_ids_and_is_valid()
    {
        var config = SimulatorOptions.Demo.BuildConfiguration();
        Assert.Empty(ConfigurationValidator.Validate(config));
        var t = Assert.Single(config.Tenants);
        Assert.Equal("demo", t.Id);
        Assert.Equal(["q001", "q002", "q003"], t.Queues.Select(q => q.Id));
        Assert.Equal(["8001", "8002", "8003"], t.Queues.Select(q => q.Dn));
        Assert.Equal(["vq001", "vq002"], t.VirtualQueues.Select(q => q.Id));
        Assert.Equal(["9001", "9002"], t.VirtualQueues.Select(q => q.Dn));
        Assert.Equal(["iq001", "iq002", "ivq001"], t.InteractionQueues.Select(q => q.Id));
        Assert.Equal([false, false, true], t.InteractionQueues.Select(q => q.Virtual));
        Assert.Equal(["g001", "g002", "g003"], t.AgentGroups.Select(g => g.Id));
        Assert.Equal("a00001", t.Agents[0].Id);
        Assert.Equal(["500001"], t.Agents[0].Dns);
        Assert.Equal("a00024", t.Agents[^1].Id);
        Assert.All(t.Queues.Concat(t.VirtualQueues), q =>
        {
            Assert.Equal(20, q.ServiceLevelThresholdSeconds);
            Assert.Equal(5, q.ShortAbandonThresholdSeconds);
        });
        var all = Assert.Single(t.QueueGroups);
        Assert.Equal("all_queues", all.Id);
        Assert.Equal(t.Queues.Select(q => q.Id), all.Queues);
        var admin = Assert.Single(t.Users);
        Assert.Equal("admin", admin.Id);
        Assert.True(admin.Access.All);
        Assert.Contains(t.Agents, a => a.Media.Contains(MediaType.Chat));
        Assert.Contains(t.Agents, a => a.Media.Contains(MediaType.EMail));
        Assert.All(t.Agents, a => Assert.Equal(MediaType.Voice, a.Media[0]));

        // The same options build the same configuration.
        Assert.Equal(Describe(config), Describe(SimulatorOptions.Demo.BuildConfiguration()));
        Assert.NotEqual(Describe(config), Describe((SimulatorOptions.Demo with { Seed = 2 }).BuildConfiguration()));
    }

    [Fact]
    public void Benchmark_configuration_is_valid_with_unique_dns_skills_and_groups()
    {
        var config = SimulatorOptions.Benchmark.BuildConfiguration();
        Assert.Empty(ConfigurationValidator.Validate(config));
        var t = Assert.Single(config.Tenants);
        Assert.Equal(10_000, t.Agents.Count);
        Assert.Equal(500, t.Queues.Count);
        Assert.Equal(50, t.VirtualQueues.Count);
        Assert.Equal(100, t.AgentGroups.Count);
        Assert.Equal(20, t.InteractionQueues.Count);
        Assert.Equal("a10000", t.Agents[^1].Id);
        Assert.Equal("510000", t.Agents[^1].Dns[0]);
        Assert.Equal("q500", t.Queues[^1].Id);
        Assert.Equal("8500", t.Queues[^1].Dn);

        var dns = t.Agents.SelectMany(a => a.Dns).Concat(t.Queues.Select(q => q.Dn)).Concat(t.VirtualQueues.Select(q => q.Dn)).ToList();
        Assert.Equal(dns.Count, dns.Distinct(StringComparer.Ordinal).Count());

        var queueIds = t.Queues.Select(q => q.Id).ToHashSet(StringComparer.Ordinal);
        Assert.All(t.Agents, a =>
        {
            Assert.InRange(a.Skills.Count, 1, 3);
            Assert.All(a.Skills.Keys, k => Assert.Contains(k, queueIds));
        });
        // Every queue has skilled agents.
        var skilled = t.Agents.SelectMany(a => a.Skills.Keys).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(queueIds.Count, skilled.Count);

        // Each agent in exactly one primary group, about 10% in a second one.
        var memberships = t.AgentGroups.SelectMany(g => g.Agents).GroupBy(a => a, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Assert.Equal(10_000, memberships.Count);
        Assert.All(memberships.Values, c => Assert.InRange(c, 1, 2));
        var twice = memberships.Values.Count(c => c == 2);
        Assert.InRange(twice, 800, 1200);
        Assert.All(t.AgentGroups, g => Assert.Equal(g.Agents.Count, g.Agents.Distinct(StringComparer.Ordinal).Count()));
    }

    [Theory]
    [InlineData(0, "q001", "8001", "vq001", "9001", "a00001", "500001", "g001", "iq001")]
    [InlineData(998, "q999", "8999", "vq999", "9999", "a00999", "500999", "g999", "iq999")]
    public void Id_and_dn_schemes(int i, string q, string qdn, string vq, string vqdn, string a, string adn, string g, string iq)
    {
        Assert.Equal(q, SimulatorOptions.QueueId(i));
        Assert.Equal(qdn, SimulatorOptions.QueueDn(i));
        Assert.Equal(vq, SimulatorOptions.VirtualQueueId(i));
        Assert.Equal(vqdn, SimulatorOptions.VirtualQueueDn(i));
        Assert.Equal(a, SimulatorOptions.AgentId(i));
        Assert.Equal(adn, SimulatorOptions.AgentDn(i));
        Assert.Equal(g, SimulatorOptions.AgentGroupId(i));
        Assert.Equal(iq, SimulatorOptions.InteractionQueueId(i));
    }

    private static string Describe(PulseConfiguration config)
    {
        var t = config.Tenants[0];
        return string.Join(";", t.Agents.Select(a =>
                   $"{a.Id}:{string.Join(",", a.Dns)}:{string.Join(",", a.Media)}:{string.Join(",", a.Skills.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value}"))}"))
               + "|" + string.Join(";", t.AgentGroups.Select(g => $"{g.Id}:{string.Join(",", g.Agents)}"));
    }
}
