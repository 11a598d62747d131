using Pulse.Sdk.Authentication.Throttling;

namespace Pulse.Sdk.Authentication.Issuing;

/// <summary>
/// Settings of the authentication role (<c>AddPulseAuthService</c>): its users, its signing key and what its tokens
/// say. Validated when the host starts; each message names the option and what to set.
/// </summary>
public sealed class AuthServiceOptions
{
    /// <summary>The <c>iss</c> of the tokens; Pulse's <c>PulseAuthenticationOptions.Issuer</c> must be the same. Default <c>pulse-auth</c>.</summary>
    public string Issuer { get; set; } = "pulse-auth";

    /// <summary>The <c>aud</c> of the tokens. Default <c>pulse</c>.</summary>
    public string Audience { get; set; } = "pulse";

    /// <summary>How long a token is accepted, 1 minute to 24 hours. Default 1 hour.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The users who may log in. User names are unique (compared exactly).</summary>
    public IList<AuthUser> Users { get; set; } = [];

    /// <summary>
    /// A PEM file holding the RSA private key that signs the tokens (PKCS#8 <c>BEGIN PRIVATE KEY</c> or PKCS#1
    /// <c>BEGIN RSA PRIVATE KEY</c>, 2048 bits or more). When the file does not exist, a 2048-bit key is generated at
    /// start and written there (owner read/write only), so a restarted role keeps every token; its directory must
    /// exist. When null, a key is generated and kept in memory only: tokens then stop validating when the role
    /// restarts, and replicas of the role sign with different keys — give every replica the same file in
    /// production. Default null.
    /// </summary>
    public string? SigningKeyPath { get; set; }

    /// <summary>
    /// The key the role signed with before <see cref="SigningKeyPath"/> (a PEM RSA private key file), for a rotation:
    /// published in the JWKS beside the current key, so its tokens stay valid until they expire; never used to sign.
    /// Remove it one <see cref="TokenLifetime"/> after the rotation. Default null.
    /// </summary>
    public string? PreviousSigningKeyPath { get; set; }

    /// <summary>The key id (<c>kid</c>) of the signing key. When null, its RFC 7638 thumbprint. Default null.</summary>
    public string? KeyId { get; set; }

    /// <summary>The largest login body accepted, in bytes (256 to 65,536); a larger one is answered 413. Default 4,096.</summary>
    public int MaxLoginBodyBytes { get; set; } = 4096;

    /// <summary>The limits on password attempts at <c>POST /auth/token</c> (per user name, per client address). Defaults as <see cref="LoginThrottleOptions"/> says.</summary>
    public LoginThrottleOptions LoginThrottling { get; set; } = new();

    /// <summary>
    /// The secret the Pulse replicas send with the logins they forward (<see cref="Validation.PulseAuthenticationOptions.ForwarderSecret"/>,
    /// at least 16 characters): a login carrying it is exempt from the per-address limit here, because the replica has
    /// limited its own client's address already (the per-user lock still applies). The replica's address alone earns no
    /// exemption: another process on the same machine could claim it. Default null: every login is limited by its address.
    /// </summary>
    public string? ForwarderSecret { get; set; }

    /// <summary>
    /// Password checks (PBKDF2) running at once, 1 to 1,024; a check that finds no slot within
    /// <see cref="HashingQueueTimeout"/> is answered 503 with <c>Retry-After: 1</c>. Default half the processors, at
    /// least 1: at 600,000 iterations a check costs about 0.16 core-seconds, and the role's process may serve more.
    /// </summary>
    public int MaxConcurrentHashing { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>How long a password check waits for a hashing slot (0 to 30 s; zero refuses at once). Default 1 s.</summary>
    public TimeSpan HashingQueueTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>What is wrong with these options, one message per problem; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Issuer)) errors.Add("AuthServiceOptions.Issuer must be set (the tokens' iss, e.g. \"pulse-auth\"); Pulse's PulseAuthenticationOptions.Issuer must match it");
        if (string.IsNullOrWhiteSpace(Audience)) errors.Add("AuthServiceOptions.Audience must be set (the tokens' aud, e.g. \"pulse\")");
        if (TokenLifetime < TimeSpan.FromMinutes(1) || TokenLifetime > TimeSpan.FromHours(24))
            errors.Add($"AuthServiceOptions.TokenLifetime must be 1 minute to 24 hours (e.g. 1 hour), was {TokenLifetime}");
        if (MaxLoginBodyBytes is < 256 or > 65_536) errors.Add($"AuthServiceOptions.MaxLoginBodyBytes must be 256 to 65536 (e.g. 4096), was {MaxLoginBodyBytes}");
        if (SigningKeyPath is not null && !File.Exists(SigningKeyPath) && !Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(SigningKeyPath))))
            errors.Add($"AuthServiceOptions.SigningKeyPath: no directory for '{SigningKeyPath}' (an existing PEM RSA private key, or a file to write a new one to; null keeps a generated key in memory only)");
        if (PreviousSigningKeyPath is not null && !File.Exists(PreviousSigningKeyPath))
            errors.Add($"AuthServiceOptions.PreviousSigningKeyPath: no file '{PreviousSigningKeyPath}' (the PEM RSA private key signed with before the rotation, or null)");
        if (LoginThrottling is null) errors.Add("AuthServiceOptions.LoginThrottling must not be null (leave the default limits)");
        else errors.AddRange(LoginThrottling.Validate("AuthServiceOptions.LoginThrottling"));
        if (MaxConcurrentHashing is < 1 or > 1024) errors.Add($"AuthServiceOptions.MaxConcurrentHashing must be 1 to 1024 (e.g. half the processors), was {MaxConcurrentHashing}");
        if (HashingQueueTimeout < TimeSpan.Zero || HashingQueueTimeout > TimeSpan.FromSeconds(30))
            errors.Add($"AuthServiceOptions.HashingQueueTimeout must be 0 to 30 s (e.g. 1 s), was {HashingQueueTimeout}");
        if (ForwarderSecret is { Length: < 16 })
            errors.Add("AuthServiceOptions.ForwarderSecret is too short: set at least 16 characters (a random string shared with the Pulse replicas), or null for none");
        if (KeyId is not null && string.IsNullOrWhiteSpace(KeyId)) errors.Add("AuthServiceOptions.KeyId must be null (the key's thumbprint) or non-empty text");
        if (Users is null)
        {
            errors.Add("AuthServiceOptions.Users must not be null (an empty list lets nobody log in)");
            return errors;
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Users.Count; i++)
        {
            var u = Users[i];
            var where = $"AuthServiceOptions.Users[{i}]";
            if (u is null) { errors.Add($"{where} is null"); continue; }
            if (string.IsNullOrWhiteSpace(u.UserName)) errors.Add($"{where}.UserName must be set");
            else if (!names.Add(u.UserName)) errors.Add($"{where}.UserName: '{u.UserName}' is already used by another user (user names are unique across tenants)");
            if (string.IsNullOrWhiteSpace(u.Tenant)) errors.Add($"{where} ('{u.UserName}').Tenant must be set (the tenant id of the configuration)");
            if (PasswordHasher.Describe(u.PasswordHash) is { } problem) errors.Add($"{where} ('{u.UserName}').PasswordHash: {problem}");
        }
        return errors;
    }
}
