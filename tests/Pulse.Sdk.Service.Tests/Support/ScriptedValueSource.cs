using Pulse.Sdk.Statistics;
using Pulse.Sdk.Storage;

namespace Pulse.Sdk.Service.Tests.Support;

/// <summary>An <see cref="IStatisticValueSource"/> the test drives: <see cref="Publish"/> stores values and hands them to the observers.</summary>
internal sealed class ScriptedValueSource : IStatisticValueSource
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(ObjectRef, string), StatisticChange> _latest = [];
    private readonly List<(string Tenant, IStatisticChangeObserver Observer)> _observers = [];

    public IReadOnlyList<TimeSpan> HistoryResolutions { get; set; } = [];

    public List<StatisticHistoryPoint> History { get; } = [];

    /// <summary>A statistic's own history, by statistic name; <see cref="History"/> for the others.</summary>
    public Dictionary<string, List<StatisticHistoryPoint>> HistoryOf { get; } = new(StringComparer.Ordinal);

    public int ObserverCount
    {
        get { lock (_gate) return _observers.Count; }
    }

    public void Publish(params StatisticChange[] changes)
    {
        (string, IStatisticChangeObserver)[] observers;
        lock (_gate)
        {
            foreach (var c in changes) _latest[(c.Object, c.Statistic)] = c;
            observers = [.. _observers];
        }
        foreach (var tenant in changes.Select(c => c.Object.Tenant).Distinct())
        {
            var mine = changes.Where(c => c.Object.Tenant == tenant).ToList();
            foreach (var (t, o) in observers) if (t == tenant) o.OnChanges(mine);
        }
    }

    public void Gap(string tenant)
    {
        IStatisticChangeObserver[] observers;
        lock (_gate) observers = [.. _observers.Where(o => o.Tenant == tenant).Select(o => o.Observer)];
        foreach (var o in observers) o.OnGap();
    }

    /// <summary>Changes the stored value without telling anyone (as a lost pub/sub message).</summary>
    public void SetSilently(StatisticChange change)
    {
        lock (_gate) _latest[(change.Object, change.Statistic)] = change;
    }

    public ValueTask<IReadOnlyList<StatisticChange>> GetValuesAsync(ObjectRef obj, CancellationToken cancellationToken = default)
    {
        lock (_gate) return ValueTask.FromResult<IReadOnlyList<StatisticChange>>([.. _latest.Values.Where(c => c.Object == obj)]);
    }

    public ValueTask<IReadOnlyList<StatisticHistoryPoint>> GetHistoryAsync(ObjectRef obj, string statistic, TimeSpan resolution, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<StatisticHistoryPoint>>([.. (HistoryOf.TryGetValue(statistic, out var own) ? own : History).Where(p => p.Time >= from && p.Time <= to)]);

    public ValueTask<IAsyncDisposable> SubscribeAsync(string tenant, IStatisticChangeObserver observer, CancellationToken cancellationToken = default)
    {
        lock (_gate) _observers.Add((tenant, observer));
        return ValueTask.FromResult<IAsyncDisposable>(new Unsubscribe(this, observer));
    }

    private sealed class Unsubscribe(ScriptedValueSource source, IStatisticChangeObserver observer) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            lock (source._gate) source._observers.RemoveAll(o => ReferenceEquals(o.Observer, observer));
            return ValueTask.CompletedTask;
        }
    }
}
