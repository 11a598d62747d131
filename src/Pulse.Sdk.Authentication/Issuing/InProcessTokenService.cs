namespace Pulse.Sdk.Authentication.Issuing;

/// <summary>
/// The <see cref="ITokenService"/> of the authentication role itself: checks the password in the
/// <see cref="AuthUserDirectory"/> and signs with the <see cref="TokenIssuer"/>. <c>POST /auth/token</c> uses it, and
/// so does Pulse's session login when the role runs in the same process.
/// </summary>
/// <param name="users">The users.</param>
/// <param name="issuer">The signer.</param>
public sealed class InProcessTokenService(AuthUserDirectory users, TokenIssuer issuer) : ITokenService
{
    /// <inheritdoc />
    public Task<IssuedToken?> RequestTokenAsync(string userName, string password, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(password);
        var user = users.Authenticate(userName, password);
        return Task.FromResult(user is null ? null : issuer.Issue(user.Tenant, user.UserName));
    }
}
