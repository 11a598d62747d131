namespace Pulse.Sdk.Formulas.Tests.Compilation;

public sealed class CompileTests
{
    [Fact]
    public void A_syntax_error_is_refused_with_line_and_column()
    {
        var e = Assert.Throws<FormulaCompileException>(() => Formula.Compile("var a = 1;\nResult = a +;", []));
        Assert.Equal(2, e.Line);
        Assert.Equal(13, e.Column);
        Assert.Null(e.Alias);
        Assert.StartsWith("syntax error:", e.Reason, StringComparison.Ordinal);
        Assert.EndsWith("(line 2, column 13)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_syntax_error_on_the_first_line_keeps_its_column()
    {
        var e = Assert.Throws<FormulaCompileException>(() => Formula.Compile("Result = )", []));
        Assert.Equal((1, 10), (e.Line, e.Column));
    }

    [Fact]
    public void An_unclosed_block_is_reported_at_the_end_of_the_formula()
    {
        var e = Assert.Throws<FormulaCompileException>(() => Formula.Compile("if (true) {\n  Result = 1;", []));
        Assert.Equal(2, e.Line);
    }

    [Theory]
    [InlineData("Result = Data.Answered.Value / Data.Entred.Value;", "Entred", 1, 37)]
    [InlineData("var x = 1;\n  Result = Data['Nope'].Value;", "Nope", 2, 17)]
    public void An_unknown_alias_is_refused_with_its_name_line_and_column(string text, string alias, int line, int column)
    {
        var e = Assert.Throws<FormulaCompileException>(() => Formula.Compile(text, ["Answered", "Entered"]));
        Assert.Equal(alias, e.Alias);
        Assert.Equal((line, column), (e.Line, e.Column));
        Assert.Contains($"unknown alias '{alias}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("Answered, Entered", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Let_Result_is_refused_because_Result_is_declared_for_the_formula()
    {
        Assert.Throws<FormulaCompileException>(() => Formula.Compile("let Result = 1;", []));
    }

    [Fact]
    public void The_same_text_and_aliases_compile_once()
    {
        var a = Formula.Compile("Result = Data.X.Value + 1;", ["X"]);
        Assert.Same(a, Formula.Compile("Result = Data.X.Value + 1;", ["X"]));
        Assert.NotSame(a, Formula.Compile("Result = Data.X.Value + 1;", ["X", "Y"]));
    }

    [Fact]
    public void Empty_text_and_repeated_aliases_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Formula.Compile("  ", []));
        Assert.Throws<ArgumentException>(() => Formula.Compile("Result = 1;", ["A", "A"]));
        Assert.Throws<ArgumentException>(() => Formula.Compile("Result = 1;", [""]));
    }
}
