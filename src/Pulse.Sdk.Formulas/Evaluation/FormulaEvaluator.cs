using System.Globalization;
using Acornima.Ast;
using Jint;
using JsEngine = Jint.Engine;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Pulse.Sdk.Events;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Formulas;

/// <summary>
/// Runs one <see cref="Formula"/> over rows of values, in a sandboxed JavaScript engine of its own: no CLR, files,
/// network, timers, <c>eval</c> or <c>importNamespace</c>, and the limits of <see cref="FormulaOptions"/> on each
/// evaluation (docs/formulas.md, "Safety"). A formula that throws or passes a limit gives an error value; the evaluator
/// goes on. Not thread-safe: keep one per thread (the compiled <see cref="Formula"/> is shared).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "A Jint engine holds managed state only: it goes with the evaluator, which goes with its statistic; an IDisposable evaluator would oblige every owner to dispose it for nothing.")]
public sealed class FormulaEvaluator
{
    private static readonly JsObjectLayout StateLayout = new(["status", "reason", "duration", "media", "data"]);
    private static readonly JsString[] StatusNames = [.. Enum.GetNames<AgentStatus>().Select(n => new JsString(n))];
    private static readonly JsString[] MediaNames = [.. Enum.GetNames<MediaType>().Select(n => new JsString(n))];
    private static readonly JsString ValueKey = new("Value");

    private readonly FormulaOptions _options;
    private readonly JsValue[] _args = new JsValue[1];
    private readonly JsValue[] _state = new JsValue[5];
    private JsEngine _engine = null!;
    private JsValue _function = null!;
    private ObjectInstance[] _holders = [];

    /// <summary>Creates an evaluator for <paramref name="formula"/> with the given limits (<see cref="FormulaOptions.Default"/> when null).</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    public FormulaEvaluator(Formula formula, FormulaOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(formula);
        _options = options ?? FormulaOptions.Default;
        OptionsValidation.ThrowIfInvalid(_options.Validate(), nameof(options));
        Formula = formula;
        Start();
    }

    /// <summary>The formula.</summary>
    public Formula Formula { get; }

    /// <summary>
    /// Evaluates the formula with <paramref name="inputs"/> as <c>Data.&lt;alias&gt;.Value</c>, in the order of
    /// <see cref="Formula.Aliases"/>. Never throws for what the formula does: errors and limits give
    /// <see cref="FormulaValueKind.Error"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The number of inputs is not the number of aliases.</exception>
    public FormulaValue Evaluate(ReadOnlySpan<FormulaInput> inputs)
    {
        if (inputs.Length != _holders.Length)
            throw new ArgumentException($"the formula has {_holders.Length} aliases ({string.Join(", ", Formula.Aliases)}) and {inputs.Length} values were given", nameof(inputs));
        if (Formula.Arithmetic is { } arithmetic && AllNumbers(inputs)) return FromNumber(arithmetic(inputs));
        return EvaluateInEngine(inputs);
    }

    /// <summary>Evaluates in the engine even when the formula is plain arithmetic (tests compare the two ways).</summary>
    internal FormulaValue EvaluateInEngine(ReadOnlySpan<FormulaInput> inputs)
    {
        for (var i = 0; i < inputs.Length; i++) _holders[i].Set(ValueKey, ToJs(inputs[i]));
        try
        {
            return FromJs(_engine.Call(_function, JsValue.Undefined, _args));
        }
        catch (JavaScriptException e)
        {
            // The author's message: `throw new Error("no calls yet")` shows "no calls yet".
            return FormulaValue.FromError(e.Message);
        }
        catch (Exception e) when (Limit(e) is { } message)
        {
            // The engine stopped mid-run: start a clean one, so nothing the run left behind reaches the next cell.
            Start();
            return FormulaValue.FromError(message);
        }
    }

    private string? Limit(Exception e) => e switch
    {
        TimeoutException => $"formula ran longer than {_options.Timeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms (FormulaOptions.Timeout)",
        StatementsCountOverflowException => $"formula ran more than {_options.MaxStatements} statements (FormulaOptions.MaxStatements)",
        RecursionDepthOverflowException => $"formula nested calls deeper than {_options.MaxRecursionDepth} (FormulaOptions.MaxRecursionDepth)",
        MemoryLimitExceededException => $"formula allocated more than {_options.MaxMemoryBytes} bytes (FormulaOptions.MaxMemoryBytes)",
        JintException or InvalidOperationException or ArgumentException or IndexOutOfRangeException or NotSupportedException => "formula failed: " + e.Message,
        _ => null,
    };

    private void Start()
    {
        var o = _options;
        _engine = new JsEngine(opts =>
        {
            opts.TimeoutInterval(o.Timeout);
            opts.MaxStatements(o.MaxStatements);
            opts.LimitRecursion(o.MaxRecursionDepth);
            opts.LimitMemory(o.MaxMemoryBytes);
            opts.Culture(CultureInfo.InvariantCulture);
            opts.LocalTimeZone(TimeZoneInfo.Utc);
            // No code from strings (eval, new Function): what runs is what was compiled and checked.
            opts.Host.StringCompilationAllowed = false;
            // CLR interop stays off (Jint's default): no host types, no importNamespace.
            opts.Interop.Enabled = false;
        });
        HelperObject.Install(_engine);
        _function = _engine.Evaluate(Formula.Script);

        var data = new JsObject(_engine);
        _holders = new ObjectInstance[Formula.Aliases.Count];
        for (var i = 0; i < _holders.Length; i++)
        {
            // Data.X cannot be replaced or deleted; Data.X.Value is set before every evaluation.
            var holder = new JsObject(_engine);
            holder.DefineOwnProperty(ValueKey, new PropertyDescriptor(JsNumber.Create(0), PropertyFlag.Writable | PropertyFlag.Enumerable));
            holder.PreventExtensions();
            data.DefineOwnProperty(Formula.Aliases[i], new PropertyDescriptor(holder, PropertyFlag.Enumerable));
            _holders[i] = holder;
        }
        data.PreventExtensions();
        _args[0] = data;
    }

    private JsValue ToJs(in FormulaInput input)
    {
        var v = input.Value;
        if (!input.IsState) return JsNumber.Create(v.Number);
        _state[0] = v.State is { } s ? StatusNames[(int)s] : JsString.Empty;
        _state[1] = v.Reason is { } r ? new JsString(r) : JsString.Empty;
        _state[2] = JsNumber.Create(v.Number);
        _state[3] = input.Media is { } m ? MediaNames[(int)m] : JsString.Empty;
        _state[4] = input.Data is { } d ? ToJs(d) : JsValue.Null;
        return JsObject.Create(_engine, StateLayout, _state);
    }

    private JsObject ToJs(IReadOnlyDictionary<string, string> data)
    {
        var entries = new KeyValuePair<string, JsValue>[data.Count];
        var i = 0;
        foreach (var kv in data) entries[i++] = new(kv.Key, new JsString(kv.Value));
        return JsObject.CreateFromEntries(_engine, entries);
    }

    private static bool AllNumbers(ReadOnlySpan<FormulaInput> inputs)
    {
        foreach (ref readonly var input in inputs) if (input.IsState) return false;
        return true;
    }

    private static FormulaValue FromNumber(double n) => double.IsFinite(n) ? FormulaValue.FromNumber(n)
        : FormulaValue.FromError($"Result is {(double.IsNaN(n) ? "NaN" : "infinite")}: divide with G.Div or G.Percent, which give 0 for a zero denominator");

    private static FormulaValue FromJs(JsValue r)
    {
        if (r.IsNumber()) return FromNumber(r.AsNumber());
        if (r.IsString()) return FormulaValue.FromText(r.AsString());
        if (r.IsBoolean()) return FormulaValue.FromBoolean(r.AsBoolean());
        if (r.IsNull() || r.IsUndefined()) return FormulaValue.Empty;
        return FormulaValue.FromError("Result is an object: set it to a number, text or true/false (for a state, G.GetStatus or G.FormatStatus)");
    }
}
