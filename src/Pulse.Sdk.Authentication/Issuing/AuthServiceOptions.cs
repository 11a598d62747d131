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
    /// <c>BEGIN RSA PRIVATE KEY</c>, 2048 bits or more). When null, a 2048-bit key is generated at start: tokens
    /// then stop validating when the role restarts, and replicas of the role sign with different keys — give
    /// every replica the same file in production. Default null.
    /// </summary>
    public string? SigningKeyPath { get; set; }

    /// <summary>The key id (<c>kid</c>) of the signing key. When null, its RFC 7638 thumbprint. Default null.</summary>
    public string? KeyId { get; set; }

    /// <summary>The largest login body accepted, in bytes (256 to 65,536); a larger one is answered 413. Default 4,096.</summary>
    public int MaxLoginBodyBytes { get; set; } = 4096;

    /// <summary>What is wrong with these options, one message per problem; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Issuer)) errors.Add("AuthServiceOptions.Issuer must be set (the tokens' iss, e.g. \"pulse-auth\"); Pulse's PulseAuthenticationOptions.Issuer must match it");
        if (string.IsNullOrWhiteSpace(Audience)) errors.Add("AuthServiceOptions.Audience must be set (the tokens' aud, e.g. \"pulse\")");
        if (TokenLifetime < TimeSpan.FromMinutes(1) || TokenLifetime > TimeSpan.FromHours(24))
            errors.Add($"AuthServiceOptions.TokenLifetime must be 1 minute to 24 hours (e.g. 1 hour), was {TokenLifetime}");
        if (MaxLoginBodyBytes is < 256 or > 65_536) errors.Add($"AuthServiceOptions.MaxLoginBodyBytes must be 256 to 65536 (e.g. 4096), was {MaxLoginBodyBytes}");
        if (SigningKeyPath is not null && !File.Exists(SigningKeyPath))
            errors.Add($"AuthServiceOptions.SigningKeyPath: no file '{SigningKeyPath}' (a PEM RSA private key; leave it null to generate a key at start)");
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
