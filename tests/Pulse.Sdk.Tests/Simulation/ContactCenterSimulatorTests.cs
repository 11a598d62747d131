using FsCheck.Xunit;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Events;
using Pulse.Sdk.Simulation;
using Pulse.Sdk.Tests.Support;

namespace Pulse.Sdk.Tests.Simulation;

public class ContactCenterSimulatorTests
{
    private const int DemoEvents = 200_000;
    private const int BenchmarkEvents = 150_000;

    /// <summary>One long Demo run shared by the tests that only read it.</summary>
    private static readonly Lazy<SimulationChecker> DemoRun = new(() =>
        SimulationChecker.Run(SimulatorOptions.Demo, new ContactCenterSimulator(SimulatorOptions.Demo).Generate().Take(DemoEvents)));

    [Fact]
    public void Demo_long_run_follows_the_canonical_flows()
    {
        var c = DemoRun.Value;
        c.AssertNoViolations();

        // Every part of the model shows up in a long run.
        foreach (var type in new[]
                 {
                     PulseEventType.AgentLogin, PulseEventType.AgentReady, PulseEventType.AgentNotReady, PulseEventType.Queued,
                     PulseEventType.Diverted, PulseEventType.Ringing, PulseEventType.Established, PulseEventType.Held,
                     PulseEventType.Retrieved, PulseEventType.Released, PulseEventType.Abandoned,
                 })
            Assert.True(c.VoiceCounts.GetValueOrDefault(type) > 0, $"no voice {type}");
        foreach (var type in new[] { PulseEventType.Queued, PulseEventType.Diverted, PulseEventType.Abandoned })
            Assert.True(c.VoiceVqCounts.GetValueOrDefault(type) > 0, $"no voice-vq {type}");
        foreach (var type in new[]
                 {
                     PulseEventType.AgentLogin, PulseEventType.ReadyForMedia, PulseEventType.InteractionSubmitted, PulseEventType.PlacedInQueue,
                     PulseEventType.TakenFromQueue, PulseEventType.AgentInvited, PulseEventType.PartyAdded, PulseEventType.PartyRemoved,
                     PulseEventType.ProcessingStopped,
                 })
            Assert.True(c.IxnCounts.GetValueOrDefault(type) > 0, $"no ixn {type}");
        foreach (var type in new[] { PulseEventType.PlacedInQueue, PulseEventType.TakenFromQueue })
            Assert.True(c.IxnVqCounts.GetValueOrDefault(type) > 0, $"no ixn-vq {type}");
        Assert.Equal(24, c.VoiceCounts[PulseEventType.AgentLogin]);
        Assert.True(c.QueueAbandons > 0);
        Assert.True(c.RingAbandons > 0);
        Assert.True(c.BreaksTaken > 0);
        Assert.Equal(["Break", "Lunch", "Training"], c.BreakReasonsSeen.Order(StringComparer.Ordinal));

        // Ring abandons are occasional, not the rule; most calls are answered.
        var ringing = c.VoiceCounts[PulseEventType.Ringing];
        Assert.InRange(c.RingAbandons, 1, ringing / 10);
        Assert.True(c.VoiceCounts[PulseEventType.Established] > 0.8 * c.VoiceCounts[PulseEventType.Queued]);

        // Calls still open at the end are at most those waiting and those with an agent.
        var open = c.VoiceCounts[PulseEventType.Queued] - c.CallsEnded;
        Assert.InRange(open, 0, 24 + 200);
    }

    [Fact]
    public void Benchmark_run_follows_the_canonical_flows()
    {
        var options = SimulatorOptions.Benchmark;
        var sim = new ContactCenterSimulator(options);
        Assert.Empty(ConfigurationValidator.Validate(sim.Configuration));
        var c = SimulationChecker.Run(options, sim.Generate().Take(BenchmarkEvents));
        c.AssertNoViolations();
        Assert.Equal(10_000, c.VoiceCounts[PulseEventType.AgentLogin]);
        Assert.True(c.VoiceCounts[PulseEventType.Released] > 1000);
        Assert.True(c.VoiceVqCounts[PulseEventType.Queued] > 1000);
        Assert.True(c.IxnCounts[PulseEventType.PartyRemoved] > 100);
    }

    [Fact]
    public void Calls_arrive_as_a_Poisson_process_at_the_configured_rate()
    {
        var c = DemoRun.Value;
        var expectedGap = 3600.0 / SimulatorOptions.Demo.CallsPerHourPerQueue;
        Assert.Equal(SimulatorOptions.Demo.Queues, c.ArrivalsByQueueDn.Count);
        foreach (var (dn, times) in c.ArrivalsByQueueDn)
        {
            Assert.True(times.Count > 5000, $"queue {dn}: only {times.Count} arrivals");
            var gaps = times.Zip(times.Skip(1), (a, b) => (b - a).TotalSeconds).ToArray();
            var mean = gaps.Average();
            var sd = Math.Sqrt(gaps.Sum(g => (g - mean) * (g - mean)) / (gaps.Length - 1));
            // Standard error of the mean is about 1.3% here; exponential gaps have a coefficient of variation of 1.
            Assert.InRange(mean, expectedGap * 0.95, expectedGap * 1.05);
            Assert.InRange(sd / mean, 0.93, 1.07);
        }
    }

    [Fact]
    public void Same_seed_gives_the_same_sequence_and_another_seed_differs()
    {
        const int n = 50_000;
        var a = new ContactCenterSimulator(SimulatorOptions.Demo).Generate().Take(n).Select(SimulationChecker.Serialize).ToList();
        var b = new ContactCenterSimulator(SimulatorOptions.Demo).Generate().Take(n).Select(SimulationChecker.Serialize).ToList();
        Assert.Equal(a, b);

        // Each enumeration restarts the model.
        var sim = new ContactCenterSimulator(SimulatorOptions.Demo);
        Assert.Equal(a.Take(5000), sim.Generate().Take(5000).Select(SimulationChecker.Serialize));
        Assert.Equal(a.Take(5000), sim.Generate().Take(5000).Select(SimulationChecker.Serialize));

        var other = new ContactCenterSimulator(SimulatorOptions.Demo with { Seed = 42 }).Generate().Take(n).Select(SimulationChecker.Serialize).ToList();
        Assert.NotEqual(a, other);
        // Logins at Start are the same; what follows is not.
        var logins = a.TakeWhile((s, i) => s == other[i]).Count();
        Assert.InRange(logins, 24, 1000);
    }

    [Fact]
    public void Same_seed_gives_the_same_benchmark_sequence()
    {
        const int n = 60_000;
        var a = new ContactCenterSimulator(SimulatorOptions.Benchmark).Generate().Skip(30_000).Take(n).Select(SimulationChecker.Serialize);
        var b = new ContactCenterSimulator(SimulatorOptions.Benchmark).Generate().Skip(30_000).Take(n).Select(SimulationChecker.Serialize);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Sequence_starts_with_logins_at_start_and_unique_ids()
    {
        var options = SimulatorOptions.Demo;
        var events = new ContactCenterSimulator(options).Generate().Take(20_000).ToList();
        var first = events[0];
        Assert.Equal(PulseEventType.AgentLogin, first.Type);
        Assert.Equal(options.Start, first.Time);
        Assert.Equal(1, first.Seq);
        Assert.Equal(PulseEventType.AgentReady, events[1].Type);
        Assert.All(events.TakeWhile(e => e.Time == options.Start),
            e => Assert.Contains(e.Type, new[] { PulseEventType.AgentLogin, PulseEventType.AgentReady, PulseEventType.ReadyForMedia }));

        var connIds = events.Where(e => e.Source == EventSourceKind.Voice && e.Type == PulseEventType.Queued).Select(e => e.ConnId!).ToList();
        Assert.Equal(connIds.Count, connIds.Distinct(StringComparer.Ordinal).Count());
        Assert.All(connIds, id => Assert.Matches("^[0-9A-F]{16}$", id));
        var ixnIds = events.Where(e => e.Type == PulseEventType.InteractionSubmitted).Select(e => e.InteractionId!).ToList();
        Assert.Equal(ixnIds.Count, ixnIds.Distinct(StringComparer.Ordinal).Count());
        Assert.All(events.Where(e => e.Source == EventSourceKind.Ixn && e.Type != PulseEventType.AgentLogin),
            e => Assert.Contains(e.Media, new[] { MediaType.Chat, MediaType.EMail }));
        // Every other interaction also waits in the virtual interaction queue, reported on the ixn-vq stream.
        Assert.All(events.Where(e => e.Source == EventSourceKind.IxnVq), e => Assert.Equal("ivq001", e.Queue));
        Assert.Equal(ixnIds.Where((_, i) => i % 2 == 1), events.Where(e => e.Source == EventSourceKind.IxnVq && e.Type == PulseEventType.PlacedInQueue).Select(e => e.InteractionId!));
    }

    [Fact]
    public void GenerateUntil_is_the_prefix_before_end()
    {
        var sim = new ContactCenterSimulator(SimulatorOptions.Demo);
        var end = sim.Options.Start.AddMinutes(30);
        var until = sim.GenerateUntil(end).Select(SimulationChecker.Serialize).ToList();
        var all = sim.Generate().TakeWhile(e => e.Time < end).Select(SimulationChecker.Serialize).ToList();
        Assert.Equal(all, until);
        Assert.True(until.Count > 1000);
        Assert.All(sim.GenerateUntil(end), e => Assert.True(e.Time < end));
    }

    [Fact]
    public void Without_arrivals_the_sequence_ends_after_the_logins()
    {
        var options = SimulatorOptions.Demo with { CallsPerHourPerQueue = 0, ChatsPerHour = 0, EmailsPerHour = 0 };
        var events = new ContactCenterSimulator(options).Generate().ToList();
        Assert.All(events, e => Assert.Equal(options.Start, e.Time));
        Assert.Equal(48, events.Count(e => e.Source == EventSourceKind.Voice));
    }

    [Fact]
    public void The_checker_catches_broken_streams()
    {
        var options = SimulatorOptions.Demo;
        var events = new ContactCenterSimulator(options).Generate().Take(3000).ToList();
        SimulationChecker.Run(options, events).AssertNoViolations();

        var ringing = events.FindIndex(e => e.Type == PulseEventType.Ringing);
        var noRinging = events.Where((_, i) => i != ringing).ToList();
        Assert.NotEmpty(SimulationChecker.Run(options, noRinging).Violations);

        var established = events.FindIndex(e => e.Type == PulseEventType.Established);
        var unknownAgent = events.Select((e, i) => i == established ? e with { Dn = "8001" } : e).ToList();
        Assert.NotEmpty(SimulationChecker.Run(options, unknownAgent).Violations);

        var swapped = events.ToList();
        (swapped[100], swapped[2000]) = (swapped[2000], swapped[100]);
        Assert.NotEmpty(SimulationChecker.Run(options, swapped).Violations);
    }

    [Fact]
    public void Emails_can_be_withdrawn_while_queued()
    {
        var options = SimulatorOptions.Demo with { EmailAgentFraction = 0.1, EmailsPerHour = 200, EmailAbandonProbability = 1, MeanEmailPatienceSeconds = 60 };
        var c = SimulationChecker.Run(options, new ContactCenterSimulator(options).Generate().Take(50_000));
        c.AssertNoViolations();
        Assert.True(c.EmailsWithdrawn > 10);
        Assert.True(c.IxnVqCounts.GetValueOrDefault(PulseEventType.ProcessingStopped) > 5, "no e-mail withdrawn from the virtual queue");
    }

    [Property(MaxTest = 30)]
    public void Any_seed_and_shape_gives_a_consistent_stream(int seed, byte shape)
    {
        var queues = 1 + shape % 5;
        var agents = 1 + shape % 17;
        var options = SimulatorOptions.Demo with
        {
            Seed = seed,
            Queues = queues,
            VirtualQueues = (shape / 5) % (queues + 1),
            Agents = agents,
            AgentGroups = 1 + (shape / 3) % Math.Min(agents, 4),
            InteractionQueues = shape % 3,
            CallsPerHourPerQueue = 50 + shape * 2,
            ChatAgentFraction = (shape % 4) / 3.0,
            EmailAgentFraction = (shape % 3) / 2.0,
            EmailAbandonProbability = 0.5,
        };
        Assert.Empty(options.Validate());
        Assert.Empty(ConfigurationValidator.Validate(options.BuildConfiguration()));
        var c = SimulationChecker.Run(options, new ContactCenterSimulator(options).Generate().Take(15_000));
        c.AssertNoViolations();
    }

    // ------------------------------------------------------------------ pacing

    [Fact]
    public async Task ReadAllAsync_yields_events_only_as_time_advances()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2031, 3, 4, 5, 6, 7, TimeSpan.Zero));
        var sim = new ContactCenterSimulator(SimulatorOptions.Demo, clock);
        await AssertPaced(sim, clock, speed: 1);
    }

    [Fact]
    public async Task ReadAllAsync_with_speed_ten_runs_ten_times_faster()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var sim = new ContactCenterSimulator(SimulatorOptions.Demo, clock) { Speed = 10 };
        Assert.Equal(10, sim.Speed);
        await AssertPaced(sim, clock, speed: 10);
    }

    [Fact]
    public async Task ReadAllAsync_stops_when_cancelled_while_waiting()
    {
        var clock = new CountingTimeProvider(DateTimeOffset.UnixEpoch);
        var sim = new ContactCenterSimulator(SimulatorOptions.Demo, clock);
        var atStart = sim.Generate().TakeWhile(e => e.Time == sim.Options.Start).Count();
        using var cts = new CancellationTokenSource();
        await using var it = sim.ReadAllAsync(cts.Token).GetAsyncEnumerator(cts.Token);
        for (var i = 0; i < atStart; i++) Assert.True(await it.MoveNextAsync());
        var pending = it.MoveNextAsync().AsTask();
        Assert.False(pending.IsCompleted);
        Assert.Equal(1, clock.ScheduledTimers);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, clock.ScheduledTimers);
    }

    [Fact]
    public async Task Simulator_is_an_event_source()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        IEventSource source = new ContactCenterSimulator(SimulatorOptions.Demo, clock);
        Assert.Equal("simulator", source.Name);
        var n = 0;
        await foreach (var e in source.ReadAllAsync())
        {
            Assert.Equal(SimulatorOptions.Demo.Start, e.Time);
            if (++n == 10) break;
        }
    }

    private static async Task AssertPaced(ContactCenterSimulator sim, FakeTimeProvider clock, double speed)
    {
        const int n = 400;
        var expected = sim.Generate().Take(n).ToList();
        var start = sim.Options.Start;
        var atStart = expected.TakeWhile(e => e.Time == start).Count();
        Assert.InRange(atStart, 24, n - 10);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var it = sim.ReadAllAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
        var elapsed = TimeSpan.Zero;

        // Everything at Start is delivered at once, without the clock moving.
        for (var i = 0; i < atStart; i++)
        {
            var step = it.MoveNextAsync();
            Assert.True(step.IsCompleted, $"event {i} at Start was not immediately available");
            Assert.True(await step);
            Assert.Equal(SimulationChecker.Serialize(expected[i]), SimulationChecker.Serialize(it.Current));
        }

        var waits = 0;
        for (var i = atStart; i < n; i++)
        {
            var due = TimeSpan.FromTicks((long)((expected[i].Time - start).Ticks / speed));
            var step = it.MoveNextAsync();
            if (due > elapsed)
            {
                Assert.False(step.IsCompleted, $"event {i} delivered {due - elapsed} early");
                waits++;
                // Just short of due: still waiting.
                var shortOf = due - elapsed - TimeSpan.FromTicks(1);
                clock.Advance(shortOf);
                elapsed += shortOf;
                Assert.False(step.IsCompleted, $"event {i} delivered 1 tick early");
                // Timers have millisecond resolution: the event is due within the next millisecond.
                clock.Advance(TimeSpan.FromMilliseconds(1));
                elapsed += TimeSpan.FromMilliseconds(1);
            }
            Assert.True(await step.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal(SimulationChecker.Serialize(expected[i]), SimulationChecker.Serialize(it.Current));
        }
        Assert.True(waits > 20, $"only {waits} waits");
    }
}
