using System.Diagnostics;
using System.Globalization;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Statistics;
using StackExchange.Redis;

namespace Pulse.Benchmarks.Topology;

/// <summary>
/// Where a restarted DCU's time goes, the same steps in this process with a stopwatch around each: read the
/// configuration file, build the unit, open the standard catalogue, GET the checkpoint from Redis, decode and restore
/// it, and the first flush after the restore (how many values it hands the sinks).
/// </summary>
public static class DcuRestartProfile
{
    public static async Task RunAsync(string configPath, IDatabase redis, string checkpointKey, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(log);
        var watch = Stopwatch.StartNew();
        var gen2 = GC.CollectionCount(2);
        var steps = new List<string>();
        void Step(string what)
        {
            steps.Add(string.Create(CultureInfo.InvariantCulture, $"{what} {watch.Elapsed.TotalMilliseconds:0} ms"));
            watch.Restart();
        }

        var config = ConfigurationJson.Load(configPath);
        Step("read the configuration");
        var sink = new CountingSink();
        await using var unit = new DataCollectionUnit(new StaticConfigurationProvider(config), new DataCollectionUnitOptions { Clock = PulseClock.Wall }, [sink]);
        Step("build the unit");
        var opened = await unit.OpenStandardCatalogueAsync().ConfigureAwait(false);
        Step(string.Create(CultureInfo.InvariantCulture, $"open the catalogue ({opened:N0})"));
        await unit.DrainAsync().ConfigureAwait(false);
        var initial = sink.Take();
        Step(string.Create(CultureInfo.InvariantCulture, $"first flush, before the restore ({initial:N0} values)"));
        byte[] blob = (await redis.StringGetAsync(checkpointKey).ConfigureAwait(false))!;
        Step(string.Create(CultureInfo.InvariantCulture, $"GET the checkpoint ({blob.Length / 1e6:0.0} MB)"));
        using (var stream = new MemoryStream(blob, writable: false)) await unit.RestoreCheckpointAsync(stream).ConfigureAwait(false);
        Step("decode and restore");
        await unit.DrainAsync().ConfigureAwait(false);
        Step(string.Create(CultureInfo.InvariantCulture, $"first flush after the restore ({sink.Take():N0} values)"));
        using (var buffer = new MemoryStream())
        {
            await unit.WriteCheckpointAsync(buffer).ConfigureAwait(false);
            Step("write a checkpoint");
            await redis.StringSetAsync(checkpointKey + ":profile", buffer.GetBuffer().AsMemory(0, (int)buffer.Length)).ConfigureAwait(false);
            Step("SET it in Redis");
            await redis.KeyDeleteAsync(checkpointKey + ":profile").ConfigureAwait(false);
        }
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  profile (in process, one pass): {string.Join("; ", steps)}; full GCs {GC.CollectionCount(2) - gen2}"));
    }

    private sealed class CountingSink : IStatisticSink
    {
        private long _count;

        public void OnUpdates(ReadOnlySpan<StatisticUpdate> updates) => Interlocked.Add(ref _count, updates.Length);

        public long Take() => Interlocked.Exchange(ref _count, 0);
    }
}
