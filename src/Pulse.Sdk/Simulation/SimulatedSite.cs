using System.Globalization;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Events;

namespace Pulse.Sdk.Simulation;

/// <summary>
/// The static structure of a simulated contact center, drawn once from the options' seed: each agent's
/// skills (queue indices), media and groups, and the resulting <see cref="PulseConfiguration"/>.
/// Immutable after construction, so every simulation run of one simulator shares it.
/// </summary>
internal sealed class SimulatedSite
{
    public SimulatedSite(SimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        Options = options;
        var rng = new Random(options.Seed);
        var q = options.Queues;
        var n = options.Agents;
        var g = options.AgentGroups;

        AgentQueues = new int[n][];
        AgentChat = new bool[n];
        AgentEmail = new bool[n];
        var groupMembers = new List<string>[g];
        for (var i = 0; i < g; i++) groupMembers[i] = [];

        var agents = new AgentConfig[n];
        Span<int> picks = stackalloc int[3];
        for (var a = 0; a < n; a++)
        {
            // Primary skill spreads agents evenly over the queues; 0-2 extra distinct skills at random.
            var count = 1;
            picks[0] = a % q;
            var extra = Math.Min(rng.Next(3), q - 1);
            while (count < 1 + extra)
            {
                var candidate = rng.Next(q);
                if (picks[..count].Contains(candidate)) continue;
                picks[count++] = candidate;
            }
            var queues = picks[..count].ToArray();
            AgentQueues[a] = queues;

            var skills = new Dictionary<string, int>(count, StringComparer.Ordinal);
            for (var k = 0; k < count; k++)
                skills[SimulatorOptions.QueueId(queues[k])] = k == 0 ? 10 : 1 + rng.Next(9);

            AgentChat[a] = rng.NextDouble() < options.ChatAgentFraction;
            AgentEmail[a] = rng.NextDouble() < options.EmailAgentFraction;
            var media = new List<MediaType>(3) { MediaType.Voice };
            if (AgentChat[a]) media.Add(MediaType.Chat);
            if (AgentEmail[a]) media.Add(MediaType.EMail);

            var group = a % g;
            groupMembers[group].Add(SimulatorOptions.AgentId(a));
            if (g > 1 && rng.NextDouble() < options.SecondGroupFraction)
                groupMembers[(group + 1 + rng.Next(g - 1)) % g].Add(SimulatorOptions.AgentId(a));

            agents[a] = new AgentConfig
            {
                Id = SimulatorOptions.AgentId(a),
                Name = "Agent " + (a + 1).ToString(CultureInfo.InvariantCulture),
                Dns = [SimulatorOptions.AgentDn(a)],
                Media = media,
                Skills = skills,
            };
        }

        var queueConfigs = new QueueConfig[q];
        for (var i = 0; i < q; i++)
            queueConfigs[i] = new QueueConfig
            {
                Id = SimulatorOptions.QueueId(i),
                Name = "Queue " + (i + 1).ToString(CultureInfo.InvariantCulture),
                Dn = SimulatorOptions.QueueDn(i),
                ServiceLevelThresholdSeconds = options.ServiceLevelThresholdSeconds,
                ShortAbandonThresholdSeconds = options.ShortAbandonThresholdSeconds,
            };
        var vqConfigs = new QueueConfig[options.VirtualQueues];
        for (var i = 0; i < vqConfigs.Length; i++)
            vqConfigs[i] = new QueueConfig
            {
                Id = SimulatorOptions.VirtualQueueId(i),
                Name = "Virtual queue " + (i + 1).ToString(CultureInfo.InvariantCulture),
                Dn = SimulatorOptions.VirtualQueueDn(i),
                ServiceLevelThresholdSeconds = options.ServiceLevelThresholdSeconds,
                ShortAbandonThresholdSeconds = options.ShortAbandonThresholdSeconds,
            };
        var groups = new AgentGroupConfig[g];
        for (var i = 0; i < g; i++)
            groups[i] = new AgentGroupConfig
            {
                Id = SimulatorOptions.AgentGroupId(i),
                Name = "Group " + (i + 1).ToString(CultureInfo.InvariantCulture),
                Agents = groupMembers[i],
            };
        var iqs = new InteractionQueueConfig[options.InteractionQueues + options.InteractionVirtualQueues];
        for (var i = 0; i < options.InteractionQueues; i++)
            iqs[i] = new InteractionQueueConfig
            {
                Id = SimulatorOptions.InteractionQueueId(i),
                Name = "Interaction queue " + (i + 1).ToString(CultureInfo.InvariantCulture),
            };
        for (var i = 0; i < options.InteractionVirtualQueues; i++)
            iqs[options.InteractionQueues + i] = new InteractionQueueConfig
            {
                Id = SimulatorOptions.InteractionVirtualQueueId(i),
                Name = "Virtual interaction queue " + (i + 1).ToString(CultureInfo.InvariantCulture),
                Virtual = true,
            };

        Configuration = new PulseConfiguration
        {
            Tenants =
            [
                new TenantConfig
                {
                    Id = options.TenantId,
                    TimeZone = options.TimeZone,
                    Agents = agents,
                    AgentGroups = groups,
                    Queues = queueConfigs,
                    VirtualQueues = vqConfigs,
                    InteractionQueues = iqs,
                    QueueGroups =
                    [
                        new QueueGroupConfig
                        {
                            Id = SimulatorOptions.AllQueuesGroupId,
                            Name = "All queues",
                            Queues = Array.ConvertAll(queueConfigs, c => c.Id),
                        },
                    ],
                    Users =
                    [
                        new UserConfig
                        {
                            Id = SimulatorOptions.AdminUserId,
                            Name = "Administrator",
                            Privileges = ["ViewDashboard", "ManageWidgets"],
                            Access = new ObjectAccess { All = true },
                        },
                    ],
                },
            ],
        };
    }

    public SimulatorOptions Options { get; }

    /// <summary>Skilled queue indices per agent; the first is the primary skill.</summary>
    public int[][] AgentQueues { get; }

    /// <summary>Whether each agent handles chat.</summary>
    public bool[] AgentChat { get; }

    /// <summary>Whether each agent handles e-mail.</summary>
    public bool[] AgentEmail { get; }

    public PulseConfiguration Configuration { get; }
}
