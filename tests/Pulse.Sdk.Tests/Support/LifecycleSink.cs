using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Tests.Support;

/// <summary>
/// A sink that logs every call of the sink contract in order (thread-safe: a unit's partitions share it), and can throw from
/// the lifecycle calls to show that the engine isolates them.
/// </summary>
internal sealed class LifecycleSink(bool throwFromLifecycle = false) : IStatisticSink
{
    private readonly Lock _gate = new();
    private readonly List<string> _calls = [];
    private readonly List<(OpenedStatistic Statistic, DateTimeOffset Time)> _closed = [];
    private readonly List<StatisticUpdate> _updates = [];

    /// <summary>"updates", "closed", "flush", "shutdown", in the order they came.</summary>
    public IReadOnlyList<string> Calls
    {
        get { lock (_gate) return [.. _calls]; }
    }

    public IReadOnlyList<(OpenedStatistic Statistic, DateTimeOffset Time)> Closed
    {
        get { lock (_gate) return [.. _closed]; }
    }

    public IReadOnlyList<StatisticUpdate> Updates
    {
        get { lock (_gate) return [.. _updates]; }
    }

    public void OnUpdates(ReadOnlySpan<StatisticUpdate> updates)
    {
        lock (_gate)
        {
            _calls.Add("updates");
            foreach (var u in updates) _updates.Add(u);
        }
    }

    public void OnClosed(OpenedStatistic statistic, DateTimeOffset time)
    {
        lock (_gate)
        {
            _calls.Add("closed");
            _closed.Add((statistic, time));
        }
        ThrowIfAsked("OnClosed");
    }

    public bool ForceFlush(TimeSpan timeout)
    {
        lock (_gate) _calls.Add("flush");
        ThrowIfAsked("ForceFlush");
        return true;
    }

    public bool Shutdown(TimeSpan timeout)
    {
        lock (_gate) _calls.Add("shutdown");
        ThrowIfAsked("Shutdown");
        return true;
    }

    private void ThrowIfAsked(string call)
    {
        if (throwFromLifecycle) throw new InvalidOperationException(call + " failed");
    }
}
