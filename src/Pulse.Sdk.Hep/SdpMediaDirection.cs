namespace Pulse.Sdk.Hep;

/// <summary>The media direction an SDP body asks for (RFC 3264 §5.1), used to detect hold and retrieve.</summary>
internal enum SdpMediaDirection
{
    /// <summary>The message has no SDP body.</summary>
    None,

    /// <summary>An SDP body without a direction attribute: send and receive.</summary>
    SendRecv,

    /// <summary><c>a=sendonly</c>: the sender puts the other party on hold.</summary>
    SendOnly,

    /// <summary><c>a=recvonly</c>.</summary>
    RecvOnly,

    /// <summary><c>a=inactive</c>, or the old-style hold address <c>c=IN IP4 0.0.0.0</c>.</summary>
    Inactive,
}
