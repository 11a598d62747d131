using Pulse.Sdk.Formulas.Tests.Support;

namespace Pulse.Sdk.Formulas.Tests.Helpers;

public sealed class NumberHelperTests
{
    [Theory]
    [InlineData("G.Div(10, 4)", 2.5)]
    [InlineData("G.Div(10, 0)", 0)]
    [InlineData("G.Div(10, 0, -1)", -1)]
    [InlineData("G.Div(0, 0)", 0)]
    [InlineData("G.Percent(1, 4)", 25)]
    [InlineData("G.Percent(1, 0)", 0)]
    [InlineData("G.Percent(1, 0, 100)", 100)]
    [InlineData("G.GetSL(80, 20)", 80)]
    [InlineData("G.GetSL(0, 0)", 0)]
    [InlineData("G.Round(2.345, 2)", 2.35)]
    [InlineData("G.Round(-2.5)", -3)]
    [InlineData("G.Round(7.6)", 8)]
    [InlineData("G.Sum(1, 2, 3.5)", 6.5)]
    [InlineData("G.Sum()", 0)]
    [InlineData("G.Num('12')", 12)]
    [InlineData("G.Num('abc')", 0)]
    [InlineData("G.Num(undefined)", 0)]
    [InlineData("G.Minutes(90)", 1.5)]
    [InlineData("G.Hours(5400)", 1.5)]
    public void Numbers(string expression, double expected) => Assert.Equal(expected, Run.Number(expression), 12);

    [Theory]
    [InlineData("G.FormatTime(0)", "00:00:00")]
    [InlineData("G.FormatTime(59.9)", "00:00:59")]
    [InlineData("G.FormatTime(3725)", "01:02:05")]
    [InlineData("G.FormatTime(100 * 3600 + 1)", "100:00:01")]
    [InlineData("G.FormatTime(-65)", "-00:01:05")]
    [InlineData("G.FormatTime('x')", "00:00:00")]
    public void FormatTime(string expression, string expected) => Assert.Equal(expected, Run.Text(expression));

    [Fact]
    public void Pulse_style_arithmetic_over_aliases()
    {
        var v = Run.Formula("Result = Data.Answered.Value / Data.Entered.Value * 100", ("Answered", 30.0), ("Entered", 40.0));
        Assert.Equal(75, v.Number);
        var sl = Run.Formula("Result = G.GetSL(Data.Answered.Value, Data.Abandoned.Value);", ("Answered", 90.0), ("Abandoned", 10.0));
        Assert.Equal(90, sl.Number);
    }

    [Fact]
    public void Plain_division_by_zero_is_an_error_value_that_points_to_G_Div()
    {
        var v = Run.Formula("Result = Data.Answered.Value / Data.Entered.Value * 100", ("Answered", 0.0), ("Entered", 0.0));
        Assert.True(v.IsError);
        Assert.Contains("G.Div", v.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Results_of_each_kind()
    {
        Assert.Equal(FormulaValueKind.Boolean, Run.Expression("1 < 2").Kind);
        Assert.Equal("true", Run.Expression("1 < 2").ToString());
        Assert.Equal(FormulaValue.Empty, Run.Formula("var x = 1;"));
        Assert.Equal(FormulaValue.Empty, Run.Expression("null"));
        Assert.True(Run.Expression("({a: 1})").IsError);
        Assert.Equal("abc", Run.Expression("'abc'").Text);
        // return ends the formula with its value, as in a function body.
        Assert.Equal(5, Run.Formula("if (true) { return 5; }\nResult = 1;").Number);
    }
}
