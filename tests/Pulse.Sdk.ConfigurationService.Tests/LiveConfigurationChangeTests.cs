using System.Diagnostics;
using System.Text.Json;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.ConfigurationService.Client;
using Pulse.Sdk.ConfigurationService.Tests.Support;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Events;
using Pulse.Sdk.Simulation;
using Pulse.Sdk.Statistics;
using Xunit.Abstractions;

namespace Pulse.Sdk.ConfigurationService.Tests;

/// <summary>
/// Issue 12's test: a change made through the configuration service reaches a running Data Collection Unit without a
/// restart (a new agent, an agent moved between groups, a queue's thresholds), and the unit's values are those of a
/// reference engine given the same changes at the same event time.
/// </summary>
public class LiveConfigurationChangeTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private sealed class ListSource(IReadOnlyList<PulseEvent> events) : IEventSource
    {
        public string Name => "simulator";

        public async IAsyncEnumerable<PulseEvent> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var e in events)
            {
                yield return e;
                await Task.Yield();
            }
        }
    }

    /// <summary>One change: the API call, and the configuration the test expects after it (built here, not read from the service).</summary>
    private sealed record Step(string What, string Kind, string Id, string Body, PulseConfiguration Expected);

    [Fact]
    public async Task A_change_through_the_service_reaches_a_running_DCU_without_a_restart_and_its_values_stay_those_of_replay()
    {
        var simulator = new ContactCenterSimulator(SimulatorOptions.Demo with { Seed = 5 });
        var full = simulator.Configuration;
        var events = simulator.GenerateUntil(SimulatorOptions.Demo.Start + TimeSpan.FromMinutes(30)).ToList();
        var half = events.Count / 2;
        var site = full.Tenants[0];
        var tenant = site.Id;

        // The site starts without its last agent (whose events, until it is added, match nothing); at half time the agent is
        // added and joins its group, the first agent moves to another group, the first queue's thresholds change.
        // Agents that work in the second half, so that the changes show in the values.
        var working = events[half..].Select(e => e.Agent).Where(a => a is not null).ToHashSet();
        var added = site.Agents.Last(a => working.Contains(a.Id));
        var addedGroup = site.AgentGroups.First(g => g.Agents.Contains(added.Id));
        var mover = site.Agents.First(a => working.Contains(a.Id) && !addedGroup.Agents.Contains(a.Id));
        var leftGroup = site.AgentGroups.First(g => g.Agents.Contains(mover.Id));
        var to = site.AgentGroups.First(g => !g.Agents.Contains(mover.Id) && g.Id != leftGroup.Id);
        var queue = site.Queues[0];
        Assert.NotEqual(addedGroup.Id, leftGroup.Id);
        var start = full.With(t => t with
        {
            Agents = [.. t.Agents.Where(a => a.Id != added.Id)],
            AgentGroups = [.. t.AgentGroups.Select(g => g with { Agents = [.. g.Agents.Where(a => a != added.Id)] })],
        });
        var steps = new List<Step>();
        var expected = start;
        Step Next(string what, string kind, string id, object body, Func<TenantConfig, TenantConfig> edit)
        {
            expected = expected.With(edit);
            return new Step(what, kind, id, JsonSerializer.Serialize(body, body.GetType(), ConfigurationJson.Options), expected);
        }
        static IReadOnlyList<AgentGroupConfig> Replace(IReadOnlyList<AgentGroupConfig> groups, AgentGroupConfig group) =>
            [.. groups.Select(g => g.Id == group.Id ? group : g)];
        steps.Add(Next("new agent", "agents", added.Id, added, t => t with { Agents = [.. t.Agents, added] }));
        var joined = addedGroup with { Agents = [.. start.Tenant().AgentGroups.First(g => g.Id == addedGroup.Id).Agents, added.Id] };
        steps.Add(Next("new agent into its group", "agentGroups", joined.Id, joined, t => t with { AgentGroups = Replace(t.AgentGroups, joined) }));
        var left = leftGroup with { Agents = [.. leftGroup.Agents.Where(a => a != mover.Id && a != added.Id)] };
        steps.Add(Next("agent leaves its group", "agentGroups", left.Id, left, t => t with { AgentGroups = Replace(t.AgentGroups, left) }));
        var arrived = to with { Agents = [.. expected.Tenant().AgentGroups.First(g => g.Id == to.Id).Agents, mover.Id] };
        steps.Add(Next("agent joins another group", "agentGroups", arrived.Id, arrived, t => t with { AgentGroups = Replace(t.AgentGroups, arrived) }));
        var stricter = queue with { ServiceLevelThresholdSeconds = 7, ShortAbandonThresholdSeconds = 12 };
        steps.Add(Next("queue thresholds", "queues", stricter.Id, stricter, t => t with { Queues = [.. t.Queues.Select(q => q.Id == queue.Id ? stricter : q)] }));

        // The reference: one engine on the events' clock, given each configuration at the half-way event.
        var clock = new ReplayClock(events[0].Time);
        var reference = new StatisticsEngine(start, new StatisticsEngineOptions { TimeProvider = clock });
        reference.OpenStandardCatalogue(NotificationMode.None);
        for (var i = 0; i < events.Count; i++)
        {
            if (i == half) foreach (var step in steps) reference.ApplyConfiguration(step.Expected);
            clock.AdvanceTo(events[i].Time);
            reference.Apply(events[i]);
        }
        var replay = ReplayValues.ByKey(reference.Snapshot());

        // The unit: its configuration from the service, the same events, the changes made through the API half way.
        await using var service = await TestService.StartAsync();
        await ConfigurationServiceHost.VersionOfAsync(await service.Host.PutAsync(start, 0));
        await using var provider = await HttpConfigurationProvider.StartAsync(new ConfigurationServiceClientOptions
        {
            Address = service.Host.Address, ReadSecret = ConfigurationServiceHost.ReadSecret,
        });
        await using var unit = new DataCollectionUnit(provider, new DataCollectionUnitOptions { Clock = PulseClock.Events });
        await unit.OpenStandardCatalogueAsync().WaitAsync(Limit);
        await unit.RunAsync(new ListSource(events[..half])).WaitAsync(Limit);
        await unit.DrainAsync().WaitAsync(Limit);

        // Subscribed after the unit: when this handler runs, the unit has queued the configuration for its engine.
        long seen = provider.Version;
        var arrivals = new SemaphoreSlim(0);
        provider.Changed += _ => { Interlocked.Exchange(ref seen, provider.Version); arrivals.Release(); };
        var toProvider = new List<TimeSpan>();
        var toEngine = new List<TimeSpan>();
        foreach (var step in steps)
        {
            var clockwatch = Stopwatch.StartNew();
            var version = await ConfigurationServiceHost.VersionOfAsync(await service.Host.PutObjectAsync(tenant, step.Kind, step.Id, step.Body));
            while (Interlocked.Read(ref seen) < version)
                Assert.True(await arrivals.WaitAsync(Limit), $"{step.What}: version {version} never reached the unit's provider");
            toProvider.Add(clockwatch.Elapsed);
            await unit.DrainAsync().WaitAsync(Limit);
            toEngine.Add(clockwatch.Elapsed);
            Assert.Equal(version, provider.Version);
            Assert.Equal(ConfigurationJson.Serialize(step.Expected), ConfigurationJson.Serialize(provider.Current));
        }
        await unit.RunAsync(new ListSource(events[half..])).WaitAsync(Limit);
        await unit.DrainAsync().WaitAsync(Limit);
        var actual = ReplayValues.ByKey(await unit.SnapshotAsync().WaitAsync(Limit));

        ReplayValues.AssertSame(replay, actual);
        output.WriteLine($"{events.Count} events; change -> provider {Summary(toProvider)}; change -> applied by the engine {Summary(toEngine)}");

        // The changes show in the values (else the comparison above would prove nothing): the new agent counts, the two
        // groups and the queue differ from a run without the changes.
        var unchanged = ReplayValues.Of(start, events);
        Assert.True(actual[$"{ObjectType.Agent}:{added.Id}/Handled"].Number > 0, $"{added.Id} handled nothing after it was added");
        Assert.DoesNotContain(unchanged.Keys, k => k.StartsWith($"{ObjectType.Agent}:{added.Id}/", StringComparison.Ordinal));
        foreach (var changed in new[] { addedGroup.Id, leftGroup.Id, to.Id }.Select(g => $"{ObjectType.GroupAgents}:{g}/").Append($"{ObjectType.Queue}:{queue.Id}/"))
            Assert.True(actual.Any(kv => kv.Key.StartsWith(changed, StringComparison.Ordinal) && !kv.Value.Equals(unchanged[kv.Key])),
                $"no value of {changed} differs from the run without the changes (added {added.Id} to {addedGroup.Id}, moved {mover.Id} from {leftGroup.Id} to {to.Id})");
    }

    private static string Summary(List<TimeSpan> spans) =>
        $"median {spans.Order().ElementAt(spans.Count / 2).TotalMilliseconds:F0} ms, max {spans.Max().TotalMilliseconds:F0} ms";
}
