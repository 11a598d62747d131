using Pulse.Sdk.Formulas.Tests.Support;

namespace Pulse.Sdk.Formulas.Tests.Safety;

public sealed class LimitTests
{
    [Theory]
    [InlineData("while (true) {}", "MaxStatements")]
    [InlineData("for (;;) { Result = 1; }", "MaxStatements")]
    [InlineData("function f(n) { return f(n + 1); }\nResult = f(0);", "MaxRecursionDepth")]
    [InlineData("var s = 'x'; while (true) { s += s; }\nResult = s.length;", "MaxMemoryBytes")]
    [InlineData("Result = new Array(1e9).fill(0).length;", "MaxMemoryBytes")]
    public void A_formula_past_a_limit_gives_an_error_value_naming_the_limit(string text, string setting)
    {
        var v = Run.Formula(text);
        Assert.True(v.IsError, $"{text} gave {v}");
        Assert.Contains("FormulaOptions." + setting, v.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_slow_formula_is_stopped_by_the_timeout()
    {
        // Statements are not limited here, so only the clock can stop the loop.
        var formula = Formula.Compile("while (true) { Math.sqrt(2); }", []);
        var v = new FormulaEvaluator(formula, FormulaOptions.Default with { MaxStatements = int.MaxValue - 1, Timeout = TimeSpan.FromMilliseconds(50) }).Evaluate([]);
        Assert.True(v.IsError, v.ToString());
        Assert.Contains("FormulaOptions.Timeout", v.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Result = System.IO.File.ReadAllText('/etc/passwd');", "System is not defined")]
    [InlineData("Result = importNamespace('System.IO');", "importNamespace is not defined")]
    [InlineData("Result = require('fs');", "require is not defined")]
    [InlineData("Result = fetch('http://127.0.0.1/');", "fetch is not defined")]
    [InlineData("Result = setTimeout(function () {}, 1);", "setTimeout is not defined")]
    [InlineData("Result = XMLHttpRequest;", "XMLHttpRequest is not defined")]
    [InlineData("Result = eval('1 + 1');", "")]
    [InlineData("Result = Function('return 1')();", "")]
    [InlineData("Result = G.constructor.constructor('return 1')();", "")]
    public void No_CLR_files_network_timers_or_code_from_strings(string text, string message)
    {
        var v = Run.Formula(text);
        Assert.True(v.IsError, $"{text} gave {v}");
        Assert.Contains(message, v.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_author_s_message_is_the_error_value()
    {
        var v = Run.Formula("if (Data.Entered.Value === 0) throw new Error('no calls yet');\nResult = 1;", ("Entered", 0.0));
        Assert.Equal(FormulaValue.FromError("no calls yet"), v);
        Assert.Equal("#ERROR: no calls yet", v.ToString());
        Assert.Equal("plain text", Run.Formula("throw 'plain text';").Text);
    }

    [Fact]
    public void Other_cells_go_on_after_a_limit_and_after_an_error()
    {
        var evaluator = new FormulaEvaluator(Formula.Compile(
            "if (Data.N.Value < 0) { while (true) {} }\nif (Data.N.Value === 0) throw new Error('zero');\nResult = Data.N.Value * 2;", ["N"]), Run.Options);
        Assert.Equal(4, evaluator.Evaluate([2.0]).Number);
        Assert.Contains("MaxStatements", evaluator.Evaluate([-1.0]).Text, StringComparison.Ordinal);
        Assert.Equal(6, evaluator.Evaluate([3.0]).Number);
        Assert.Equal("zero", evaluator.Evaluate([0.0]).Text);
        Assert.Equal(8, evaluator.Evaluate([4.0]).Number);
    }

    [Fact]
    public void Each_evaluation_gets_the_whole_budget()
    {
        // 5,000 statements each: twice the limit in total, but never in one evaluation.
        var evaluator = new FormulaEvaluator(Formula.Compile("var s = 0; for (var i = 0; i < 2500; i++) { s += i; }\nResult = s;", []), Run.Options);
        for (var i = 0; i < 4; i++) Assert.Equal(FormulaValue.FromNumber(3123750), evaluator.Evaluate([]));
    }

    [Fact]
    public void A_formula_cannot_replace_its_inputs()
    {
        var evaluator = new FormulaEvaluator(Formula.Compile("Data.A = { Value: 100 }; delete Data.A; Result = Data.A.Value; Data.A.Value = 50;", ["A"]), Run.Options);
        Assert.Equal(1, evaluator.Evaluate([1.0]).Number);
        Assert.Equal(2, evaluator.Evaluate([2.0]).Number);
    }

    [Theory]
    [InlineData(0, 10000, 64, 4194304, "Timeout")]
    [InlineData(50, 0, 64, 4194304, "MaxStatements")]
    [InlineData(50, 10000, 0, 4194304, "MaxRecursionDepth")]
    [InlineData(50, 10000, 64, 10, "MaxMemoryBytes")]
    public void Options_out_of_range_are_refused_naming_the_setting(int ms, int statements, int depth, long memory, string setting)
    {
        var o = new FormulaOptions { Timeout = TimeSpan.FromMilliseconds(ms), MaxStatements = statements, MaxRecursionDepth = depth, MaxMemoryBytes = memory };
        var e = Assert.Throws<ArgumentException>(() => new FormulaEvaluator(Formula.Compile("Result = 1;", []), o));
        Assert.Contains("FormulaOptions." + setting + ":", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_setting_out_of_range_is_reported_together()
    {
        var o = new FormulaOptions { Timeout = TimeSpan.Zero, MaxStatements = 0, MaxRecursionDepth = 0, MaxMemoryBytes = 10 };
        Assert.Equal(
            ["FormulaOptions.Timeout", "FormulaOptions.MaxStatements", "FormulaOptions.MaxRecursionDepth", "FormulaOptions.MaxMemoryBytes"],
            o.Validate().Select(m => m[..m.IndexOf(':', StringComparison.Ordinal)]));
        Assert.Empty(FormulaOptions.Default.Validate());
    }

    [Fact]
    public void The_wrong_number_of_inputs_is_refused()
    {
        var evaluator = new FormulaEvaluator(Formula.Compile("Result = Data.A.Value;", ["A"]));
        Assert.Throws<ArgumentException>(() => evaluator.Evaluate([]));
    }
}
