namespace Pulse.Sdk.Redis.Authentication;

/// <summary>Options of the <see cref="RedisTokenRevocationList"/>. <see cref="Validate"/> says what to change.</summary>
public sealed class RedisTokenRevocationOptions
{
    /// <summary>First part of every key. Default <c>pulse</c>.</summary>
    public string KeyPrefix { get; set; } = "pulse";

    /// <summary>Redis database; -1 (default) uses the connection's default database.</summary>
    public int Database { get; set; } = -1;

    /// <summary>
    /// Longest a call to Redis may take before it counts as failed (positive, at most 30 s): a slow Redis must not
    /// hold every authenticated request. Default 2 s.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// When Redis cannot be read, answer "not revoked" (fail open: a logged-out token works until Redis is back)
    /// instead of failing the check (fail closed: the request is answered 503). A token this process knows is
    /// revoked is refused either way, and a logout that cannot write fails either way. Default false.
    /// </summary>
    public bool FailOpen { get; set; }

    /// <summary>Most revoked tokens remembered by this process (at least 1); when full, the expired ones are dropped, then all. Default 100,000.</summary>
    public int MaxCachedRevocations { get; set; } = 100_000;

    /// <summary>What is wrong with these options, one message per problem, each naming the option and what to set; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!RedisKeys.IsUsablePrefix(KeyPrefix))
            errors.Add($"RedisTokenRevocationOptions.KeyPrefix must be non-empty text without braces or spaces (e.g. \"pulse\"), was \"{KeyPrefix}\"");
        if (Database < -1) errors.Add($"RedisTokenRevocationOptions.Database must be -1 (the connection's default) or a database number, was {Database}");
        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromSeconds(30))
            errors.Add($"RedisTokenRevocationOptions.Timeout must be positive and at most 30 s (e.g. 2 s), was {Timeout}");
        if (MaxCachedRevocations < 1) errors.Add($"RedisTokenRevocationOptions.MaxCachedRevocations must be at least 1 (e.g. 100000), was {MaxCachedRevocations}");
        return errors;
    }

    /// <summary>Throws when <see cref="Validate"/> finds a problem.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists what to change.</exception>
    public void ThrowIfInvalid() => OptionsValidation.ThrowIfInvalid(Validate());
}
