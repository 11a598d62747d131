using System.Net;
using System.Runtime.CompilerServices;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Events;
using Pulse.Sdk.Feed;
using Pulse.Sdk.Redis.Tests.Support;
using Pulse.Sdk.Simulation;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Redis.Tests.Recovery;

/// <summary>
/// DCU recovery end to end: the events come over the feed protocol, the engine's checkpoint is kept in Redis
/// every few hundred events, and the DCU is killed at random points (losing what it applied since its last
/// checkpoint). Each restart restores the checkpoint from Redis and resumes the feed; at the end every value is
/// bit for bit the value of a run that was never interrupted.
/// </summary>
public class DcuRecoveryTests
{
    private static readonly SimulatorOptions Options = SimulatorOptions.Demo with { Start = new DateTimeOffset(2026, 11, 26, 23, 45, 0, TimeSpan.Zero) };

    private static (StatisticsEngine Engine, ReplayClock Clock) NewEngine(PulseConfiguration config)
    {
        var clock = new ReplayClock(Options.Start);
        var engine = new StatisticsEngine(config, new StatisticsEngineOptions { TimeProvider = clock });
        engine.OpenStandardCatalogue();
        return (engine, clock);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public async Task Killed_at_random_points_and_restored_from_redis_it_ends_with_the_uninterrupted_values(int seed)
    {
        var sim = new ContactCenterSimulator(Options with { Seed = seed });
        var events = sim.Generate().Take(5000).ToList();
        var end = events[^1].Time.AddSeconds(10);

        var (reference, refClock) = NewEngine(sim.Configuration);
        foreach (var e in events)
        {
            refClock.AdvanceTo(e.Time);
            reference.Apply(e);
        }
        refClock.AdvanceTo(end);

        await using var upstream = new FeedServer(new ListSource(events), new FeedServerOptions { RingCapacity = 8192, StreamId = "voice-1" });
        upstream.Start(new IPEndPoint(IPAddress.Loopback, 0));
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        var checkpoints = new RedisCheckpointStore(redis, RedisTestEnvironment.UniquePrefix());

        var random = new Random(seed);
        StatisticsEngine? survivor = null;
        ReplayClock? survivorClock = null;
        for (var life = 0; survivor is null; life++)
        {
            Assert.True(life < 20, "too many restarts");
            var (engine, clock) = NewEngine(sim.Configuration);
            long resumeFrom = 0;
            if (await checkpoints.LoadCheckpointAsync("p0") is { } saved)
            {
                // The blob is the feed offset the checkpoint corresponds to, then the engine checkpoint.
                resumeFrom = BitConverter.ToInt64(saved, 0);
                engine.RestoreCheckpoint(new MemoryStream(saved, 8, saved.Length - 8));
            }
            var killAfter = life < 4 ? random.Next(300, 2500) : int.MaxValue; // four kills, then run to the end
            var applied = 0;
            // Resume after the checkpoint's offset (not from the start): only the checkpoint holds what came before.
            using var client = new FeedClient(new FeedClientOptions { Port = upstream.LocalEndPoint!.Port, ClientId = "dcu", ResumeFrom = resumeFrom });
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await foreach (var e in client.ReadAllAsync(cts.Token))
            {
                clock.AdvanceTo(e.Time);
                engine.Apply(e);
                if (++applied % 250 == 0)
                {
                    var ms = new MemoryStream();
                    ms.Write(BitConverter.GetBytes(client.LastOffset!.Value));
                    engine.WriteCheckpoint(ms);
                    await checkpoints.SaveCheckpointAsync("p0", ms.ToArray());
                }
                if (applied == killAfter) break;                       // killed: nothing saved since the last checkpoint
                if (client.LastOffset == events.Count) { survivor = engine; survivorClock = clock; break; }
            }
        }
        survivorClock!.AdvanceTo(end);

        var expected = reference.Snapshot().ToDictionary(u => u.Statistic.ToString(), u => (BitConverter.DoubleToInt64Bits(u.Value.Number), u.Value.State, u.Value.Reason));
        var actual = survivor.Snapshot().ToDictionary(u => u.Statistic.ToString(), u => (BitConverter.DoubleToInt64Bits(u.Value.Number), u.Value.State, u.Value.Reason));
        Assert.Equal(expected.Count, actual.Count);
        var differing = expected.Where(kv => !actual[kv.Key].Equals(kv.Value)).Take(5).Select(kv => $"{kv.Key}: {kv.Value} vs {actual[kv.Key]}").ToList();
        Assert.True(differing.Count == 0, string.Join("; ", differing));
        Assert.Equal(reference.Counters.Applied, survivor.Counters.Applied);
    }

    private sealed class ListSource(IReadOnlyList<PulseEvent> events) : IEventSource
    {
        public string Name => "list";

        public async IAsyncEnumerable<PulseEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var e in events) yield return e;
            await Task.Delay(Timeout.Infinite, cancellationToken); // a live upstream stays open
        }
    }
}
