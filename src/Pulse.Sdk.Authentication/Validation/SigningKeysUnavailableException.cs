namespace Pulse.Sdk.Authentication.Validation;

/// <summary>Pulse has no signing keys of the authentication role to check tokens with (the JWKS could not be read).</summary>
public sealed class SigningKeysUnavailableException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="inner">The cause.</param>
    public SigningKeysUnavailableException(string message, Exception? inner = null) : base(message, inner) { }
}
