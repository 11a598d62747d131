namespace Pulse.Sdk.Metadata;

/// <summary>
/// How a <see cref="Statistics.ValueFormat.Status"/> statistic shows an agent's current state (the Pulse 9 status options):
/// the parts shown, in the order status, media, duration, or a <see cref="Template"/> that replaces them (docs/api.md,
/// "Display formats").
/// </summary>
public sealed record StatusDisplay
{
    /// <summary>Show the state's name, with its reason in parentheses.</summary>
    public bool ShowStatus { get; init; } = true;

    /// <summary>Show an icon of the state's class before the text (on the wallboard only; formatted text has no icon).</summary>
    public bool ShowIcon { get; init; }

    /// <summary>Show the time in the state, <c>h:mm:ss</c>.</summary>
    public bool ShowDuration { get; init; } = true;

    /// <summary>Show the media of the state (e.g. <c>Voice</c>, <c>Chat</c>) when it has one.</summary>
    public bool ShowMedia { get; init; }

    /// <summary>
    /// Show "do not disturb" with its duration. Accepted for Pulse compatibility, but no event source reports
    /// do-not-disturb, so it shows nothing.
    /// </summary>
    public bool ShowDnd { get; init; }

    /// <summary>
    /// Text that replaces the parts, with <c>${status}</c>, <c>${reason}</c>, <c>${media}</c>, <c>${duration}</c> and
    /// <c>${dnd}</c> substituted (plain substitution; nothing is evaluated); null for the parts.
    /// </summary>
    public string? Template { get; init; }
}
