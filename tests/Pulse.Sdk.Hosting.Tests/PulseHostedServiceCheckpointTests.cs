using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Events;
using Pulse.Sdk.Hosting.Tests.Support;
using Pulse.Sdk.Storage;

namespace Pulse.Sdk.Hosting.Tests;

/// <summary>The Data Collection Unit role with a checkpoint store: saved every interval, restored on start, feeds resumed after their positions.</summary>
public class PulseHostedServiceCheckpointTests
{
    private sealed class MemoryCheckpointStore : ICheckpointStore
    {
        public ConcurrentDictionary<string, byte[]> Blobs { get; } = new();

        public int Saves;

        public bool Fail { get; set; }

        public Task SaveCheckpointAsync(string name, ReadOnlyMemory<byte> checkpoint, CancellationToken cancellationToken = default)
        {
            if (Fail) throw new IOException("store down");
            Blobs[name] = checkpoint.ToArray();
            Interlocked.Increment(ref Saves);
            return Task.CompletedTask;
        }

        /// <summary>How long a load takes (a large checkpoint from a remote store).</summary>
        public TimeSpan LoadTime { get; set; }

        public async Task<byte[]?> LoadCheckpointAsync(string name, CancellationToken cancellationToken = default)
        {
            await Task.Delay(LoadTime, cancellationToken); // a slow store, simulated: not a wait for anything
            return Fail ? throw new IOException("store down") : Blobs.TryGetValue(name, out var b) ? b : null;
        }
    }

    /// <summary>Offsets 1..n over a fixed list; yields up to <c>limit</c> and then waits (a live feed with nothing new).</summary>
    private sealed class FeedLike(IReadOnlyList<PulseEvent> events, int limit) : IResumableEventSource
    {
        private long _position = -1;
        private long _start;

        public string Name => "feed";

        public long? Position => _position < 0 ? null : _position;

        public string? StreamId => "s1";

        public long? ResumedAfter { get; private set; }

        public void ResumeAfter(long position, string? streamId)
        {
            ResumedAfter = position;
            _start = position;
        }

        public async IAsyncEnumerable<PulseEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            for (var offset = _start + 1; offset <= limit; offset++)
            {
                _position = offset;
                yield return events[(int)offset - 1];
            }
            await Task.Delay(Timeout.Infinite, cancellationToken); // a live feed stays open until cancelled
        }
    }

    private sealed class CountingSink : Pulse.Sdk.Statistics.IStatisticSink
    {
        private long _count;

        public long Count => Interlocked.Read(ref _count);

        public void OnUpdates(ReadOnlySpan<Pulse.Sdk.Statistics.StatisticUpdate> updates) => Interlocked.Add(ref _count, updates.Length);
    }

    private static IHost Build(ICheckpointStore store, IEventSource source, Pulse.Sdk.Configuration.PulseConfiguration config, CountingSink? sink = null,
        PulseClock clock = PulseClock.Events)
    {
        var builder = PulseHostedServiceTests.NewBuilder();
        builder.Services.AddSingleton(store);
        var pulse = builder.Services.AddPulse(o =>
        {
            o.Clock = clock;
            o.CheckpointInterval = TimeSpan.FromMilliseconds(100);
            o.FlushInterval = TimeSpan.FromMilliseconds(5);
        }).AddConfiguration(config).AddEventSource(source);
        if (sink is not null) pulse.AddSink(sink);
        return builder.Build();
    }

    [Fact]
    public async Task A_killed_unit_restarts_from_the_stored_checkpoint_and_its_feed_resumes_after_the_checkpointed_offset()
    {
        var (sim, events) = TestData.Demo(3000);
        var store = new MemoryCheckpointStore();

        // The first process: 2,000 events, checkpoints every 100 ms, then it is abandoned without a stop (a kill).
        var first = Build(store, new FeedLike(events, 2000), sim.Configuration);
        await first.StartAsync();
        var unit = first.Services.GetRequiredService<DataCollectionUnit>();
        await Eventually.WaitAsync(() => unit.CountersAsync(), c => c.Total >= 2000);
        var savesBefore = Volatile.Read(ref store.Saves);
        await Eventually.WaitAsync(() => Task.FromResult(Volatile.Read(ref store.Saves)), n => n >= savesBefore + 2);
        Assert.True(store.Blobs.ContainsKey("dcu"));

        // The second process restores, and the feed is asked for what comes after the checkpoint only.
        var resumed = new FeedLike(events, 3000);
        using var second = Build(store, resumed, sim.Configuration);
        await second.StartAsync();
        var unit2 = second.Services.GetRequiredService<DataCollectionUnit>();
        var counters = await Eventually.WaitAsync(() => unit2.CountersAsync(), c => c.Applied >= 3000);
        Assert.Equal(2000, resumed.ResumedAfter);
        Assert.Equal(3000, counters.Applied);
        Assert.Equal(0, counters.Duplicates + counters.OutOfOrder + counters.SequenceGaps);
        await second.StopAsync();
        first.Dispose();
    }

    [Fact]
    public async Task A_store_that_fails_does_not_stop_the_unit_and_a_later_save_succeeds()
    {
        var (sim, events) = TestData.Demo(500);
        var store = new MemoryCheckpointStore { Fail = true };
        using var host = Build(store, new FeedLike(events, 500), sim.Configuration);
        await host.StartAsync();
        var unit = host.Services.GetRequiredService<DataCollectionUnit>();
        await Eventually.WaitAsync(() => unit.CountersAsync(), c => c.Applied >= 500);
        store.Fail = false;
        await Eventually.WaitAsync(() => Task.FromResult(Volatile.Read(ref store.Saves)), n => n >= 1);
        Assert.True(store.Blobs.ContainsKey("dcu"));
        await host.StopAsync();
    }

    [Fact]
    public async Task A_restarted_unit_does_not_overwrite_the_stored_values_with_initial_ones()
    {
        var (sim, events) = TestData.Demo(1000);
        var store = new MemoryCheckpointStore();
        // The wall clock flushes from the start, before any event.
        using (var first = Build(store, new FeedLike(events, 1000), sim.Configuration, clock: PulseClock.Wall))
        {
            await first.StartAsync();
            var unit = first.Services.GetRequiredService<DataCollectionUnit>();
            await Eventually.WaitAsync(() => unit.CountersAsync(), c => c.Applied >= 1000);
            await first.StopAsync(); // saves a last checkpoint
        }

        // Nothing new on the feed: a restart that restores the state sends nothing (a flush between opening the
        // catalogue and restoring, while the checkpoint loads, would send every statistic's initial value: zeros over
        // the stored values).
        store.LoadTime = TimeSpan.FromMilliseconds(100);
        var sink = new CountingSink();
        var feed = new FeedLike(events, 1000);
        using var second = Build(store, feed, sim.Configuration, sink, PulseClock.Wall);
        await second.StartAsync();
        var restarted = second.Services.GetRequiredService<DataCollectionUnit>();
        // The feed is resumed once the checkpoint is restored: the whole load, flushes every 5 ms, is behind us.
        await Eventually.UntilAsync(() => feed.ResumedAfter is not null, "the restore to resume the feed");
        await restarted.DrainAsync();
        Assert.Equal(0, sink.Count);
        await second.StopAsync();
    }
}
