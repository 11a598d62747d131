using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Redis.Tests.Support;

/// <summary>Keeps the last update of every statistic, to compare with what Redis holds.</summary>
internal sealed class LastValueSink : IStatisticSink
{
    public Dictionary<OpenedStatistic, StatisticUpdate> Last { get; } = new(ReferenceEqualityComparer.Instance);

    public void OnUpdates(ReadOnlySpan<StatisticUpdate> updates)
    {
        foreach (var u in updates) Last[u.Statistic] = u;
    }
}
