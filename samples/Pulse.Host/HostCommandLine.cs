namespace Pulse.Host;

/// <summary>A parsed command line: <see cref="LiveOptions"/>, <see cref="ReplayOptions"/> or <see cref="HelpRequest"/>.</summary>
internal abstract record HostCommandLine;
