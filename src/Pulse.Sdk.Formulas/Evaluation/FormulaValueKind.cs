namespace Pulse.Sdk.Formulas;

/// <summary>What a formula's result is (docs/formulas.md, "Results and error values").</summary>
public enum FormulaValueKind
{
    /// <summary>The formula set no <c>Result</c> (or set it to null or undefined).</summary>
    Empty,
    /// <summary>A finite number.</summary>
    Number,
    /// <summary>Text (a status name, a formatted duration).</summary>
    Text,
    /// <summary>True or false.</summary>
    Boolean,
    /// <summary>The formula threw or passed a limit; <see cref="FormulaValue.Text"/> says why.</summary>
    Error,
}
