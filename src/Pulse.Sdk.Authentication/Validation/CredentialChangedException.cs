using Microsoft.IdentityModel.Tokens;

namespace Pulse.Sdk.Authentication.Validation;

/// <summary>The token was issued for a password the user no longer has (its credential stamp is not current): the session ended.</summary>
public sealed class CredentialChangedException : SecurityTokenValidationException
{
    /// <summary>Creates the error.</summary>
    public CredentialChangedException() : base("the password changed since the token was issued") { }
}
