using Pulse.Sdk.Events;

namespace Pulse.Sdk.Sources;

/// <summary>Options of <see cref="JsonLinesEventSource"/>.</summary>
public sealed record JsonLinesSourceOptions
{
    /// <summary>The default <see cref="MaxLineBytes"/>: 64 KiB.</summary>
    public const int DefaultMaxLineBytes = 65536;

    /// <summary>The largest <see cref="MaxLineBytes"/> accepted: 16 MiB.</summary>
    public const int MaxMaxLineBytes = 16 * 1024 * 1024;

    /// <summary>
    /// The longest line accepted, in bytes, not counting its <c>\n</c> or <c>\r\n</c>. A longer line is
    /// rejected (reason code <c>line_too_long</c>) without being buffered whole, and reading goes on at the next line.
    /// </summary>
    public int MaxLineBytes { get; init; } = DefaultMaxLineBytes;

    /// <summary>
    /// Keep reading at the end of the input, like <c>tail -f</c>: wait <see cref="PollInterval"/> and look for
    /// more data, until the enumeration is cancelled. An incomplete last line is held until its newline arrives.
    /// When a followed file is truncated below the read position, it is read again from its start (a file replaced by renaming is not detected).
    /// </summary>
    public bool Follow { get; init; }

    /// <summary>How long to wait between looks for new data in <see cref="Follow"/> mode. Default 250 ms.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The clock used for the <see cref="Follow"/> delay; tests pass a manual one. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Called for each rejected line, after it is counted in <c>pulse_events_rejected_total</c>. Default: nothing else.
    /// An exception thrown by the callback ends the enumeration (a way to make reading strict).
    /// </summary>
    public Action<EventRejectedException>? OnRejected { get; init; }

    /// <summary>Every problem of these options, each naming the setting and what to set; empty when valid.</summary>
    /// <returns>The problems found.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxLineBytes is < 1 or > MaxMaxLineBytes)
            errors.Add($"JsonLinesSourceOptions.MaxLineBytes must be between 1 and {MaxMaxLineBytes} bytes, was {MaxLineBytes}; the default is {DefaultMaxLineBytes}");
        if (PollInterval <= TimeSpan.Zero)
            errors.Add($"JsonLinesSourceOptions.PollInterval must be positive, was {PollInterval}; the default is 250 ms");
        if (TimeProvider is null) errors.Add("JsonLinesSourceOptions.TimeProvider must be set (TimeProvider.System by default)");
        return errors;
    }
}
