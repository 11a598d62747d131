using Pulse.Sdk.Configuration;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Events;
using Pulse.Sdk.Statistics;

namespace Pulse.Testing;

/// <summary>The reference values of the tests that compare a unit with replay: every statistic of the standard catalogue, by key.</summary>
public static class ReplayValues
{
    /// <summary>The time-ordered merge of docs/statistics.md, "Joining the streams": time, stream kind, seq (stable among equals).</summary>
    public static List<PulseEvent> TimeOrdered(IEnumerable<PulseEvent> events) =>
        events.OrderBy(e => e.Time).ThenBy(e => (int)e.Source).ThenBy(e => e.Seq).ToList();

    /// <summary>An engine with a replay clock fed <paramref name="events"/> in the given order, the standard catalogue read at the last event.</summary>
    public static Dictionary<string, StatisticValue> Of(PulseConfiguration config, IEnumerable<PulseEvent> events)
    {
        var list = events.ToList();
        var clock = new ReplayClock(list[0].Time);
        var engine = new StatisticsEngine(config, new StatisticsEngineOptions { TimeProvider = clock });
        engine.OpenStandardCatalogue(NotificationMode.None);
        foreach (var e in list)
        {
            clock.AdvanceTo(e.Time);
            engine.Apply(e);
        }
        return ByKey(engine.Snapshot());
    }

    public static string Key(StatisticUpdate u) => $"{u.Statistic.Object.Type}:{u.Statistic.Object.Id}/{u.Statistic.Type.Name}";

    public static Dictionary<string, StatisticValue> ByKey(IEnumerable<StatisticUpdate> snapshot) => snapshot.ToDictionary(Key, u => u.Value);

    public static void AssertSame(Dictionary<string, StatisticValue> expected, Dictionary<string, StatisticValue> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        var differing = expected.Where(kv => !actual.TryGetValue(kv.Key, out var a) || !a.Equals(kv.Value))
            .Select(kv => $"{kv.Key}: replay {kv.Value}, actual {actual.GetValueOrDefault(kv.Key)}").ToList();
        Assert.True(differing.Count == 0, $"{differing.Count} of {expected.Count} values differ:\n" + string.Join("\n", differing.Take(20)));
    }
}
