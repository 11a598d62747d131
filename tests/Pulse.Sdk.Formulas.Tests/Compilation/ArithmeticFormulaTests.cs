using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using Pulse.Sdk.Formulas.Tests.Support;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Formulas.Tests.Compilation;

/// <summary>
/// Plain arithmetic runs as C# delegates instead of in the engine; these tests hold it to the engine's results, bit for
/// bit, over drawn formulas and rows, and check which formulas take that way.
/// </summary>
public sealed class ArithmeticFormulaTests
{
    private static readonly string[] Aliases = ["A", "B", "C"];

    private static readonly double[] Specials = [0, -0.0, 1, -1, 100, 0.1, -3.5, 1e308, -1e308, double.Epsilon, 5e-200, 123456.789];

    [Property(MaxTest = 400)]
    public void A_drawn_arithmetic_formula_gives_the_engines_value_bit_for_bit(int seed)
    {
        var random = new Random(seed);
        var text = "Result = " + Draw(random, 4) + ";";
        var formula = Formula.Compile(text, Aliases);
        Assert.NotNull(formula.Arithmetic);
        var evaluator = new FormulaEvaluator(formula, Run.Options);
        for (var row = 0; row < 8; row++)
        {
            FormulaInput[] inputs = [Value(random), Value(random), Value(random)];
            var fast = evaluator.Evaluate(inputs);
            var engine = evaluator.EvaluateInEngine(inputs);
            var where = $"{text} over A={inputs[0].Value.Number:R}, B={inputs[1].Value.Number:R}, C={inputs[2].Value.Number:R}";
            Assert.True(fast.Kind == engine.Kind, $"{where}: {fast} against the engine's {engine}");
            if (fast.Kind == FormulaValueKind.Number)
                Assert.True(BitConverter.DoubleToInt64Bits(fast.Number) == BitConverter.DoubleToInt64Bits(engine.Number), $"{where}: {fast.Number:R} against the engine's {engine.Number:R}");
            else
                Assert.Equal(engine.Text, fast.Text);
        }
    }

    [Theory]
    [InlineData("Result = G.Percent(Data.A.Value, Data.B.Value + Data.C.Value);")]
    [InlineData("Result = (Data.A.Value - Data[\"B\"].Value) / 60;;")]
    [InlineData("Result = -G.Div(Data.A.Value, 3) * +Data.C.Value;")]
    public void Service_levels_percentages_and_ratios_run_as_arithmetic(string text) =>
        Assert.NotNull(Formula.Compile(text, Aliases).Arithmetic);

    [Theory]
    [InlineData("Result = G.Percent(Data.A.Value, Data.B.Value, -1);")] // the third argument may be anything
    [InlineData("Result = Data.A.Value % 2;")]
    [InlineData("Result = G.Round(Data.A.Value);")]
    [InlineData("var x = Data.A.Value; Result = x * 2;")]
    [InlineData("Result = Data.A.Value; Result = Result + 1;")]
    [InlineData("Result = Data.A.Value > 0 ? 1 : 0;")]
    [InlineData("Result = Data.A.Duration;")]
    [InlineData("Result = Data[\"A\" + \"\"].Value;")]
    [InlineData("Result = \"1\" + Data.A.Value;")]
    public void Anything_else_runs_in_the_engine(string text) =>
        Assert.Null(Formula.Compile(text, Aliases).Arithmetic);

    [Fact]
    public void An_agent_state_among_the_inputs_is_left_to_the_engine()
    {
        // Data.A.Value of a state is an object in the engine (its status, duration ...): arithmetic on it is the engine's.
        var formula = Formula.Compile("Result = Data.A.Value + 1;", ["A"]);
        Assert.NotNull(formula.Arithmetic);
        var v = new FormulaEvaluator(formula, Run.Options).Evaluate([Run.State(AgentStatus.WaitForNextCall, 12)]);
        Assert.Equal(FormulaValueKind.Text, v.Kind);
        Assert.Equal(new FormulaEvaluator(formula, Run.Options).EvaluateInEngine([Run.State(AgentStatus.WaitForNextCall, 12)]), v);
    }

    private static FormulaInput Value(Random random) =>
        random.Next(3) == 0 ? Specials[random.Next(Specials.Length)] : Math.Round((random.NextDouble() - 0.3) * Math.Pow(10, random.Next(-3, 7)), random.Next(0, 4));

    private static string Draw(Random random, int depth)
    {
        var pick = depth == 0 ? random.Next(2) : random.Next(9);
        return pick switch
        {
            0 => $"Data.{Aliases[random.Next(Aliases.Length)]}.Value",
            1 => Literal(random),
            2 => $"-({Draw(random, depth - 1)})",
            3 => $"G.Div({Draw(random, depth - 1)}, {Draw(random, depth - 1)})",
            4 => $"G.Percent({Draw(random, depth - 1)}, {Draw(random, depth - 1)})",
            _ => $"({Draw(random, depth - 1)} {"+-*/"[random.Next(4)]} {Draw(random, depth - 1)})",
        };
    }

    private static string Literal(Random random)
    {
        var v = Math.Abs((double)Value(random).Value.Number);
        return v.ToString("R", CultureInfo.InvariantCulture);
    }
}
