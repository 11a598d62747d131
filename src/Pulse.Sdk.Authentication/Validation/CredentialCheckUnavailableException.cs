namespace Pulse.Sdk.Authentication.Validation;

/// <summary>The authentication role could not be asked whether a token's password is still the user's (Pulse answers 503).</summary>
public sealed class CredentialCheckUnavailableException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="inner">The cause; may be null.</param>
    public CredentialCheckUnavailableException(string message, Exception? inner = null) : base(message, inner) { }
}
