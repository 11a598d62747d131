namespace Pulse.Host;

/// <summary>The process exit codes of the host (docs/host.md).</summary>
internal static class ExitCodes
{
    /// <summary>Done; every input line was accepted.</summary>
    public const int Ok = 0;

    /// <summary>Bad input: the configuration or the event file cannot be read or is invalid, or some event lines were rejected.</summary>
    public const int InputError = 1;

    /// <summary>Bad command line: a missing or unknown option, or a value that cannot be parsed.</summary>
    public const int Usage = 2;

    /// <summary>Interrupted (Ctrl+C or SIGTERM) during a replay, like a shell's 128 + SIGINT.</summary>
    public const int Interrupted = 130;
}
