namespace Pulse.Sdk.Postgres.Metadata;

/// <summary>Settings of a <see cref="LayoutChangeListener"/>.</summary>
public sealed class LayoutChangeListenerOptions
{
    /// <summary>First wait before reconnecting after the connection is lost; doubled on each failure up to <see cref="MaxReconnectDelay"/>. Default 200 ms.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest wait between reconnection attempts. Default 30 s.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>After this long without a notification the connection is checked with a query. Default 30 s.</summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Every problem of these options, each naming the setting and what to set; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (ReconnectDelay <= TimeSpan.Zero) errors.Add($"LayoutChangeListenerOptions.ReconnectDelay must be positive, was {ReconnectDelay}; set for example 200 ms");
        if (MaxReconnectDelay < ReconnectDelay) errors.Add($"LayoutChangeListenerOptions.MaxReconnectDelay ({MaxReconnectDelay}) must be at least ReconnectDelay ({ReconnectDelay})");
        if (KeepAlive <= TimeSpan.Zero) errors.Add($"LayoutChangeListenerOptions.KeepAlive must be positive, was {KeepAlive}; set for example 30 s");
        return errors;
    }
}
