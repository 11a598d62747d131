using System.Runtime.InteropServices;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Formulas;

/// <summary>
/// Computes formula statistics from an engine's values without the web service: an <see cref="IStatisticSink"/> that
/// hands every update on to an inner sink unchanged, keeps the latest value of each alias per object, and at each
/// flush evaluates the formulas whose inputs changed, handing the values that changed to an
/// <see cref="IFormulaUpdateSink"/> (docs/formulas.md, "Using formulas without the web service"). Formulas are compiled
/// once, when the sink is built; they run at flushes, not per event. Called on one partition's thread, like any sink.
/// </summary>
public sealed class FormulaSink : IStatisticSink
{
    private readonly IStatisticSink? _inner;
    private readonly IFormulaUpdateSink _output;
    private readonly Dictionary<ObjectType, Plan> _plans = [];
    private readonly Dictionary<ObjectRef, Row> _rows = [];
    private readonly List<Row> _dirtyRows = [];
    private readonly List<FormulaUpdate> _out = [];

    /// <summary>Compiles <paramref name="formulas"/> and builds the sink.</summary>
    /// <param name="formulas">The formula statistics, per object kind.</param>
    /// <param name="output">Receives the formula values.</param>
    /// <param name="inner">Receives every engine update unchanged, before the formulas run (null: none).</param>
    /// <param name="options">Limits of each evaluation (<see cref="FormulaOptions.Default"/> when null).</param>
    /// <exception cref="FormulaCompileException">A formula has a syntax error or an unknown alias; the message names the formula.</exception>
    /// <exception cref="ArgumentException">Two formulas of one object kind share a name, or an option is out of range.</exception>
    public FormulaSink(IEnumerable<FormulaDefinition> formulas, IFormulaUpdateSink output, IStatisticSink? inner = null, FormulaOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(formulas);
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        _inner = inner;
        foreach (var def in formulas)
        {
            if (!_plans.TryGetValue(def.ObjectType, out var plan)) _plans[def.ObjectType] = plan = new Plan();
            plan.Add(def, options);
        }
    }

    /// <inheritdoc />
    public void OnUpdates(ReadOnlySpan<StatisticUpdate> updates)
    {
        _inner?.OnUpdates(updates);
        foreach (ref readonly var u in updates) SetInput(u.Statistic, u.Value, u.Time);
        EvaluateDirty();
    }

    /// <summary>Forwards the close to the inner sink; the formulas that read the statistic keep its last value, marked stale, until it is opened again.</summary>
    public void OnClosed(OpenedStatistic statistic, DateTimeOffset time)
    {
        _inner?.OnClosed(statistic, time);
        var obj = statistic.Object;
        if (!_rows.TryGetValue(obj, out var row) || !row.Plan.Readers.TryGetValue(statistic.Type.Name, out var readers)) return;
        var (f0, a0) = readers[0];
        SetInput(statistic, row.Inputs[f0][a0].Value with { Stale = true }, time);
        EvaluateDirty();
    }

    /// <summary>Forwards to the inner sink: the formulas buffer nothing.</summary>
    public bool ForceFlush(TimeSpan timeout) => _inner?.ForceFlush(timeout) ?? true;

    /// <summary>Forwards to the inner sink: the formulas hold nothing to release.</summary>
    public bool Shutdown(TimeSpan timeout) => _inner?.Shutdown(timeout) ?? true;

    private void SetInput(OpenedStatistic statistic, StatisticValue value, DateTimeOffset time)
    {
        var obj = statistic.Object;
        if (!_plans.TryGetValue(obj.Type, out var plan) || !plan.Readers.TryGetValue(statistic.Type.Name, out var readers)) return;
        if (!_rows.TryGetValue(obj, out var row)) _rows[obj] = row = new Row(obj, plan);
        foreach (var (f, a) in readers)
        {
            row.Inputs[f][a] = value;
            row.Dirty[f] = true;
        }
        if (time > row.Time) row.Time = time;
        if (!row.Queued)
        {
            row.Queued = true;
            _dirtyRows.Add(row);
        }
    }

    private void EvaluateDirty()
    {
        if (_dirtyRows.Count == 0) return;

        _out.Clear();
        foreach (var row in _dirtyRows)
        {
            row.Queued = false;
            for (var f = 0; f < row.Dirty.Length; f++)
            {
                if (!row.Dirty[f]) continue;
                row.Dirty[f] = false;
                var inputs = row.Inputs[f];
                var value = row.Plan.Evaluators[f].Evaluate(inputs);
                var stale = false;
                foreach (var i in inputs) stale |= i.Value.Stale;
                if (row.Sent[f] && row.Last[f] == value && row.LastStale[f] == stale) continue;
                row.Sent[f] = true;
                row.Last[f] = value;
                row.LastStale[f] = stale;
                _out.Add(new FormulaUpdate(row.Object, row.Plan.Definitions[f].Name, value, row.Time, stale));
            }
        }
        _dirtyRows.Clear();
        if (_out.Count > 0) _output.OnFormulaUpdates(CollectionsMarshal.AsSpan(_out));
    }

    /// <summary>The compiled formulas of one object kind, and which (formula, alias) reads each statistic name.</summary>
    private sealed class Plan
    {
        public readonly List<FormulaDefinition> Definitions = [];
        public readonly List<FormulaEvaluator> Evaluators = [];
        public readonly Dictionary<string, List<(int Formula, int Alias)>> Readers = new(StringComparer.Ordinal);

        public void Add(FormulaDefinition def, FormulaOptions? options)
        {
            ArgumentNullException.ThrowIfNull(def);
            if (Definitions.Exists(d => d.Name == def.Name))
                throw new ArgumentException($"formula '{def.Name}' is defined twice for {def.ObjectType}; give each formula of an object kind its own name", nameof(def));
            var aliases = def.Aliases.Keys.ToList();
            Formula formula;
            try
            {
                formula = Formula.Compile(def.Text, aliases);
            }
            catch (FormulaCompileException e)
            {
                throw new FormulaCompileException($"formula '{def.Name}' ({def.ObjectType}): {e.Reason}", e.Line, e.Column, e.Alias);
            }
            var index = Definitions.Count;
            Definitions.Add(def);
            Evaluators.Add(new FormulaEvaluator(formula, options));
            for (var a = 0; a < aliases.Count; a++)
            {
                var stat = def.Aliases[aliases[a]];
                if (!Readers.TryGetValue(stat, out var list)) Readers[stat] = list = [];
                list.Add((index, a));
            }
        }
    }

    /// <summary>One object's inputs and last results, per formula of its kind.</summary>
    private sealed class Row
    {
        public Row(ObjectRef obj, Plan plan)
        {
            Object = obj;
            Plan = plan;
            var n = plan.Definitions.Count;
            Inputs = new FormulaInput[n][];
            for (var f = 0; f < n; f++) Inputs[f] = new FormulaInput[plan.Definitions[f].Aliases.Count];
            Dirty = new bool[n];
            Sent = new bool[n];
            Last = new FormulaValue[n];
            LastStale = new bool[n];
        }

        public readonly ObjectRef Object;
        public readonly Plan Plan;
        public readonly FormulaInput[][] Inputs;
        public readonly bool[] Dirty;
        public readonly bool[] Sent;
        public readonly FormulaValue[] Last;
        public readonly bool[] LastStale;
        public DateTimeOffset Time;
        public bool Queued;
    }
}
