namespace Pulse.Host;

/// <summary>Options of the <c>replay</c> command.</summary>
/// <param name="ConfigPath">The configuration file (docs/configuration.md).</param>
/// <param name="EventsPath">The JSON-lines event file, or <c>-</c> for standard input.</param>
/// <param name="At">The instant at which the statistics are printed; events after it are not applied.</param>
internal sealed record ReplayOptions(string ConfigPath, string EventsPath, DateTimeOffset At)
{
    /// <summary>The <see cref="EventsPath"/> that means standard input.</summary>
    public const string StandardInput = "-";
}
