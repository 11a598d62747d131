namespace Pulse.Sdk.Authentication.Throttling;

/// <summary>
/// An <see cref="ITokenService"/> refused the login before checking the password (the role's limits, or its password
/// hashing is busy); the session endpoint answers with the refusal's status and <c>Retry-After</c>.
/// </summary>
public sealed class LoginThrottledException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="refusal">The refusal.</param>
    public LoginThrottledException(LoginRefusal refusal) : base((refusal ?? throw new ArgumentNullException(nameof(refusal))).Message) => Refusal = refusal;

    /// <summary>The refusal: reason, status, when to try again.</summary>
    public LoginRefusal Refusal { get; }
}
