namespace Pulse.Sdk.Service;

/// <summary>
/// Settings of kiosk sessions (docs/api.md, "Kiosk sessions"), registered by <c>AddPulseService</c>; set them with
/// <c>services.Configure&lt;KioskSessionOptions&gt;(...)</c>. Validated when the host starts; each message names the option.
/// </summary>
public sealed class KioskSessionOptions
{
    /// <summary>The lifetime of a kiosk session created without <c>expiresAt</c> (1 day to <see cref="MaxLifetime"/>). Default 365 days.</summary>
    public TimeSpan DefaultLifetime { get; set; } = TimeSpan.FromDays(365);

    /// <summary>The longest lifetime a kiosk session may be given (1 day to 1,096 days, three years). Default 1,096 days.</summary>
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromDays(1096);

    /// <summary>How long the one-time link may wait before it is opened (1 minute to 30 days). Default 24 hours.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How often an open live connection (WebSocket, SSE) of a kiosk checks that its session is still active (100 ms to
    /// 30 s): a revoked kiosk's socket is closed at most this long after the revocation, at every replica. Default 5 s.
    /// </summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>What is wrong with these options, one message per problem; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxLifetime < TimeSpan.FromDays(1) || MaxLifetime > TimeSpan.FromDays(1096))
            errors.Add($"KioskSessionOptions.MaxLifetime must be 1 day to 1096 days (e.g. 1096 days), was {MaxLifetime}");
        if (DefaultLifetime < TimeSpan.FromDays(1) || DefaultLifetime > MaxLifetime)
            errors.Add($"KioskSessionOptions.DefaultLifetime must be 1 day to MaxLifetime (e.g. 365 days), was {DefaultLifetime}");
        if (LinkLifetime < TimeSpan.FromMinutes(1) || LinkLifetime > TimeSpan.FromDays(30))
            errors.Add($"KioskSessionOptions.LinkLifetime must be 1 minute to 30 days (e.g. 24 hours), was {LinkLifetime}");
        if (CheckInterval < TimeSpan.FromMilliseconds(100) || CheckInterval > TimeSpan.FromSeconds(30))
            errors.Add($"KioskSessionOptions.CheckInterval must be 100 ms to 30 s (e.g. 5 s), was {CheckInterval}");
        return errors;
    }
}
