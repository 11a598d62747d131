using System.Collections.Frozen;

namespace Pulse.Sdk.Authentication.Issuing;

/// <summary>
/// The authentication role's users, checked by password. An unknown user name costs the same PBKDF2 work as a
/// wrong password, so the time of an answer does not tell which user names exist.
/// </summary>
public sealed class AuthUserDirectory
{
    private readonly FrozenDictionary<string, AuthUser> _users;
    private readonly FrozenDictionary<string, string> _stamps;
    private readonly string _decoy;

    /// <summary>A directory of <paramref name="users"/> (copied now).</summary>
    /// <param name="users">The users; names unique, hashes well formed (see <see cref="AuthServiceOptions.Validate"/>).</param>
    /// <exception cref="ArgumentException">A user name repeats or a hash is malformed.</exception>
    public AuthUserDirectory(IEnumerable<AuthUser> users)
    {
        ArgumentNullException.ThrowIfNull(users);
        var copy = new Dictionary<string, AuthUser>(StringComparer.Ordinal);
        foreach (var u in users)
        {
            if (PasswordHasher.Describe(u.PasswordHash) is { } problem) throw new ArgumentException($"user '{u.UserName}'.PasswordHash: {problem}", nameof(users));
            if (!copy.TryAdd(u.UserName, new AuthUser { UserName = u.UserName, Tenant = u.Tenant, PasswordHash = u.PasswordHash }))
                throw new ArgumentException($"user name '{u.UserName}' is used twice", nameof(users));
        }
        _users = copy.ToFrozenDictionary(StringComparer.Ordinal);
        _stamps = _users.ToFrozenDictionary(u => u.Key, u => CredentialStamp.Of(u.Value), StringComparer.Ordinal);
        // The decoy costs what a typical configured hash costs.
        var iterations = _users.Count == 0 ? PasswordHasher.DefaultIterations : _users.Values.Max(u => PasswordHasher.IterationsOf(u.PasswordHash));
        _decoy = PasswordHasher.Hash("decoy", iterations);
    }

    /// <summary>Number of users.</summary>
    public int Count => _users.Count;

    /// <summary>
    /// Whether <paramref name="stamp"/> is the credential stamp (claim <c>pulse_cst</c>) of <paramref name="userName"/>'s
    /// password now: false for an unknown user and for a token issued before the password changed.
    /// </summary>
    /// <param name="userName">The user name (the token's <c>sub</c>).</param>
    /// <param name="stamp">The token's stamp.</param>
    public bool IsCurrent(string userName, string stamp)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(stamp);
        return _stamps.TryGetValue(userName, out var current) && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(current), System.Text.Encoding.ASCII.GetBytes(stamp));
    }

    /// <summary>The stamp tokens of <paramref name="user"/> carry now.</summary>
    internal string StampOf(AuthUser user) => _stamps[user.UserName];

    /// <summary>The user whose name and password these are; null when the name is unknown or the password wrong.</summary>
    /// <param name="userName">The user name.</param>
    /// <param name="password">The password.</param>
    public AuthUser? Authenticate(string userName, string password)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(password);
        if (!_users.TryGetValue(userName, out var user))
        {
            PasswordHasher.Verify(password, _decoy);
            return null;
        }
        return PasswordHasher.Verify(password, user.PasswordHash) ? user : null;
    }
}
