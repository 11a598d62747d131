namespace Pulse.Host;

/// <summary>
/// Where the host's Pulse topology listens (loopback only). The defaults follow the seed's connection table:
/// Voice SIP Service 8000, Interaction Server 7120, Interaction VQ Server 7122, metrics 9091; the Voice SIP VQ
/// Service, the LDS and the LDS-VQ need ports of their own on one machine. 0 takes a free port.
/// </summary>
internal sealed record ServePorts(
    int Voice = 8000, int VoiceVq = 8001, int Ixn = 7120, int IxnVq = 7122, int Lds = 8100, int LdsVq = 8101, int Metrics = 9091)
{
    /// <summary>Every port taken from the system (for tests).</summary>
    public static ServePorts Ephemeral { get; } = new(0, 0, 0, 0, 0, 0, 0);
}
