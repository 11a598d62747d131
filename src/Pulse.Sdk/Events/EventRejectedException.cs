namespace Pulse.Sdk.Events;

/// <summary>
/// Describes an input that could not be turned into an event: where it was (source and line) and why.
/// Decoders report it through their error callback and go on with the next line.
/// </summary>
public sealed class EventRejectedException : FormatException
{
    /// <summary>Creates the error.</summary>
    /// <param name="source">The source name (a file path, <c>stdin</c>, a connection).</param>
    /// <param name="line">1-based line number, or 0 when not line-based.</param>
    /// <param name="reason">What was wrong, naming the field where there is one.</param>
    public EventRejectedException(string source, long line, string reason)
        : base(line > 0 ? $"{source}:{line}: {reason}" : $"{source}: {reason}")
    {
        SourceName = source;
        Line = line;
        Reason = reason;
    }

    /// <summary>The source name.</summary>
    public string SourceName { get; }

    /// <summary>1-based line number, or 0.</summary>
    public long Line { get; }

    /// <summary>What was wrong.</summary>
    public string Reason { get; }
}
