namespace Pulse.Sdk.Authentication;

/// <summary>The authentication role cannot be asked for a token now (unreachable, or an unexpected answer).</summary>
public sealed class TokenServiceUnavailableException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="message">What failed.</param>
    public TokenServiceUnavailableException(string message) : base(message) { }

    /// <summary>Creates the error with its cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="inner">The cause.</param>
    public TokenServiceUnavailableException(string message, Exception inner) : base(message, inner) { }
}
