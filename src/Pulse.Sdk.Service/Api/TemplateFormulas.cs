using System.Collections.Concurrent;
using Pulse.Sdk.Formulas;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Service.Api.Contracts;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Storage;

namespace Pulse.Sdk.Service.Api;

/// <summary>
/// The compiled formula statistics of one template version, evaluated when a layout's values are read (snapshot, CSV
/// export, the live push's snapshots and deltas), never per event (docs/formulas.md, "Templates in the web service"). One instance
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
    private readonly Dictionary<string, Cell> _cells = new(StringComparer.Ordinal);

    private TemplateFormulas(WidgetTemplate template)
    {
        _source = template.Statistics;
        var inputs = InputsOf(template.Statistics);
        _inputTypes = [.. inputs.Select(s => s.StatisticType)];
        string[] aliases = [.. inputs.Select(s => s.Alias)];
        foreach (var s in template.Statistics)
            if (s.Formula is not null) _cells.TryAdd(s.Alias, Cell.Compile(s.Formula, aliases));
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

    /// <summary>
    /// The statistics a formula reads: those with a statistic type, the first of an alias should a stored template repeat
    /// one. Formulas do not read formulas (saving one that does is refused), so no evaluation order is needed.
    /// </summary>
    public static List<TemplateStatistic> InputsOf(IEnumerable<TemplateStatistic> statistics)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return [.. statistics.Where(s => s.Formula is null && seen.Add(s.Alias))];
    }

    /// <summary>
    /// The formula values of one object of <paramref name="layout"/>, by alias, from <paramref name="current"/> (the
    /// object's current values): none while no input of the row has a value; an input without one reads 0. The time is
    /// the latest input's, stale when an input is. A formula that fails gives a value with <see cref="ValueBody.Error"/>;
    /// the others go on. The live push calls it for its snapshots and, in a delta, for the rows whose inputs changed.
    /// </summary>
    public Dictionary<string, ValueBody> Evaluate(Guid layout, ObjectRef obj, IReadOnlyList<StatisticChange> current)
    {
        var values = new Dictionary<string, ValueBody>(StringComparer.Ordinal);
        var inputs = new FormulaInput[_inputTypes.Length];
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
        foreach (var (alias, cell) in _cells)
        {
            var v = cell.Evaluate(inputs);
            values[alias] = new ValueBody(layout, objectBody, alias, "", v.Kind is FormulaValueKind.Number or FormulaValueKind.Boolean ? v.Number : null,
                null, null, time, stale)
            {
                Text = v.Kind == FormulaValueKind.Text ? v.Text : null,
                Error = v.IsError ? v.Text : null,
            };
        }
        return values;
    }

    /// <summary>One formula statistic: its compiled formula (or why it does not compile) and idle evaluators.</summary>
    private sealed class Cell
    {
        private readonly Formula? _formula;
        private readonly string? _compileError;
        private readonly ConcurrentBag<FormulaEvaluator> _idle = [];

        private Cell(Formula? formula, string? compileError) => (_formula, _compileError) = (formula, compileError);

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
