namespace Pulse.Sdk.Authentication.Validation;

/// <summary>
/// The <see cref="ITokenRevocationList"/> cannot be read or written now (its store is unreachable or too slow). Pulse
/// answers 503 rather than guessing: a request whose token cannot be checked is not let through, and a logout that
/// could not revoke its token says so.
/// </summary>
public sealed class TokenRevocationUnavailableException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="message">What failed (no token in it).</param>
    /// <param name="inner">The cause.</param>
    public TokenRevocationUnavailableException(string message, Exception? inner = null) : base(message, inner) { }
}
