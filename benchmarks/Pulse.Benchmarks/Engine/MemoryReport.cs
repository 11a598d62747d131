using Pulse.Sdk.Engine;

namespace Pulse.Benchmarks.Engine;

/// <summary>Bytes of managed heap per opened statistic: heap after opening the catalogue minus heap of the bare engine.</summary>
internal static class MemoryReport
{
    public static void Run()
    {
        var config = EngineWorkload.Config;
        var clock = new ReplayClock(DateTimeOffset.UnixEpoch.AddYears(55));
        long Heap()
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            return GC.GetTotalMemory(forceFullCollection: true);
        }
        var h0 = Heap();
        var engine = new StatisticsEngine(config, new StatisticsEngineOptions { TimeProvider = clock });
        var h1 = Heap();
        var opened = engine.OpenStandardCatalogue();
        var h2 = Heap();
        var visible = opened.Count;
        var total = engine.OpenedCount;
        Console.WriteLine($"engine without statistics: {(h1 - h0) / 1024.0 / 1024.0:F1} MiB");
        Console.WriteLine($"opened {visible:N0} statistics ({total:N0} with formula components): {(h2 - h1) / 1024.0 / 1024.0:F1} MiB");
        Console.WriteLine($"bytes per opened statistic: {(double)(h2 - h1) / visible:F0} (per statistic incl. components: {(double)(h2 - h1) / total:F0})");
        var (aggregators, percentileBytes, parts, objects) = engine.DescribeState();
        Console.WriteLine($"objects {objects:N0}, aggregators {aggregators:N0}, percentile estimator bytes {percentileBytes:N0}, formula parts {parts:N0}");
        GC.KeepAlive(engine);
    }
}
