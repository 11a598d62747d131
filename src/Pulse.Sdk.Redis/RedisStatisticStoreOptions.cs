using System.Net;
using StackExchange.Redis;

namespace Pulse.Sdk.Redis;

/// <summary>One history tier: points <paramref name="Resolution"/> apart, kept for <paramref name="Retention"/>.</summary>
/// <param name="Resolution">Width of a bucket; the point of a bucket is the last value notified in it.</param>
/// <param name="Retention">How long points are kept; older ones are trimmed.</param>
public readonly record struct RedisHistoryTier(TimeSpan Resolution, TimeSpan Retention);

/// <summary>Options of a <see cref="RedisStatisticStore"/>. <see cref="Validate"/> says what to change.</summary>
public sealed class RedisStatisticStoreOptions
{
    /// <summary>The Redis port used when a configuration string names a host without a port, as in the Pulse seed.</summary>
    public const int DefaultPort = 6380;

    /// <summary>First part of every key and channel. Default <c>pulse</c>.</summary>
    public string KeyPrefix { get; set; } = "pulse";

    /// <summary>Redis database; -1 (default) uses the connection's default database.</summary>
    public int Database { get; set; } = -1;

    /// <summary>How often buffered values are written (coalesced: the latest value of a statistic wins). Default 100 ms.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Most statistics whose latest value may wait unwritten (Redis down or slow). One slot per statistic:
    /// a newer value replaces the waiting one. A statistic beyond the bound is dropped and counted. Default 1,000,000.
    /// </summary>
    public int MaxBufferedValues { get; set; } = 1_000_000;

    /// <summary>Most history points that may wait unwritten; beyond it points are dropped and counted. Default 1,000,000.</summary>
    public int MaxBufferedHistoryPoints { get; set; } = 1_000_000;

    /// <summary>History tiers, finest first. Default 1 s points for an hour and 1 min points for a day; empty: no history.</summary>
    public IList<RedisHistoryTier> HistoryTiers { get; set; } =
        [new(TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)), new(TimeSpan.FromMinutes(1), TimeSpan.FromDays(1))];

    /// <summary>Publish every written batch on the tenant's channel (see <see cref="RedisStatisticSubscriber"/>). Default true.</summary>
    public bool PublishChanges { get; set; } = true;

    /// <summary>Longest a write batch may take before it counts as failed and is retried. Default 5 s.</summary>
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long <see cref="RedisStatisticStore.DisposeAsync"/> tries to write what is still buffered. Default 5 s.</summary>
    public TimeSpan DisposeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The <c>store</c> tag of the metrics, to tell several stores apart. Default <c>default</c>.</summary>
    public string Name { get; set; } = "default";

    /// <summary>Password, applied when the store connects from a configuration string (overrides one in the string).</summary>
    public string? Password { get; set; }

    /// <summary>Connect with TLS when the store connects from a configuration string.</summary>
    public bool UseTls { get; set; }

    /// <summary>The host name the server's TLS certificate must match, when it differs from the endpoint.</summary>
    public string? TlsHost { get; set; }

    /// <summary>What is wrong with these options, one message per problem, each naming the option and what to set; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!RedisKeys.IsUsablePrefix(KeyPrefix))
            errors.Add($"RedisStatisticStoreOptions.KeyPrefix must be non-empty text without braces or spaces (e.g. \"pulse\"), was \"{KeyPrefix}\"");
        if (Database < -1) errors.Add($"RedisStatisticStoreOptions.Database must be -1 (the connection's default) or a database number, was {Database}");
        if (FlushInterval <= TimeSpan.Zero) errors.Add($"RedisStatisticStoreOptions.FlushInterval must be positive (e.g. 100 ms), was {FlushInterval}");
        if (MaxBufferedValues < 1) errors.Add($"RedisStatisticStoreOptions.MaxBufferedValues must be at least 1 (one per statistic that may wait), was {MaxBufferedValues}");
        if (MaxBufferedHistoryPoints < 0) errors.Add($"RedisStatisticStoreOptions.MaxBufferedHistoryPoints must be 0 or more, was {MaxBufferedHistoryPoints}");
        if (WriteTimeout <= TimeSpan.Zero) errors.Add($"RedisStatisticStoreOptions.WriteTimeout must be positive (e.g. 5 s), was {WriteTimeout}");
        if (DisposeTimeout < TimeSpan.Zero) errors.Add($"RedisStatisticStoreOptions.DisposeTimeout must be 0 or more, was {DisposeTimeout}");
        if (string.IsNullOrWhiteSpace(Name)) errors.Add("RedisStatisticStoreOptions.Name must be set (the metrics' store tag), e.g. \"default\"");
        if (HistoryTiers is null) errors.Add("RedisStatisticStoreOptions.HistoryTiers must not be null (empty list: no history)");
        else
        {
            var previous = TimeSpan.Zero;
            for (var i = 0; i < HistoryTiers.Count; i++)
            {
                var t = HistoryTiers[i];
                if (t.Resolution < TimeSpan.FromMilliseconds(1) || t.Resolution.Ticks % TimeSpan.TicksPerMillisecond != 0)
                    errors.Add($"RedisStatisticStoreOptions.HistoryTiers[{i}].Resolution must be a whole number of milliseconds, at least 1 ms, was {t.Resolution}");
                else if (t.Resolution <= previous)
                    errors.Add($"RedisStatisticStoreOptions.HistoryTiers[{i}].Resolution must be coarser than the tier before ({previous}): list tiers finest first, was {t.Resolution}");
                if (t.Retention < t.Resolution)
                    errors.Add($"RedisStatisticStoreOptions.HistoryTiers[{i}].Retention must be at least its Resolution ({t.Resolution}), was {t.Retention}");
                previous = t.Resolution;
            }
        }
        return errors;
    }

    /// <summary>Throws when <see cref="Validate"/> finds problems.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists what to change.</exception>
    public void ThrowIfInvalid() => OptionsValidation.ThrowIfInvalid(Validate());

    /// <summary>
    /// The StackExchange.Redis configuration for <paramref name="configuration"/> (e.g. <c>redis1,redis2:7000</c>):
    /// endpoints without a port get <see cref="DefaultPort"/>, <see cref="Password"/> and <see cref="UseTls"/> apply,
    /// the connection does not fail while the server is down (it reconnects), and commands fail fast rather
    /// than queue while disconnected (the store buffers them itself).
    /// </summary>
    public ConfigurationOptions CreateConfiguration(string configuration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        var options = ConfigurationOptions.Parse(configuration);
        for (var i = 0; i < options.EndPoints.Count; i++)
        {
            options.EndPoints[i] = options.EndPoints[i] switch
            {
                DnsEndPoint { Port: 0 } d => new DnsEndPoint(d.Host, DefaultPort),
                IPEndPoint { Port: 0 } ip => new IPEndPoint(ip.Address, DefaultPort),
                var e => e,
            };
        }
        if (Password is not null) options.Password = Password;
        if (UseTls) options.Ssl = true;
        if (TlsHost is not null) options.SslHost = TlsHost;
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        return options;
    }
}
