using Pulse.Sdk.Authentication.Throttling;

namespace Pulse.Sdk.Authentication.Issuing;

/// <summary>
/// The <see cref="ITokenService"/> of the authentication role itself: checks the password in the
/// <see cref="AuthUserDirectory"/> and signs with the <see cref="TokenIssuer"/>. <c>POST /auth/token</c> uses it, and
/// so does Pulse's session login when the role runs in the same process. Every check, known user or not, takes a
/// slot of the <see cref="PasswordHashingGate"/> when one is given.
/// </summary>
/// <param name="users">The users.</param>
/// <param name="issuer">The signer.</param>
/// <param name="hashing">Bounds the password checks at once; none when null.</param>
public sealed class InProcessTokenService(AuthUserDirectory users, TokenIssuer issuer, PasswordHashingGate? hashing = null) : ITokenService
{
    /// <inheritdoc />
    /// <exception cref="LoginThrottledException">No hashing slot came free in time (503).</exception>
    public async Task<IssuedToken?> RequestTokenAsync(string userName, string password, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(password);
        if (hashing is not null && !await hashing.TryEnterAsync(cancellationToken).ConfigureAwait(false))
            throw new LoginThrottledException(LoginRefusal.HashingBusy());
        try
        {
            var user = users.Authenticate(userName, password);
            return user is null ? null : issuer.Issue(user.Tenant, user.UserName, users.StampOf(user));
        }
        finally
        {
            hashing?.Release();
        }
    }
}
