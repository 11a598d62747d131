namespace Pulse.Sdk.Hep;

/// <summary>Options of <see cref="SipDialogTracker"/>.</summary>
public sealed record SipDialogTrackerOptions
{
    /// <summary>The tenant the events are reported for (and whose configured DNs are matched). Required.</summary>
    public string Tenant { get; init; } = "";

    /// <summary>The clock for timeouts, and the event time when a packet has no capture time. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>A call not answered and silent this long is ended as abandoned (a lost CANCEL or BYE). Default 10 minutes.</summary>
    public TimeSpan UnansweredTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>An answered call silent this long is ended as released (a lost BYE). Default 4 hours.</summary>
    public TimeSpan AnsweredTimeout { get; init; } = TimeSpan.FromHours(4);

    /// <summary>How long an ended dialog is remembered so that late retransmissions (BYE, 200, 487) add no event. Default 32 s (SIP timer J).</summary>
    public TimeSpan EndedRetention { get; init; } = TimeSpan.FromSeconds(32);

    /// <summary>The most dialogs tracked at once; new calls beyond it are not tracked (and counted). Default 100,000.</summary>
    public int MaxDialogs { get; init; } = 100_000;

    /// <summary>Every problem of these options, each naming the setting and what to set; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Tenant))
            errors.Add("SipDialogTrackerOptions.Tenant is required: set it to the tenant id of the configuration whose queue and agent DNs the SIP calls use");
        if (TimeProvider is null) errors.Add("SipDialogTrackerOptions.TimeProvider must not be null (use TimeProvider.System)");
        if (UnansweredTimeout <= TimeSpan.Zero) errors.Add("SipDialogTrackerOptions.UnansweredTimeout must be positive, for example 10 minutes");
        if (AnsweredTimeout <= TimeSpan.Zero) errors.Add("SipDialogTrackerOptions.AnsweredTimeout must be positive, for example 4 hours");
        if (EndedRetention < TimeSpan.Zero) errors.Add("SipDialogTrackerOptions.EndedRetention must not be negative, for example 32 seconds");
        if (MaxDialogs < 1) errors.Add("SipDialogTrackerOptions.MaxDialogs must be at least 1, for example 100000");
        return errors;
    }
}
