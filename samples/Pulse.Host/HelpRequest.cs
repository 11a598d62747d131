namespace Pulse.Host;

/// <summary><c>--help</c>: print the usage text and exit 0.</summary>
internal sealed record HelpRequest : HostCommandLine;
