namespace Pulse.Sdk.Authentication;

/// <summary>
/// Turns a user name and password into a token: the authentication role's job. Pulse's session login asks it;
/// implementations call the role over HTTP (<see cref="Validation.HttpTokenService"/>) or in process
/// (<see cref="Issuing.InProcessTokenService"/>).
/// </summary>
public interface ITokenService
{
    /// <summary>A token for the user; null when the user is unknown or the password is wrong.</summary>
    /// <param name="userName">The user name.</param>
    /// <param name="password">The password.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="TokenServiceUnavailableException">The authentication role cannot be reached or answered with an error.</exception>
    Task<IssuedToken?> RequestTokenAsync(string userName, string password, CancellationToken cancellationToken = default);
}
