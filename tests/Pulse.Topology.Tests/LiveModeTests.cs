using System.Globalization;
using System.Text.RegularExpressions;
using Pulse.Sdk.Simulation;
using Pulse.Topology.Tests.Support;
using Xunit.Abstractions;
using static Pulse.Topology.Tests.Support.Poll;

namespace Pulse.Topology.Tests;

/// <summary>
/// The other wiring of the same day: README's first command (<c>all</c>: the simulator straight into an in-process
/// DCU and web application, no feed protocol, no LDS, one stream in the simulator's order) with the seed, start, speed
/// and end the topology tests give their upstream services. With the events clock, every statistic of the standard
/// catalogue read through its REST API equals replay of the time-ordered merge, which the topology tests check for the
/// multi-process wiring too: the same numbers whatever the wiring.
/// </summary>
public sealed class LiveModeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_all_command_ends_with_the_values_of_replay_as_the_topology_does()
    {
        var now = DateTimeOffset.UtcNow;
        var start = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var until = start.AddSeconds(300);
        const int seed = 3;
        await using var all = HostProcess.Role("all", "--seed", seed.ToString(CultureInfo.InvariantCulture), "--speed", "30",
            "--start", start.ToString("O", CultureInfo.InvariantCulture), "--until", until.ToString("O", CultureInfo.InvariantCulture),
            "--clock", "events", "--http-port", "0");
        Uri? address = null;
        await Eventually(() => Task.FromResult((address = Address(all.Output)) is not null || all.HasExited), TimeSpan.FromSeconds(60), "the wallboard's address");
        Assert.False(all.HasExited, "all exited:\n" + all.Output);

        var simulator = new ContactCenterSimulator(SimulatorOptions.Demo with { Seed = seed, Start = start });
        var reference = ReplayReference.Compute(simulator.Generate().TakeWhile(e => e.Time < until), simulator.Configuration);
        output.WriteLine($"{reference.EventCount} events from {start:O} to {reference.LastEvent:O}, {reference.Values.Count} statistics");
        using var api = new PulseApiClient(address!);
        await api.LoginAsync("supervisor", "pulse");
        var layouts = await CatalogueLayouts.CreateAsync(api, reference);

        Dictionary<string, LiveValue> rest = [];
        var equal = await Eventually(async () => (rest = await CatalogueLayouts.ReadAllAsync(api, layouts) ?? []).Count > 0 && reference.Differences(rest).Count == 0,
            TimeSpan.FromSeconds(90), null);
        var differences = reference.Differences(rest);
        Assert.True(equal, $"{differences.Count} of {reference.Values.Count} values of the all command differ from replay:\n" + string.Join("\n", differences.Take(30)));
    }

    private static Uri? Address(string output) =>
        Regex.Match(output, @"wallboard: (http://\S+)") is { Success: true } m ? new Uri(m.Groups[1].Value.TrimEnd('/') + "/") : null;
}
