using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Pulse.Sdk.Authentication.Issuing;

/// <summary>
/// What a token says of the password it was issued for (claim <c>pulse_cst</c>): a digest of the user's tenant, name and
/// stored password hash. A new password (any new hash: a new salt) gives a new stamp, so Pulse refuses the sessions
/// begun before (docs/api.md, "Sessions end when the password changes"). The digest of a salted PBKDF2 hash tells
/// nothing of the password.
/// </summary>
internal static class CredentialStamp
{
    /// <summary>The claim that carries the stamp.</summary>
    public const string ClaimType = "pulse_cst";

    public static string Of(AuthUser user) =>
        Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes($"{user.Tenant}\n{user.UserName}\n{user.PasswordHash}")).AsSpan(0, 16).ToArray());
}
