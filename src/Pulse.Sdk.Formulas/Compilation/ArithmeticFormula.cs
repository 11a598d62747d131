using Acornima.Ast;

namespace Pulse.Sdk.Formulas;

/// <summary>The value of an arithmetic formula over the row's numbers, in the order of <see cref="Formula.Aliases"/>.</summary>
internal delegate double ArithmeticEvaluation(ReadOnlySpan<FormulaInput> inputs);

/// <summary>
/// The arithmetic subset of formulas, run as C# delegates instead of in the engine (docs/formulas.md, "How a formula
/// runs"): a single <c>Result = expression;</c> whose expression holds only number literals, <c>Data.X.Value</c>,
/// <c>+ - * /</c>, unary minus and plus, and <c>G.Div</c> / <c>G.Percent</c> with two arguments. Over numbers these are
/// IEEE double operations in JavaScript as in C#, evaluated in the same order, so the result is the engine's bit for
/// bit (a property test checks it); such a formula cannot loop, recurse or allocate, so the limits have nothing to
/// stop. Service levels and percentages, most of what templates hold, are of this shape; a Jint call costs several
/// hundred nanoseconds before the formula does anything (docs/benchmarks.md, "Formula statistics").
/// </summary>
internal static class ArithmeticFormula
{
    /// <summary>The delegate for <paramref name="program"/> (the wrapped formula), or null when it is outside the subset.</summary>
    public static ArithmeticEvaluation? TryCompile(Script program, IReadOnlyList<string> aliases)
    {
        if (program.Body is not [ExpressionStatement { Expression: FunctionExpression { Body.Body: var body } }]) return null;
        // The wrapper's `var Result;` and `return Result;` around the author's statements.
        Expression? result = null;
        for (var i = 1; i < body.Count - 1; i++)
        {
            switch (body[i])
            {
                case EmptyStatement:
                    continue;
                case ExpressionStatement { Expression: AssignmentExpression { Operator: Acornima.Operator.Assignment, Left: Identifier { Name: "Result" }, Right: var right } }
                    when result is null:
                    result = right;
                    continue;
                default:
                    return null;
            }
        }
        return result is null ? null : Build(result, aliases);
    }

    private static ArithmeticEvaluation? Build(Expression e, IReadOnlyList<string> aliases)
    {
        switch (e)
        {
            case NumericLiteral { Value: var c }:
                return _ => c;
            case MemberExpression { Computed: false, Property: Identifier { Name: "Value" }, Object: MemberExpression data }
                when AliasOf(data) is { } alias && IndexOf(aliases, alias) is var index and >= 0:
                return inputs => inputs[index].Value.Number;
            case UnaryExpression { Operator: Acornima.Operator.UnaryNegation, Argument: var a } when Build(a, aliases) is { } x:
                return inputs => -x(inputs);
            case UnaryExpression { Operator: Acornima.Operator.UnaryPlus, Argument: var a } when Build(a, aliases) is { } x:
                return x;
            case BinaryExpression { Operator: var op, Left: var l, Right: var r } when Build(l, aliases) is { } x && Build(r, aliases) is { } y:
                return op switch
                {
                    Acornima.Operator.Addition => inputs => x(inputs) + y(inputs),
                    Acornima.Operator.Subtraction => inputs => x(inputs) - y(inputs),
                    Acornima.Operator.Multiplication => inputs => x(inputs) * y(inputs),
                    Acornima.Operator.Division => inputs => x(inputs) / y(inputs),
                    _ => null,
                };
            case CallExpression { Callee: MemberExpression { Computed: false, Object: Identifier { Name: "G" }, Property: Identifier { Name: var helper } }, Arguments: [var a, var b] }
                when Build(a, aliases) is { } x && Build(b, aliases) is { } y:
                // As the helper object's Div without a third argument: 0 unless the quotient is finite.
                return helper switch
                {
                    "Div" => inputs => Div(x(inputs), y(inputs)),
                    "Percent" => inputs => Div(100 * x(inputs), y(inputs)),
                    _ => null,
                };
            default:
                return null;
        }
    }

    private static double Div(double a, double b) => HelperObject.Quotient(a, b) ?? 0;

    private static string? AliasOf(MemberExpression m) => m switch
    {
        { Object: Identifier { Name: "Data" }, Computed: false, Property: Identifier id } => id.Name,
        { Object: Identifier { Name: "Data" }, Computed: true, Property: StringLiteral s } => s.Value,
        _ => null,
    };

    private static int IndexOf(IReadOnlyList<string> aliases, string alias)
    {
        for (var i = 0; i < aliases.Count; i++) if (string.Equals(aliases[i], alias, StringComparison.Ordinal)) return i;
        return -1;
    }
}
