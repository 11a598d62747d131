using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Formulas.Tests.Support;

/// <summary>Keeps what a <see cref="FormulaSink"/> handed on: the engine values (latest per object and name) and every formula update.</summary>
internal sealed class Recorder : IStatisticSink, IFormulaUpdateSink
{
    public Dictionary<(ObjectRef, string), StatisticValue> Values { get; } = [];
    public List<FormulaUpdate> Formulas { get; } = [];
    public int EngineBatches { get; private set; }
    public List<OpenedStatistic> Closed { get; } = [];

    /// <summary>Called for each formula update with the engine values it was computed from.</summary>
    public Action<FormulaUpdate, Recorder>? Check { get; init; }

    public void OnUpdates(ReadOnlySpan<StatisticUpdate> updates)
    {
        EngineBatches++;
        foreach (var u in updates) Values[(u.Statistic.Object, u.Statistic.Type.Name)] = u.Value;
    }

    public void OnClosed(OpenedStatistic statistic, DateTimeOffset time) => Closed.Add(statistic);

    public void OnFormulaUpdates(ReadOnlySpan<FormulaUpdate> updates)
    {
        foreach (var u in updates)
        {
            Formulas.Add(u);
            Check?.Invoke(u, this);
        }
    }

    public StatisticValue Value(ObjectRef obj, string name) => Values.GetValueOrDefault((obj, name));
}
