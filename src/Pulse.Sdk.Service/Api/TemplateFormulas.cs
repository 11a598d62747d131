using System.Collections.Concurrent;
using Pulse.Sdk.Formulas;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Service.Api.Contracts;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Storage;

namespace Pulse.Sdk.Service.Api;

/// <summary>
/// The compiled formula statistics of one template version, in an order where each comes after the formulas it reads,
/// evaluated when a layout's values are read (snapshot, CSV export, the live push's snapshots and deltas), never per event (docs/formulas.md, "Templates in the web service"). One instance
/// per (tenant, template id, uscn), cached; evaluators are pooled per formula, since one is not thread-safe and building
/// one starts a JavaScript engine.
/// </summary>
internal sealed class TemplateFormulas
{
    /// <summary>The longest formula a template may hold, in characters.</summary>
    public const int MaxFormulaLength = 4000;

    // Template versions come and go; recompiling an evicted one costs a lookup in Formula's own cache.
    private const int CacheCapacity = 1024;
    private static readonly ConcurrentDictionary<(string Tenant, Guid Id, long Uscn), TemplateFormulas> Cache = new();
    private static readonly int PoolCapacity = Environment.ProcessorCount * 2;

    private readonly IReadOnlyList<TemplateStatistic> _source;
    private readonly string[] _inputTypes;
    private readonly string[] _inputAliases;
    // In evaluation order: a formula after every formula it reads.
    private readonly List<(string Alias, int Slot, Cell Cell)> _cells = [];

    private TemplateFormulas(WidgetTemplate template)
    {
        _source = template.Statistics;
        var inputs = InputsOf(template.Statistics);
        _inputTypes = [.. inputs.Select(s => s.StatisticType)];
        _inputAliases = [.. inputs.Select(s => s.Alias)];
        var formulas = FormulasOf(template.Statistics);
        // Every formula reads the same row: the statistics' values, then the formulas' results as they are computed.
        string[] aliases = [.. inputs.Select(s => s.Alias), .. formulas.Select(s => s.Alias)];
        var compiled = formulas.Select(f => Cell.Compile(f.Formula!, aliases)).ToList();
        var (order, cycle, afterCycle) = Order(formulas.Select(f => f.Alias).ToList(), compiled.Select(c => c.Reads).ToList());
        foreach (var i in order) _cells.Add((formulas[i].Alias, inputs.Count + i, compiled[i]));
        // Saving refuses a cycle; a store written by other code may still hold one.
        foreach (var i in cycle) _cells.Add((formulas[i].Alias, inputs.Count + i, Cell.Failed(CycleMessage(formulas[i].Alias, cycle.Select(c => formulas[c].Alias)))));
        foreach (var i in afterCycle) _cells.Add((formulas[i].Alias, inputs.Count + i, compiled[i]));
    }

    /// <summary>The template's formulas, compiled once per version; null when it has none.</summary>
    public static TemplateFormulas? For(WidgetTemplate? template)
    {
        if (template is null || !template.Statistics.Any(s => s.Formula is not null)) return null;
        var key = (template.Tenant, template.Id, template.Uscn);
        // The content is compared too: a template not read from a store (uscn 0) may change under the same key.
        if (Cache.TryGetValue(key, out var cached) && (ReferenceEquals(cached._source, template.Statistics) || cached._source.SequenceEqual(template.Statistics)))
            return cached;
        var compiled = new TemplateFormulas(template);
        if (Cache.Count >= CacheCapacity) Cache.Clear();
        Cache[key] = compiled;
        return compiled;
    }

    /// <summary>The statistics a formula reads from the store: those with a statistic type, the first of an alias should a stored template repeat one.</summary>
    public static List<TemplateStatistic> InputsOf(IEnumerable<TemplateStatistic> statistics)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return [.. statistics.Where(s => s.Formula is null && seen.Add(s.Alias))];
    }

    /// <summary>The formula statistics, the first of an alias (and none whose alias an input has) should a stored template repeat one.</summary>
    public static List<TemplateStatistic> FormulasOf(IReadOnlyList<TemplateStatistic> statistics)
    {
        var seen = InputsOf(statistics).Select(s => s.Alias).ToHashSet(StringComparer.Ordinal);
        return [.. statistics.Where(s => s.Formula is not null && seen.Add(s.Alias))];
    }

    /// <summary>
    /// The formulas (by index) in an order where each comes after the formulas it reads; those that read themselves
    /// through others (a cycle), which have no value; and those that read a cycle's formulas, in order (they fail as
    /// reading a formula without a value). <paramref name="reads"/> are the aliases each formula names.
    /// </summary>
    public static (List<int> Order, List<int> Cycle, List<int> AfterCycle) Order(IReadOnlyList<string> aliases, IReadOnlyList<IReadOnlySet<string>> reads)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < aliases.Count; i++) index[aliases[i]] = i;
        var edges = new List<(int From, int To)>(); // To reads From
        for (var i = 0; i < aliases.Count; i++)
            foreach (var a in reads[i])
                if (index.TryGetValue(a, out var j)) edges.Add((j, i));

        var all = Enumerable.Range(0, aliases.Count).ToHashSet();
        var order = Kahn(all, edges);
        var blocked = all.Where(i => !order.Contains(i)).ToHashSet();
        // A cycle's formulas are those still read by a blocked formula once the ones nothing blocked reads are peeled off.
        var cycle = new HashSet<int>(blocked);
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var n in cycle.ToList())
                if (!edges.Any(e => e.From == n && cycle.Contains(e.To))) { cycle.Remove(n); changed = true; }
        }
        var after = blocked.Where(i => !cycle.Contains(i)).ToHashSet();
        return (order, [.. cycle.Order()], Kahn(after, edges));
    }

    /// <summary>Kahn's algorithm over <paramref name="nodes"/> (edges from outside count as done), ready formulas in template order so every replica computes alike.</summary>
    private static List<int> Kahn(HashSet<int> nodes, List<(int From, int To)> edges)
    {
        var waiting = nodes.ToDictionary(n => n, n => edges.Count(e => e.To == n && nodes.Contains(e.From)));
        var ready = new SortedSet<int>(nodes.Where(n => waiting[n] == 0));
        var order = new List<int>();
        while (ready.Count > 0)
        {
            var i = ready.Min;
            ready.Remove(i);
            order.Add(i);
            foreach (var (from, to) in edges)
                if (from == i && nodes.Contains(to) && --waiting[to] == 0) ready.Add(to);
        }
        return order;
    }

    /// <summary>Why a formula of a cycle has no value (also the message saving such a template is refused with).</summary>
    public static string CycleMessage(string alias, IEnumerable<string> cycle) =>
        $"'{alias}' reads itself through other formulas ({string.Join(", ", cycle)}): a formula may read another only if that one does not read it back";

    /// <summary>
    /// The formula values of one object of <paramref name="layout"/>, by alias, from <paramref name="current"/> (the
    /// object's current values): none while no input of the row has a value; an input without one reads 0. Formulas are
    /// computed after the formulas they read, which they see as numbers (a text result as NaN); one reading a formula
    /// that failed fails too. The time is the latest input's, stale when an input is. A formula that fails gives a value
    /// with <see cref="ValueBody.Error"/>; the others go on. The live push calls it for its snapshots and, in a delta, for
    /// the rows whose inputs changed.
    /// </summary>
    public Dictionary<string, ValueBody> Evaluate(Guid layout, ObjectRef obj, IReadOnlyList<StatisticChange> current)
    {
        var values = new Dictionary<string, ValueBody>(StringComparer.Ordinal);
        var inputs = new FormulaInput[_inputTypes.Length + _cells.Count];
        DateTimeOffset? time = null;
        bool stale = false, any = false;
        for (var i = 0; i < _inputTypes.Length; i++)
        {
            inputs[i] = new StatisticValue(0);
            foreach (var c in current)
            {
                if (c.Removed || c.Statistic != _inputTypes[i]) continue;
                inputs[i] = c.Value;
                any = true;
                stale |= c.Value.Stale;
                if (c.Time > time || time is null) time = c.Time;
                break;
            }
        }
        if (!any) return values;
        var objectBody = new ObjectBody { Type = obj.Type, Id = obj.Id };
        // Made only when a formula fails: the live push evaluates rows on every delta.
        HashSet<string>? failed = null;
        foreach (var (alias, slot, cell) in _cells)
        {
            var v = failed?.FirstOrDefault(cell.Reads.Contains) is { } broken
                ? FormulaValue.FromError($"reads '{broken}', which has no value")
                : cell.Evaluate(inputs);
            if (v.IsError) (failed ??= new HashSet<string>(StringComparer.Ordinal)).Add(alias);
            inputs[slot] = new StatisticValue(v.Kind is FormulaValueKind.Number or FormulaValueKind.Boolean ? v.Number : double.NaN);
            values[alias] = new ValueBody(layout, objectBody, alias, "", v.Kind is FormulaValueKind.Number or FormulaValueKind.Boolean ? v.Number : null,
                null, null, time, stale)
            {
                Text = v.Kind == FormulaValueKind.Text ? v.Text : null,
                Error = v.IsError ? v.Text : null,
            };
        }
        return values;
    }

    /// <summary>
    /// The statistic types <paramref name="alias"/> reads, directly or through the formulas it reads; all of the template's
    /// when one of them reads <c>Data[expression]</c>.
    /// </summary>
    public IReadOnlyList<string> InputTypesOf(string alias)
    {
        var formulas = _cells.ToDictionary(c => c.Alias, c => c.Cell, StringComparer.Ordinal);
        var reads = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([alias]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryPop(out var a))
        {
            if (!seen.Add(a) || !formulas.TryGetValue(a, out var cell)) continue;
            if (cell.ReadsByExpression) return _inputTypes;
            foreach (var r in cell.Reads) { reads.Add(r); pending.Push(r); }
        }
        return [.. _inputAliases.Select((a, i) => (a, i)).Where(x => reads.Contains(x.a)).Select(x => _inputTypes[x.i]).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The history of the formula <paramref name="alias"/> from its inputs' histories (by statistic type, each in time
    /// order, one resolution): a point at every time one of them has one, each input at its latest point then (a step),
    /// computed as a current row is. A point where the formula gives text or an error is left out.
    /// </summary>
    public List<StatisticHistoryPoint> History(string alias, ObjectRef obj, IReadOnlyDictionary<string, IReadOnlyList<StatisticHistoryPoint>> inputs)
    {
        var times = inputs.Values.SelectMany(p => p).Select(p => p.Time).Distinct().Order().ToList();
        var next = inputs.ToDictionary(kv => kv.Key, _ => 0, StringComparer.Ordinal);
        var row = new Dictionary<string, StatisticChange>(StringComparer.Ordinal);
        var points = new List<StatisticHistoryPoint>();
        foreach (var t in times)
        {
            foreach (var (type, history) in inputs)
            {
                var i = next[type];
                while (i < history.Count && history[i].Time <= t) { row[type] = new StatisticChange(obj, type, history[i].Value, history[i].Time); i++; }
                next[type] = i;
            }
            if (Evaluate(Guid.Empty, obj, [.. row.Values]).TryGetValue(alias, out var v) && v.Value is { } number)
                points.Add(new StatisticHistoryPoint(t, new StatisticValue(number) { Stale = v.Stale }));
        }
        return points;
    }

    /// <summary>One formula statistic: its compiled formula (or why it does not compile) and idle evaluators.</summary>
    private sealed class Cell
    {
        private readonly Formula? _formula;
        private readonly string? _compileError;
        private readonly ConcurrentBag<FormulaEvaluator> _idle = [];

        private Cell(Formula? formula, string? compileError) => (_formula, _compileError) = (formula, compileError);

        /// <summary>The aliases the formula names (none when it does not compile).</summary>
        public IReadOnlySet<string> Reads => _formula?.Reads ?? EmptyReads;

        /// <summary>Whether the formula also reads <c>Data[expression]</c>.</summary>
        public bool ReadsByExpression => _formula?.ReadsByExpression ?? false;

        private static readonly IReadOnlySet<string> EmptyReads = new HashSet<string>();

        public static Cell Failed(string message) => new(null, message);

        public static Cell Compile(string text, string[] aliases)
        {
            // Saving refuses a formula that does not compile; one may still come from a store written by other code.
            try { return new Cell(Formula.Compile(text, aliases), null); }
            catch (FormulaCompileException e) { return new Cell(null, $"the formula does not compile: line {e.Line}, column {e.Column}: {e.Reason}"); }
            catch (ArgumentException e) { return new Cell(null, "the formula does not compile: " + e.Message); }
        }

        public FormulaValue Evaluate(ReadOnlySpan<FormulaInput> inputs)
        {
            if (_formula is null) return FormulaValue.FromError(_compileError!);
            if (!_idle.TryTake(out var evaluator))
            {
                evaluator = new FormulaEvaluator(_formula);
                // A fresh engine's first run also JIT-compiles Jint's interpreter, which can pass the time limit on a loaded
                // machine (docs/formulas.md, "Safety"): a run over zeros, discarded, keeps that off a user's cell.
                evaluator.Evaluate(new FormulaInput[inputs.Length]);
            }
            var value = evaluator.Evaluate(inputs);
            if (_idle.Count < PoolCapacity) _idle.Add(evaluator);
            return value;
        }
    }
}
