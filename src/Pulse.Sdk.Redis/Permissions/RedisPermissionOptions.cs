namespace Pulse.Sdk.Redis.Permissions;

/// <summary>
/// Options of the permissions kept in Redis: of the <see cref="RedisPermissionStore"/> (which the permissions role,
/// package Pulse.Sdk.Permissions, writes) and of the <see cref="RedisPermissionEvaluator"/> that reads it.
/// <see cref="Validate"/> says what to change.
/// </summary>
public sealed class RedisPermissionOptions
{
    /// <summary>First part of every key and of the channel. Default <c>pulse</c>.</summary>
    public string KeyPrefix { get; set; } = "pulse";

    /// <summary>Redis database; -1 (default) uses the connection's default database.</summary>
    public int Database { get; set; } = -1;

    /// <summary>
    /// How long a reader keeps a user's permissions before reading them again (positive, at most 10 minutes). A
    /// change announced on the channel drops them at once; this bounds how stale they can be when an announcement
    /// is missed. Default 5 s.
    /// </summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Most users a reader keeps (at least 1); when full, the cache is emptied and fills again. Default 100,000.</summary>
    public int MaxCachedUsers { get; set; } = 100_000;

    /// <summary>What is wrong with these options, one message per problem, each naming the option and what to set; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!RedisKeys.IsUsablePrefix(KeyPrefix))
            errors.Add($"RedisPermissionOptions.KeyPrefix must be non-empty text without braces or spaces (e.g. \"pulse\"), was \"{KeyPrefix}\"");
        if (Database < -1) errors.Add($"RedisPermissionOptions.Database must be -1 (the connection's default) or a database number, was {Database}");
        if (CacheDuration <= TimeSpan.Zero || CacheDuration > TimeSpan.FromMinutes(10))
            errors.Add($"RedisPermissionOptions.CacheDuration must be positive and at most 10 minutes (e.g. 5 s), was {CacheDuration}");
        if (MaxCachedUsers < 1) errors.Add($"RedisPermissionOptions.MaxCachedUsers must be at least 1 (e.g. 100000), was {MaxCachedUsers}");
        return errors;
    }

    /// <summary>Throws when <see cref="Validate"/> finds a problem.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists what to change.</exception>
    public void ThrowIfInvalid() => OptionsValidation.ThrowIfInvalid(Validate());
}
