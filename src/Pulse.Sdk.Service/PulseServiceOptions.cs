namespace Pulse.Sdk.Service;

/// <summary>Options of the Pulse service (<c>AddPulseService</c>); validated when the host starts, with messages that say what to set.</summary>
/// <remarks>The caps on tabs and widgets are not here: they are each user's, from the permissions role (<see cref="Permissions.UserPermissions"/>).</remarks>
public sealed class PulseServiceOptions
{
    /// <summary>The most live messages a subscription may receive per second (0.01 to 1000); a client's <c>maxRate</c> is lowered to it. Default 10.</summary>
    public double MaxPushRatePerSecond { get; set; } = 10;

    /// <summary>The rate of a subscription whose client gives no <c>maxRate</c>. Default 4; at most <see cref="MaxPushRatePerSecond"/>.</summary>
    public double DefaultPushRatePerSecond { get; set; } = 4;

    /// <summary>How often a live connection receives a heartbeat. Default 15 s.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often a live connection reads its user's permissions and its layouts again, and re-routes (with a new snapshot) when they changed. Default 30 s.</summary>
    public TimeSpan PermissionRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest a live message may take to send before the connection counts as dead and is closed. Default 30 s.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest request body accepted, in bytes; larger ones get 413. Default 1 MiB.</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The largest WebSocket message a client may send, in bytes; a larger one closes the socket. Default 64 KiB.</summary>
    public int MaxClientMessageBytes { get; set; } = 64 * 1024;

    /// <summary>The most subscriptions one live connection may hold. Default 64.</summary>
    public int MaxSubscriptionsPerConnection { get; set; } = 64;

    /// <summary>The most layouts one subscription may name. Default 200.</summary>
    public int MaxLayoutsPerSubscription { get; set; } = 200;

    /// <summary>The longest name (of a template, layout, tab, statistic alias) accepted, in characters. Default 200.</summary>
    public int MaxNameLength { get; set; } = 200;

    /// <summary>The window over which <c>maxStatisticValueDelay</c> is the largest delay seen. Default 60 s.</summary>
    public TimeSpan HealthDelayWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The browser origins (<c>https://pulse.example.com</c>, <c>http://host:8080</c>: scheme, host, port if not the
    /// default; no path) whose pages may use the session cookie against the API: requests authenticated by the cookie
    /// must come from one of them (docs/api.md, "Origin and Content-Type"). Empty (the default): the service's own origin,
    /// as the request names it (<c>Host</c>, or <c>X-Forwarded-Host</c>/<c>X-Forwarded-Proto</c> set by a proxy in front).
    /// Set it when the wallboard is served from another origin than the API's, or to pin the public origin.
    /// </summary>
    public IList<string> AllowedOrigins { get; set; } = [];

    /// <summary>What is wrong with these options, one message per problem, each naming the option and what to set; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        // The same range as a client's maxRate: 1 / rate must stay a usable timer interval.
        const double min = Live.LiveConnection.MinRequestedRate, max = Live.LiveConnection.MaxRequestedRate;
        if (!(MaxPushRatePerSecond >= min && MaxPushRatePerSecond <= max))
            errors.Add($"PulseServiceOptions.MaxPushRatePerSecond must be from {min} to {max} messages per second (e.g. 10), was {MaxPushRatePerSecond}");
        if (!(DefaultPushRatePerSecond >= min && DefaultPushRatePerSecond <= MaxPushRatePerSecond))
            errors.Add($"PulseServiceOptions.DefaultPushRatePerSecond must be from {min} to MaxPushRatePerSecond ({MaxPushRatePerSecond}) messages per second, was {DefaultPushRatePerSecond}");
        if (HeartbeatInterval < TimeSpan.FromMilliseconds(100))
            errors.Add($"PulseServiceOptions.HeartbeatInterval must be at least 100 ms (e.g. 15 s), was {HeartbeatInterval}");
        if (PermissionRefreshInterval < TimeSpan.FromMilliseconds(100))
            errors.Add($"PulseServiceOptions.PermissionRefreshInterval must be at least 100 ms (e.g. 30 s), was {PermissionRefreshInterval}");
        if (SendTimeout <= TimeSpan.Zero)
            errors.Add($"PulseServiceOptions.SendTimeout must be positive (e.g. 30 s), was {SendTimeout}");
        if (MaxBodyBytes < 1024)
            errors.Add($"PulseServiceOptions.MaxBodyBytes must be at least 1024 bytes (e.g. 1048576), was {MaxBodyBytes}");
        if (MaxClientMessageBytes < 256)
            errors.Add($"PulseServiceOptions.MaxClientMessageBytes must be at least 256 bytes (e.g. 65536), was {MaxClientMessageBytes}");
        if (MaxSubscriptionsPerConnection < 1)
            errors.Add($"PulseServiceOptions.MaxSubscriptionsPerConnection must be at least 1 (e.g. 64), was {MaxSubscriptionsPerConnection}");
        if (MaxLayoutsPerSubscription < 1)
            errors.Add($"PulseServiceOptions.MaxLayoutsPerSubscription must be at least 1 (e.g. 200), was {MaxLayoutsPerSubscription}");
        if (MaxNameLength < 1)
            errors.Add($"PulseServiceOptions.MaxNameLength must be at least 1 (e.g. 200), was {MaxNameLength}");
        if (HealthDelayWindow <= TimeSpan.Zero)
            errors.Add($"PulseServiceOptions.HealthDelayWindow must be positive (e.g. 60 s), was {HealthDelayWindow}");
        if (AllowedOrigins is null)
            errors.Add("PulseServiceOptions.AllowedOrigins must not be null: leave it empty for the service's own origin, or list origins such as https://pulse.example.com");
        else
            for (var i = 0; i < AllowedOrigins.Count; i++)
                if (Api.RequestOrigin.Normalize(AllowedOrigins[i]) is null)
                    errors.Add($"PulseServiceOptions.AllowedOrigins[{i}] must be an origin: http or https, a host and an optional port, no path, query or '*' (e.g. https://pulse.example.com or http://10.0.0.5:8080), was '{AllowedOrigins[i]}'");
        return errors;
    }
}
