namespace Pulse.Sdk.Authentication.Issuing;

/// <summary>A user the authentication role knows: a login name, the tenant it belongs to, and its password hash.</summary>
public sealed class AuthUser
{
    /// <summary>The login name, unique across the role's users; the token's <c>sub</c>. Should match a user id of the tenant's configuration (<c>users[].id</c>), where the privileges are.</summary>
    public string UserName { get; set; } = "";

    /// <summary>The tenant id; the token's <c>tenant</c>.</summary>
    public string Tenant { get; set; } = "";

    /// <summary>The password hash, as <see cref="PasswordHasher.Hash"/> makes it (<c>pbkdf2-sha256$600000$...$...</c>).</summary>
    public string PasswordHash { get; set; } = "";
}
