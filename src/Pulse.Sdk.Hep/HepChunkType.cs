namespace Pulse.Sdk.Hep;

/// <summary>The generic (vendor 0) HEP v3 chunk types this package reads and writes.</summary>
internal enum HepChunkType : ushort
{
    /// <summary>IP protocol family: 2 = IPv4, 10 = IPv6 (uint8).</summary>
    IpFamily = 1,

    /// <summary>IP protocol id: 17 = UDP, 6 = TCP (uint8).</summary>
    IpProtocol = 2,

    /// <summary>IPv4 source address (4 bytes).</summary>
    Ipv4Source = 3,

    /// <summary>IPv4 destination address (4 bytes).</summary>
    Ipv4Destination = 4,

    /// <summary>IPv6 source address (16 bytes).</summary>
    Ipv6Source = 5,

    /// <summary>IPv6 destination address (16 bytes).</summary>
    Ipv6Destination = 6,

    /// <summary>Source port (uint16).</summary>
    SourcePort = 7,

    /// <summary>Destination port (uint16).</summary>
    DestinationPort = 8,

    /// <summary>Capture time, seconds since the Unix epoch (uint32).</summary>
    TimestampSeconds = 9,

    /// <summary>Capture time, microseconds within the second (uint32).</summary>
    TimestampMicroseconds = 10,

    /// <summary>Payload protocol type (uint8): 1 = SIP.</summary>
    ProtocolType = 11,

    /// <summary>Capture agent id (uint32).</summary>
    CaptureAgentId = 12,

    /// <summary>Authentication key (text).</summary>
    AuthKey = 14,

    /// <summary>The captured payload (the SIP message).</summary>
    Payload = 15,

    /// <summary>Correlation id (text), set by some capture agents to link legs of one call.</summary>
    CorrelationId = 17,
}
