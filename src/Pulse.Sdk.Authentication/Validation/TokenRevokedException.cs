using Microsoft.IdentityModel.Tokens;

namespace Pulse.Sdk.Authentication.Validation;

/// <summary>The token's <c>jti</c> is in the <see cref="ITokenRevocationList"/> (its session was logged out).</summary>
public sealed class TokenRevokedException : SecurityTokenValidationException
{
    /// <summary>Creates the error.</summary>
    public TokenRevokedException() : base("the token was revoked") { }
}
