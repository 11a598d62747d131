namespace Pulse.Host;

/// <summary>The command line is wrong; the message says what to change. Exit code <see cref="ExitCodes.Usage"/>.</summary>
internal sealed class UsageException(string message) : Exception(message);
