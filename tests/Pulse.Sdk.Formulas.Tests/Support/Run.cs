using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Formulas.Tests.Support;

/// <summary>Compiles and evaluates a formula over named values in one call.</summary>
internal static class Run
{
    /// <summary>
    /// The default limits but a 5 s timeout: a cold engine's first run (the JIT compiling Jint) can take tens of
    /// milliseconds on a loaded 2-core machine, and the tests of the other limits must not meet the clock first.
    /// The timeout has its own test.
    /// </summary>
    public static FormulaOptions Options { get; } = FormulaOptions.Default with { Timeout = TimeSpan.FromSeconds(5) };

    public static FormulaValue Formula(string text, params (string Alias, FormulaInput Value)[] row)
    {
        var formula = Formulas.Formula.Compile(text, [.. row.Select(r => r.Alias)]);
        return new FormulaEvaluator(formula, Options).Evaluate([.. row.Select(r => r.Value)]);
    }

    /// <summary>The value of <c>Result = expression</c> with no aliases.</summary>
    public static FormulaValue Expression(string expression) => Formula("Result = " + expression + ";");

    public static double Number(string expression)
    {
        var v = Expression(expression);
        Assert.True(v.Kind == FormulaValueKind.Number, $"{expression} gave {v}");
        return v.Number;
    }

    public static string Text(string expression, params (string Alias, FormulaInput Value)[] row)
    {
        var v = Formula("Result = " + expression + ";", row);
        Assert.True(v.Kind == FormulaValueKind.Text, $"{expression} gave {v}");
        return v.Text!;
    }

    public static StatisticValue State(AgentStatus status, double seconds, string? reason = null) => new(seconds, status, reason);
}
