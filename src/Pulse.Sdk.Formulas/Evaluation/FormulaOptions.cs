namespace Pulse.Sdk.Formulas;

/// <summary>
/// The limits of one formula evaluation (docs/formulas.md, "Limits"). A formula that passes a limit gives an error value
/// for its cell; other cells go on.
/// </summary>
public sealed record FormulaOptions
{
    /// <summary>The defaults: 50 ms, 10,000 statements, 64 nested calls, 4 MiB.</summary>
    public static FormulaOptions Default { get; } = new();

    /// <summary>Longest one evaluation may run. Default 50 ms.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Most statements one evaluation may run (a loop's body counts each time). Default 10,000.</summary>
    public int MaxStatements { get; init; } = 10_000;

    /// <summary>Deepest nesting of function calls in one evaluation. Default 64.</summary>
    public int MaxRecursionDepth { get; init; } = 64;

    /// <summary>Most bytes one evaluation may allocate. Default 4 MiB.</summary>
    public long MaxMemoryBytes { get; init; } = 4L * 1024 * 1024;

    /// <summary>Every setting out of range, each naming it and what to give instead; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromSeconds(10))
            errors.Add($"FormulaOptions.Timeout: is {Timeout}; give a time above zero and at most 10 s, such as 50 ms");
        if (MaxStatements < 1) errors.Add($"FormulaOptions.MaxStatements: is {MaxStatements}; give at least 1, such as 10000");
        if (MaxRecursionDepth < 1) errors.Add($"FormulaOptions.MaxRecursionDepth: is {MaxRecursionDepth}; give at least 1, such as 64");
        if (MaxMemoryBytes < 64 * 1024) errors.Add($"FormulaOptions.MaxMemoryBytes: is {MaxMemoryBytes}; give at least 65536, such as 4194304 (4 MiB)");
        return errors;
    }
}
