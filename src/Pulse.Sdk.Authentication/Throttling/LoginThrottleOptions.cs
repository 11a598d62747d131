using System.Net;

namespace Pulse.Sdk.Authentication.Throttling;

/// <summary>
/// Limits on password attempts (docs/api.md, "Login limits"): a user name is locked after repeated failures, for a time
/// that doubles at each further lock, and a client address may fail only so often. Refused attempts are answered 429
/// with <c>Retry-After</c> before any password is hashed.
/// </summary>
public sealed class LoginThrottleOptions
{
    /// <summary>Consecutive failures of one user name that lock it (1 to 100). Default 5.</summary>
    public int MaxFailuresPerUser { get; set; } = 5;

    /// <summary>How long the first lock of a user name lasts (1 s to <see cref="MaxLockout"/>); each further lock doubles it. Default 1 minute.</summary>
    public TimeSpan Lockout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest lock (<see cref="Lockout"/> to 1 day); also how long without a failure before a user name's record is forgotten. Default 30 minutes.</summary>
    public TimeSpan MaxLockout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Failed attempts one client address may make per <see cref="AddressWindow"/> (1 to 100,000): a bucket of this many, refilled evenly over the window. Default 30.</summary>
    public int MaxFailuresPerAddress { get; set; } = 30;

    /// <summary>The window of <see cref="MaxFailuresPerAddress"/> (1 s to 1 hour). Default 1 minute.</summary>
    public TimeSpan AddressWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Addresses without a per-address limit: the Pulse replicas that forward session logins to the role (they limit
    /// their own clients' addresses); the per-user lock still applies. Default none.
    /// </summary>
    public IList<IPAddress> UnlimitedAddresses { get; set; } = [];

    /// <summary>What is wrong with these options, each message starting with <paramref name="prefix"/> (the setting's path).</summary>
    internal IEnumerable<string> Validate(string prefix)
    {
        if (MaxFailuresPerUser is < 1 or > 100) yield return $"{prefix}.MaxFailuresPerUser must be 1 to 100 (e.g. 5), was {MaxFailuresPerUser}";
        if (MaxLockout < TimeSpan.FromSeconds(1) || MaxLockout > TimeSpan.FromDays(1)) yield return $"{prefix}.MaxLockout must be 1 s to 1 day (e.g. 30 minutes), was {MaxLockout}";
        if (Lockout < TimeSpan.FromSeconds(1) || Lockout > MaxLockout) yield return $"{prefix}.Lockout must be 1 s to MaxLockout (e.g. 1 minute), was {Lockout}";
        if (MaxFailuresPerAddress is < 1 or > 100_000) yield return $"{prefix}.MaxFailuresPerAddress must be 1 to 100000 (e.g. 30), was {MaxFailuresPerAddress}";
        if (AddressWindow < TimeSpan.FromSeconds(1) || AddressWindow > TimeSpan.FromHours(1)) yield return $"{prefix}.AddressWindow must be 1 s to 1 hour (e.g. 1 minute), was {AddressWindow}";
        if (UnlimitedAddresses is null) yield return $"{prefix}.UnlimitedAddresses must not be null (an empty list limits every address)";
        else if (UnlimitedAddresses.Any(a => a is null)) yield return $"{prefix}.UnlimitedAddresses must not hold null";
    }
}
