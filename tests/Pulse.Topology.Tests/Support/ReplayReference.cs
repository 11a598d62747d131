using Pulse.Sdk.Engine;
using Pulse.Sdk.Events;
using Pulse.Sdk.Simulation;
using Pulse.Sdk.Statistics;

namespace Pulse.Topology.Tests.Support;

/// <summary>
/// What <c>replay</c> says the values are: the events the four upstream processes serve (the demo simulator with the
/// topology's seed and start, up to its end), applied in (time, stream, seq) order to one engine with the standard
/// catalogue, its clock at each event's time, read after the last event.
/// </summary>
internal sealed class ReplayReference
{
    private ReplayReference(Dictionary<string, LiveValue> values, int events, DateTimeOffset last)
    {
        Values = values;
        EventCount = events;
        LastEvent = last;
    }

    /// <summary>Every statistic of the catalogue, by <c>Type:id/statistic</c>.</summary>
    public Dictionary<string, LiveValue> Values { get; }

    public int EventCount { get; }

    public DateTimeOffset LastEvent { get; }

    /// <summary>The object ids of each object type, and the statistics of that type.</summary>
    public IEnumerable<(string Type, string[] Objects, string[] Statistics)> Catalogue() =>
        Values.Keys.Select(k => (Type: k[..k.IndexOf(':')], Object: k[(k.IndexOf(':') + 1)..k.IndexOf('/')], Statistic: k[(k.IndexOf('/') + 1)..]))
            .GroupBy(k => k.Type)
            .Select(g => (g.Key, g.Select(k => k.Object).Distinct().Order(StringComparer.Ordinal).ToArray(),
                g.Select(k => k.Statistic).Distinct().Order(StringComparer.Ordinal).ToArray()));

    public static ReplayReference Compute(IEnumerable<PulseEvent> served, Pulse.Sdk.Configuration.PulseConfiguration configuration)
    {
        var (engine, events) = Replay(served, configuration, e => e.OpenStandardCatalogue(NotificationMode.None));
        var values = engine.Snapshot().ToDictionary(
            u => $"{u.Statistic.Object.Type}:{u.Statistic.Object.Id}/{u.Statistic.Type.Name}",
            u => new LiveValue($"{u.Statistic.Object.Type}:{u.Statistic.Object.Id}/{u.Statistic.Type.Name}", u.Value.Number, u.Value.State?.ToString(), u.Value.Reason));
        return new ReplayReference(values, events.Count, events[^1].Time);
    }

    /// <summary>What replay gives <paramref name="type"/> on each of <paramref name="objects"/>: the same events applied to one engine with only those open.</summary>
    public static Dictionary<ObjectRef, StatisticValue> ValuesOf(IEnumerable<PulseEvent> served, Pulse.Sdk.Configuration.PulseConfiguration configuration,
        StatisticType type, IEnumerable<ObjectRef> objects)
    {
        var opened = new Dictionary<ObjectRef, OpenedStatistic>();
        var (engine, _) = Replay(served, configuration, e =>
        {
            foreach (var o in objects) opened[o] = e.Open(new StatisticRequest(type, o, NotificationMode.None));
        });
        return opened.ToDictionary(kv => kv.Key, kv => engine.Read(kv.Value));
    }

    private static (StatisticsEngine Engine, List<PulseEvent> Events) Replay(IEnumerable<PulseEvent> served, Pulse.Sdk.Configuration.PulseConfiguration configuration,
        Action<StatisticsEngine> open)
    {
        var events = served.OrderBy(e => e.Time).ThenBy(e => (int)e.Source).ThenBy(e => e.Seq).ToList();
        var clock = new ReplayClock(events[0].Time);
        var engine = new StatisticsEngine(configuration, new StatisticsEngineOptions { TimeProvider = clock });
        open(engine);
        foreach (var e in events)
        {
            clock.AdvanceTo(e.Time);
            engine.Apply(e);
        }
        return (engine, events);
    }

    /// <summary>The keys whose values differ (or are missing), with both sides, for a failure message; <paramref name="only"/> those keys.</summary>
    public List<string> Differences(IReadOnlyDictionary<string, LiveValue> actual, Func<string, bool>? only = null) =>
        Values.Where(kv => only?.Invoke(kv.Key) != false && (!actual.TryGetValue(kv.Key, out var a) || !Same(kv.Value, a)))
            .Select(kv => $"{kv.Key}: replay {kv.Value}, topology {(actual.TryGetValue(kv.Key, out var a) ? a.ToString() : "missing")}")
            .ToList();

    private static bool Same(LiveValue expected, LiveValue actual) =>
        expected.Number.Equals(actual.Number) && expected.State == actual.State && expected.Reason == actual.Reason && expected.Stale == actual.Stale;
}
