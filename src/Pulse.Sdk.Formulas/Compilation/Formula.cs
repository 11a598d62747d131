using System.Collections.Concurrent;
using Acornima;
using Acornima.Ast;
using Jint;
using JsEngine = Jint.Engine;

namespace Pulse.Sdk.Formulas;

/// <summary>
/// A compiled formula: JavaScript in the Genesys Pulse convention, <c>Result = ...</c> over <c>Data.&lt;alias&gt;.Value</c>
/// and the helper object <c>G</c> (docs/formulas.md). Parsed and checked once; the compiled form is immutable and
/// shared by every <see cref="FormulaEvaluator"/> of every thread.
/// </summary>
public sealed class Formula
{
    // The formula runs as the body of a function: its variables are its own, Result is returned, and Data is a
    // parameter (a local lookup, faster than a global). The prefix is a line of its own so columns are the author's.
    private const string Prefix = "(function (Data) { var Result;\n";
    private const string Suffix = "\nreturn Result;\n})";
    private const int CacheCapacity = 1024;

    private static readonly ConcurrentDictionary<string, Formula> Cache = new(StringComparer.Ordinal);

    private Formula(string text, IReadOnlyList<string> aliases, Prepared<Script> script, IReadOnlySet<string> reads, bool readsByExpression)
    {
        Text = text;
        Aliases = aliases;
        Script = script;
        Reads = reads;
        ReadsByExpression = readsByExpression;
        Arithmetic = ArithmeticFormula.TryCompile(script.Program!, aliases);
    }

    /// <summary>The formula as written.</summary>
    public string Text { get; }

    /// <summary>The aliases the row offers, in the order <see cref="FormulaEvaluator.Evaluate"/> takes their values.</summary>
    public IReadOnlyList<string> Aliases { get; }

    /// <summary>The aliases the text names, as <c>Data.X</c> or <c>Data["X"]</c>: what a template orders its formulas by.</summary>
    public IReadOnlySet<string> Reads { get; }

    /// <summary>Whether the text also reads <c>Data[expression]</c>, whose alias is known only when it runs.</summary>
    public bool ReadsByExpression { get; }

    /// <summary>The parsed function, prepared for Jint (thread-safe).</summary>
    internal Prepared<Script> Script { get; }

    /// <summary>The formula as C# delegates when it is plain arithmetic over numbers (<see cref="ArithmeticFormula"/>), else null.</summary>
    internal ArithmeticEvaluation? Arithmetic { get; }

    /// <summary>
    /// Compiles <paramref name="text"/> for a row whose statistics are <paramref name="aliases"/>. The same text and
    /// aliases give the same compiled formula (a process-wide cache of up to 1,024 formulas), so compiling a template's
    /// formulas at each load costs a lookup.
    /// </summary>
    /// <exception cref="FormulaCompileException">A syntax error, or <c>Data.X</c> where X is not one of <paramref name="aliases"/>; with line and column.</exception>
    /// <exception cref="ArgumentException">The text is empty, or an alias is empty or repeated.</exception>
    public static Formula Compile(string text, IReadOnlyList<string> aliases)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(aliases);
        if (string.IsNullOrWhiteSpace(text)) throw new ArgumentException("formula text is empty; write for example 'Result = Data.Answered.Value;'", nameof(text));
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in aliases)
        {
            if (string.IsNullOrWhiteSpace(a)) throw new ArgumentException("an alias is empty; give each statistic of the row a name", nameof(aliases));
            if (!set.Add(a)) throw new ArgumentException($"alias '{a}' is given twice; aliases name the row's statistics once each", nameof(aliases));
        }

        var key = string.Join('\u0001', aliases) + '\u0000' + text;
        if (Cache.TryGetValue(key, out var cached)) return cached;
        var (script, reads, byExpression) = Parse(text, set);
        var formula = new Formula(text, [.. aliases], script, reads, byExpression);
        // A bounded cache: template versions come and go, and recompiling an evicted formula is cheap enough.
        if (Cache.Count >= CacheCapacity) Cache.Clear();
        return Cache.GetOrAdd(key, formula);
    }

    private static (Prepared<Script> Script, IReadOnlySet<string> Reads, bool ByExpression) Parse(string text, HashSet<string> aliases)
    {
        Prepared<Script> script;
        try
        {
            script = JsEngine.PrepareScript(Prefix + text + Suffix, source: "formula");
        }
        catch (ScriptPreparationException e) when (e.InnerException is ParseErrorException p)
        {
            var (line, column) = ToFormulaPosition(text, p.LineNumber, p.Column + 1); // Acornima counts columns from 0
            throw new FormulaCompileException("syntax error: " + p.Description, line, column);
        }

        var check = new AliasCheck(text, aliases);
        check.Visit(script.Program!);
        return (script, check.Reads, check.ByExpression);
    }

    /// <summary>A position in the wrapped source (line from 1, column from 1) as a position in the author's text.</summary>
    internal static (int Line, int Column) ToFormulaPosition(string text, int line, int column)
    {
        var lines = 1;
        foreach (var c in text) if (c == '\n') lines++;
        var l = line - 1;
        // An error found in the wrapper's closing lines (an unclosed brace) is reported at the end of the formula.
        if (l > lines) return (lines, text.Length - text.LastIndexOf('\n'));
        return (Math.Max(l, 1), Math.Max(column, 1));
    }

    /// <summary>Refuses <c>Data.X</c> and <c>Data["X"]</c> where X is not an alias of the row, and notes the aliases read.</summary>
    private sealed class AliasCheck(string text, HashSet<string> aliases) : AstVisitor
    {
        public HashSet<string> Reads { get; } = new(StringComparer.Ordinal);

        public bool ByExpression { get; private set; }

        protected override object? VisitMemberExpression(MemberExpression node)
        {
            if (node.Object is Identifier { Name: "Data" })
            {
                var name = node.Property switch
                {
                    Identifier id when !node.Computed => id.Name,
                    StringLiteral s when node.Computed => s.Value,
                    _ => null,
                };
                if (name is null) ByExpression = true;
                else Reads.Add(name);
                if (name is not null && !aliases.Contains(name))
                {
                    var start = node.Property.Location.Start;
                    var (line, column) = ToFormulaPosition(text, start.Line, start.Column + 1);
                    var known = aliases.Count == 0 ? "the row has no statistics" : "the row has " + string.Join(", ", aliases.Order(StringComparer.Ordinal));
                    throw new FormulaCompileException($"unknown alias '{name}' in Data.{name}: {known}", line, column, name);
                }
            }
            return base.VisitMemberExpression(node);
        }
    }
}
