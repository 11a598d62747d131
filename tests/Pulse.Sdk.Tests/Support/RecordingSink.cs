using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Tests.Support;

/// <summary>A sink that records every update it receives, and how many times it was called.</summary>
internal sealed class RecordingSink : IStatisticSink
{
    public List<StatisticUpdate> Updates { get; } = [];

    public int Calls { get; private set; }

    public void OnUpdates(ReadOnlySpan<StatisticUpdate> updates)
    {
        Calls++;
        foreach (var u in updates) Updates.Add(u);
    }

    public List<StatisticUpdate> For(OpenedStatistic statistic) => Updates.Where(u => ReferenceEquals(u.Statistic, statistic)).ToList();

    public void Clear()
    {
        Updates.Clear();
        Calls = 0;
    }
}
