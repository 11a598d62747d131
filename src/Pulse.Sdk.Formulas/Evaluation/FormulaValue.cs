using System.Globalization;

namespace Pulse.Sdk.Formulas;

/// <summary>
/// A formula's result for one cell: a number, text, true/false, nothing, or an error carrying the message to show
/// (the author's own for <c>throw new Error("...")</c>, or the limit passed). docs/formulas.md, "Results and error values".
/// </summary>
public readonly record struct FormulaValue
{
    private FormulaValue(FormulaValueKind kind, double number, string? text)
    {
        Kind = kind;
        Number = number;
        Text = text;
    }

    /// <summary>No result.</summary>
    public static FormulaValue Empty => default;

    /// <summary>What the result is.</summary>
    public FormulaValueKind Kind { get; }

    /// <summary>The number (<see cref="FormulaValueKind.Number"/>), 1 or 0 for <see cref="FormulaValueKind.Boolean"/>, else 0.</summary>
    public double Number { get; }

    /// <summary>The text (<see cref="FormulaValueKind.Text"/>) or the error message (<see cref="FormulaValueKind.Error"/>), else null.</summary>
    public string? Text { get; }

    /// <summary>Whether the formula failed for this cell.</summary>
    public bool IsError => Kind == FormulaValueKind.Error;

    /// <summary>A number.</summary>
    public static FormulaValue FromNumber(double number) => new(FormulaValueKind.Number, number, null);

    /// <summary>Text.</summary>
    public static FormulaValue FromText(string text) => new(FormulaValueKind.Text, 0, text);

    /// <summary>True or false.</summary>
    public static FormulaValue FromBoolean(bool value) => new(FormulaValueKind.Boolean, value ? 1 : 0, null);

    /// <summary>An error value with the message to show for the cell.</summary>
    public static FormulaValue FromError(string message) => new(FormulaValueKind.Error, 0, message);

    /// <summary>The value as shown: the number in invariant culture, the text, <c>true</c>/<c>false</c>, "" when empty, <c>#ERROR: message</c>.</summary>
    public override string ToString() => Kind switch
    {
        FormulaValueKind.Number => Number.ToString("R", CultureInfo.InvariantCulture),
        FormulaValueKind.Text => Text!,
        FormulaValueKind.Boolean => Number != 0 ? "true" : "false",
        FormulaValueKind.Error => "#ERROR: " + Text,
        _ => "",
    };
}
