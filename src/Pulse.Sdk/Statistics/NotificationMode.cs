namespace Pulse.Sdk.Statistics;

/// <summary>When the engine sends a statistic's new value to the sinks.</summary>
public abstract record NotificationMode
{
    private protected NotificationMode() { }

    /// <summary>On change: at each flush after events changed the value by more than <paramref name="insensitivity"/> (absolute; 0 = any change).</summary>
    public static ChangesBasedNotification ChangesBased(double insensitivity = 0) => new(insensitivity);

    /// <summary>Every <paramref name="interval"/> of clock time, whether or not the value changed.</summary>
    public static TimeBasedNotification TimeBased(TimeSpan interval) => new(interval);

    /// <summary>Only when the time profile resets (the value just before the reset is sent).</summary>
    public static ResetBasedNotification ResetBased { get; } = new();

    /// <summary>Never pushed; read on demand only.</summary>
    public static NoNotification None { get; } = new();
}

/// <summary>Notify at flush when the value moved by more than <see cref="Insensitivity"/> since the last notification.</summary>
public sealed record ChangesBasedNotification(double Insensitivity) : NotificationMode;

/// <summary>Notify every <see cref="Interval"/>.</summary>
public sealed record TimeBasedNotification(TimeSpan Interval) : NotificationMode;

/// <summary>Notify at each reset of the time profile.</summary>
public sealed record ResetBasedNotification : NotificationMode;

/// <summary>Never notify.</summary>
public sealed record NoNotification : NotificationMode;
