namespace Pulse.Sdk.Formulas;

/// <summary>
/// A formula that cannot be compiled: a syntax error, or a <c>Data.&lt;alias&gt;</c> naming no statistic of the row
/// (docs/formulas.md, "Compile-time errors"). <see cref="Line"/> and <see cref="Column"/> count from 1 in the formula's own text.
/// </summary>
public sealed class FormulaCompileException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="reason">What is wrong, without the position.</param>
    /// <param name="line">Line in the formula text, from 1.</param>
    /// <param name="column">Column in that line, from 1.</param>
    /// <param name="alias">The unknown alias, when that is the error.</param>
    public FormulaCompileException(string reason, int line, int column, string? alias = null)
        : base($"{reason} (line {line}, column {column})")
    {
        Reason = reason;
        Line = line;
        Column = column;
        Alias = alias;
    }

    /// <summary>Creates the error with a message only (position 0, 0).</summary>
    public FormulaCompileException() : this("formula cannot be compiled", 0, 0) { }

    /// <summary>Creates the error with a message only (position 0, 0).</summary>
    public FormulaCompileException(string message) : this(message, 0, 0) { }

    /// <summary>Creates the error with a message and its cause (position 0, 0).</summary>
    public FormulaCompileException(string message, Exception innerException) : base(message, innerException) => Reason = message;

    /// <summary>What is wrong, without the position.</summary>
    public string Reason { get; } = "";

    /// <summary>Line in the formula text, from 1.</summary>
    public int Line { get; }

    /// <summary>Column in that line, from 1.</summary>
    public int Column { get; }

    /// <summary>The alias that names no statistic, or null for a syntax error.</summary>
    public string? Alias { get; }
}
