using System.Buffers.Binary;
using System.Net;

namespace Pulse.Sdk.Hep;

/// <summary>
/// One HEP v3 packet (the capture format of Kamailio <c>siptrace</c>, sngrep <c>-H</c>, OpenSIPS, FreeSWITCH ...):
/// the ASCII magic <c>HEP3</c>, a big-endian uint16 total length, then chunks of vendor uint16, type uint16,
/// length uint16 (including the 6-byte chunk header) and the value.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="TryDecode"/> reads the packet in place: the byte values (<see cref="Payload"/>, addresses, keys)
/// are slices of the input, so decoding allocates nothing. Chunks of unknown type or of a non-zero vendor are
/// skipped; a packet longer than its declared total length is read up to that length (the rest is ignored).
/// </para>
/// <para>
/// sngrep 1.6 writes its capture agent id (2002 by default) as a 16-bit network-order value into the first half
/// of the 32-bit field (<c>htons</c> on a little-endian host), so the bytes read <c>07 D2 00 00</c> (131,203,072);
/// a 32-bit value whose low 16 bits are zero and high 16 bits are not is read as that 16-bit id, giving 2002 again.
/// </para>
/// </remarks>
internal readonly struct HepPacket
{
    /// <summary>The size of the packet header: <c>HEP3</c> and the total length.</summary>
    public const int HeaderLength = 6;

    /// <summary>The size of a chunk header: vendor, type and length.</summary>
    public const int ChunkHeaderLength = 6;

    /// <summary>The largest packet: the total length is a uint16.</summary>
    public const int MaxLength = ushort.MaxValue;

    /// <summary>IP family value of IPv4.</summary>
    public const byte FamilyIPv4 = 2;

    /// <summary>IP family value of IPv6.</summary>
    public const byte FamilyIPv6 = 10;

    /// <summary>Protocol type value of SIP (chunk 11).</summary>
    public const byte ProtocolTypeSip = 1;

    private static ReadOnlySpan<byte> Magic => "HEP3"u8;

    /// <summary>IP family (chunk 1): <see cref="FamilyIPv4"/> or <see cref="FamilyIPv6"/>; 0 when absent.</summary>
    public byte IpFamily { get; init; }

    /// <summary>IP protocol (chunk 2): 17 UDP, 6 TCP; 0 when absent.</summary>
    public byte IpProtocol { get; init; }

    /// <summary>Source address bytes (chunk 3 or 5): 4 or 16 bytes, empty when absent.</summary>
    public ReadOnlyMemory<byte> SourceAddress { get; init; }

    /// <summary>Destination address bytes (chunk 4 or 6): 4 or 16 bytes, empty when absent.</summary>
    public ReadOnlyMemory<byte> DestinationAddress { get; init; }

    /// <summary>Source port (chunk 7).</summary>
    public ushort SourcePort { get; init; }

    /// <summary>Destination port (chunk 8).</summary>
    public ushort DestinationPort { get; init; }

    /// <summary>Capture time, whole seconds since the Unix epoch (chunk 9).</summary>
    public uint TimestampSeconds { get; init; }

    /// <summary>Capture time, microseconds within the second (chunk 10).</summary>
    public uint TimestampMicroseconds { get; init; }

    /// <summary>Whether the packet carries a timestamp (chunk 9).</summary>
    public bool HasTimestamp { get; init; }

    /// <summary>Payload protocol type (chunk 11): <see cref="ProtocolTypeSip"/> for SIP; 0 when absent.</summary>
    public byte ProtocolType { get; init; }

    /// <summary>Capture agent id (chunk 12), with the sngrep byte-order quirk undone.</summary>
    public uint CaptureAgentId { get; init; }

    /// <summary>Authentication key (chunk 14), empty when absent.</summary>
    public ReadOnlyMemory<byte> AuthKey { get; init; }

    /// <summary>The captured message (chunk 15).</summary>
    public ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>Correlation id (chunk 17), empty when absent.</summary>
    public ReadOnlyMemory<byte> CorrelationId { get; init; }

    /// <summary>The capture time, or <see langword="null"/> when the packet has none (or an out-of-range one).</summary>
    public DateTimeOffset? Timestamp
    {
        get
        {
            if (!HasTimestamp) return null;
            long micros = Math.Min(TimestampMicroseconds, 999_999u);
            return DateTimeOffset.UnixEpoch.AddTicks(TimestampSeconds * TimeSpan.TicksPerSecond + micros * TimeSpan.TicksPerMicrosecond);
        }
    }

    /// <summary>The source address as an <see cref="IPAddress"/> (allocates), or <see langword="null"/>.</summary>
    public IPAddress? GetSourceAddress() => SourceAddress.Length is 4 or 16 ? new IPAddress(SourceAddress.Span) : null;

    /// <summary>The destination address as an <see cref="IPAddress"/> (allocates), or <see langword="null"/>.</summary>
    public IPAddress? GetDestinationAddress() => DestinationAddress.Length is 4 or 16 ? new IPAddress(DestinationAddress.Span) : null;

    /// <summary>Decodes one packet.</summary>
    /// <param name="packet">The packet bytes (a UDP datagram, or one frame of a TCP stream).</param>
    /// <returns>The packet; its byte values are slices of <paramref name="packet"/>.</returns>
    /// <exception cref="HepFormatException">The bytes are not a valid HEP v3 packet; the message names the chunk and offset.</exception>
    public static HepPacket Decode(ReadOnlyMemory<byte> packet) =>
        TryDecode(packet, out var result, out var error) ? result : throw new HepFormatException(error);

    /// <summary>Decodes one packet without throwing.</summary>
    /// <param name="packet">The packet bytes.</param>
    /// <param name="result">The packet when valid.</param>
    /// <param name="error">What is wrong and where, when not valid.</param>
    /// <returns><see langword="true"/> when <paramref name="packet"/> is a valid HEP v3 packet with a payload.</returns>
    public static bool TryDecode(ReadOnlyMemory<byte> packet, out HepPacket result, out HepDecodeError error)
    {
        result = default;
        ReadOnlySpan<byte> span = packet.Span;
        if (span.Length < 4 || !span[..4].SequenceEqual(Magic))
        {
            error = new HepDecodeError(HepDecodeErrorKind.NotHep3, 0);
            return false;
        }

        if (span.Length < HeaderLength)
        {
            error = new HepDecodeError(HepDecodeErrorKind.Truncated, 0, Length: HeaderLength, Available: span.Length);
            return false;
        }

        int total = BinaryPrimitives.ReadUInt16BigEndian(span[4..]);
        if (total < HeaderLength || total > span.Length) // below the header is as unusable as beyond the data
        {
            error = new HepDecodeError(HepDecodeErrorKind.Truncated, 4, Length: total, Available: span.Length);
            return false;
        }

        byte family = 0, ipProto = 0, protoType = 0;
        ushort srcPort = 0, dstPort = 0;
        uint seconds = 0, micros = 0, captureId = 0;
        bool hasTime = false, hasPayload = false;
        ReadOnlyMemory<byte> src = default, dst = default, auth = default, payload = default, correlation = default;

        int offset = HeaderLength;
        while (offset < total)
        {
            int left = total - offset;
            if (left < ChunkHeaderLength)
            {
                error = new HepDecodeError(HepDecodeErrorKind.Truncated, offset, 0, ChunkHeaderLength, left);
                return false;
            }

            ushort vendor = BinaryPrimitives.ReadUInt16BigEndian(span[offset..]);
            ushort type = BinaryPrimitives.ReadUInt16BigEndian(span[(offset + 2)..]);
            int length = BinaryPrimitives.ReadUInt16BigEndian(span[(offset + 4)..]);
            if (length < ChunkHeaderLength || length > left)
            {
                error = new HepDecodeError(HepDecodeErrorKind.BadChunk, offset, type, length, left);
                return false;
            }

            int valueLength = length - ChunkHeaderLength;
            ReadOnlySpan<byte> value = span.Slice(offset + ChunkHeaderLength, valueLength);
            ReadOnlyMemory<byte> valueMemory = packet.Slice(offset + ChunkHeaderLength, valueLength);
            bool sizeOk = true;
            if (vendor == 0)
            {
                switch ((HepChunkType)type)
                {
                    case HepChunkType.IpFamily:
                        if (sizeOk = valueLength == 1) family = value[0];
                        break;
                    case HepChunkType.IpProtocol:
                        if (sizeOk = valueLength == 1) ipProto = value[0];
                        break;
                    case HepChunkType.Ipv4Source:
                        if (sizeOk = valueLength == 4) src = valueMemory;
                        break;
                    case HepChunkType.Ipv4Destination:
                        if (sizeOk = valueLength == 4) dst = valueMemory;
                        break;
                    case HepChunkType.Ipv6Source:
                        if (sizeOk = valueLength == 16) src = valueMemory;
                        break;
                    case HepChunkType.Ipv6Destination:
                        if (sizeOk = valueLength == 16) dst = valueMemory;
                        break;
                    case HepChunkType.SourcePort:
                        if (sizeOk = valueLength == 2) srcPort = BinaryPrimitives.ReadUInt16BigEndian(value);
                        break;
                    case HepChunkType.DestinationPort:
                        if (sizeOk = valueLength == 2) dstPort = BinaryPrimitives.ReadUInt16BigEndian(value);
                        break;
                    case HepChunkType.TimestampSeconds:
                        if (sizeOk = valueLength == 4)
                        {
                            seconds = BinaryPrimitives.ReadUInt32BigEndian(value);
                            hasTime = true;
                        }

                        break;
                    case HepChunkType.TimestampMicroseconds:
                        if (sizeOk = valueLength == 4) micros = BinaryPrimitives.ReadUInt32BigEndian(value);
                        break;
                    case HepChunkType.ProtocolType:
                        if (sizeOk = valueLength == 1) protoType = value[0];
                        break;
                    case HepChunkType.CaptureAgentId:
                        if (valueLength == 2) captureId = BinaryPrimitives.ReadUInt16BigEndian(value);
                        else if (sizeOk = valueLength == 4) captureId = ReadCaptureId(value);
                        break;
                    case HepChunkType.AuthKey:
                        auth = valueMemory;
                        break;
                    case HepChunkType.Payload:
                        payload = valueMemory;
                        hasPayload = true;
                        break;
                    case HepChunkType.CorrelationId:
                        correlation = valueMemory;
                        break;
                }
            }

            if (!sizeOk)
            {
                error = new HepDecodeError(HepDecodeErrorKind.BadChunk, offset, type, length, left);
                return false;
            }

            offset += length;
        }

        if (!hasPayload)
        {
            error = new HepDecodeError(HepDecodeErrorKind.MissingPayload, total);
            return false;
        }

        result = new HepPacket
        {
            IpFamily = family, IpProtocol = ipProto, SourceAddress = src, DestinationAddress = dst, SourcePort = srcPort,
            DestinationPort = dstPort, TimestampSeconds = seconds, TimestampMicroseconds = micros, HasTimestamp = hasTime,
            ProtocolType = protoType, CaptureAgentId = captureId, AuthKey = auth, Payload = payload, CorrelationId = correlation,
        };
        error = default;
        return true;
    }

    /// <summary>
    /// Reads the total length a HEP v3 packet declares from its first 6 bytes (for framing a TCP stream).
    /// </summary>
    /// <param name="header">At least the first 6 bytes of a packet.</param>
    /// <returns>The declared total length, or -1 when <paramref name="header"/> does not start with <c>HEP3</c>.</returns>
    public static int ReadDeclaredLength(ReadOnlySpan<byte> header)
    {
        if (header.Length < HeaderLength || !header[..4].SequenceEqual(Magic)) return -1;
        return BinaryPrimitives.ReadUInt16BigEndian(header[4..]);
    }

    private static uint ReadCaptureId(ReadOnlySpan<byte> value)
    {
        uint id = BinaryPrimitives.ReadUInt32BigEndian(value);
        // sngrep 1.6 writes the 16-bit network-order id into the first half of the 32-bit field: bytes "07 D2 00 00" for 2002.
        if ((id & 0xFFFF) == 0 && id != 0) id >>= 16;
        return id;
    }

    /// <summary>The number of bytes <see cref="Encode"/> writes.</summary>
    public int GetEncodedLength()
    {
        int length = HeaderLength;
        if (IpFamily != 0) length += ChunkHeaderLength + 1;
        if (IpProtocol != 0) length += ChunkHeaderLength + 1;
        if (!SourceAddress.IsEmpty) length += ChunkHeaderLength + SourceAddress.Length;
        if (!DestinationAddress.IsEmpty) length += ChunkHeaderLength + DestinationAddress.Length;
        length += 2 * (ChunkHeaderLength + 2); // ports
        if (HasTimestamp) length += 2 * (ChunkHeaderLength + 4);
        length += ChunkHeaderLength + 1; // protocol type
        length += ChunkHeaderLength + 4; // capture id
        if (!AuthKey.IsEmpty) length += ChunkHeaderLength + AuthKey.Length;
        length += ChunkHeaderLength + Payload.Length;
        if (!CorrelationId.IsEmpty) length += ChunkHeaderLength + CorrelationId.Length;
        return length;
    }

    /// <summary>Writes this packet in HEP v3 form (the chunks of the values that are set, in type order).</summary>
    /// <param name="destination">At least <see cref="GetEncodedLength"/> bytes.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="InvalidOperationException">The packet would be longer than 65,535 bytes, or an address is not 4 or 16 bytes.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small.</exception>
    public int Encode(Span<byte> destination)
    {
        int total = GetEncodedLength();
        if (total > MaxLength) throw new InvalidOperationException($"a HEP3 packet holds at most {MaxLength} bytes; this one needs {total} (shorten the payload)");
        if (SourceAddress.Length is not (0 or 4 or 16) || DestinationAddress.Length is not (0 or 4 or 16))
            throw new InvalidOperationException("source and destination addresses must be 4 (IPv4) or 16 (IPv6) bytes");
        if (destination.Length < total) throw new ArgumentException($"the destination holds {destination.Length} bytes; the packet needs {total}", nameof(destination));

        Magic.CopyTo(destination);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], (ushort)total);
        int offset = HeaderLength;
        if (IpFamily != 0) offset += WriteChunk(destination[offset..], HepChunkType.IpFamily, [IpFamily]);
        if (IpProtocol != 0) offset += WriteChunk(destination[offset..], HepChunkType.IpProtocol, [IpProtocol]);
        if (!SourceAddress.IsEmpty)
            offset += WriteChunk(destination[offset..], SourceAddress.Length == 4 ? HepChunkType.Ipv4Source : HepChunkType.Ipv6Source, SourceAddress.Span);
        if (!DestinationAddress.IsEmpty)
            offset += WriteChunk(destination[offset..], DestinationAddress.Length == 4 ? HepChunkType.Ipv4Destination : HepChunkType.Ipv6Destination, DestinationAddress.Span);
        Span<byte> scratch = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16BigEndian(scratch, SourcePort);
        offset += WriteChunk(destination[offset..], HepChunkType.SourcePort, scratch[..2]);
        BinaryPrimitives.WriteUInt16BigEndian(scratch, DestinationPort);
        offset += WriteChunk(destination[offset..], HepChunkType.DestinationPort, scratch[..2]);
        if (HasTimestamp)
        {
            BinaryPrimitives.WriteUInt32BigEndian(scratch, TimestampSeconds);
            offset += WriteChunk(destination[offset..], HepChunkType.TimestampSeconds, scratch);
            BinaryPrimitives.WriteUInt32BigEndian(scratch, TimestampMicroseconds);
            offset += WriteChunk(destination[offset..], HepChunkType.TimestampMicroseconds, scratch);
        }

        offset += WriteChunk(destination[offset..], HepChunkType.ProtocolType, [ProtocolType]);
        BinaryPrimitives.WriteUInt32BigEndian(scratch, CaptureAgentId);
        offset += WriteChunk(destination[offset..], HepChunkType.CaptureAgentId, scratch);
        if (!AuthKey.IsEmpty) offset += WriteChunk(destination[offset..], HepChunkType.AuthKey, AuthKey.Span);
        offset += WriteChunk(destination[offset..], HepChunkType.Payload, Payload.Span);
        if (!CorrelationId.IsEmpty) offset += WriteChunk(destination[offset..], HepChunkType.CorrelationId, CorrelationId.Span);
        return offset;
    }

    /// <summary>Encodes this packet into a new array.</summary>
    /// <returns>The HEP v3 bytes.</returns>
    public byte[] ToArray()
    {
        var bytes = new byte[GetEncodedLength()];
        Encode(bytes);
        return bytes;
    }

    /// <summary>Makes a SIP capture packet (IPv4/UDP) with the given payload and capture time, for tests and tools.</summary>
    /// <param name="sip">The SIP message bytes.</param>
    /// <param name="time">The capture time.</param>
    /// <param name="source">Source IPv4 endpoint; 127.0.0.1:5060 when <see langword="null"/>.</param>
    /// <param name="destination">Destination IPv4 endpoint; 127.0.0.1:5060 when <see langword="null"/>.</param>
    /// <param name="captureAgentId">Capture agent id.</param>
    /// <returns>The packet (not yet encoded).</returns>
    public static HepPacket ForSip(ReadOnlyMemory<byte> sip, DateTimeOffset time, IPEndPoint? source = null, IPEndPoint? destination = null, uint captureAgentId = 2002)
    {
        source ??= new IPEndPoint(IPAddress.Loopback, 5060);
        destination ??= new IPEndPoint(IPAddress.Loopback, 5060);
        long micros = (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;
        bool v6 = source.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        return new HepPacket
        {
            IpFamily = v6 ? FamilyIPv6 : FamilyIPv4, IpProtocol = 17,
            SourceAddress = source.Address.GetAddressBytes(), DestinationAddress = destination.Address.GetAddressBytes(),
            SourcePort = (ushort)source.Port, DestinationPort = (ushort)destination.Port,
            HasTimestamp = true, TimestampSeconds = (uint)(micros / 1_000_000), TimestampMicroseconds = (uint)(micros % 1_000_000),
            ProtocolType = ProtocolTypeSip, CaptureAgentId = captureAgentId, Payload = sip,
        };
    }

    private static int WriteChunk(Span<byte> destination, HepChunkType type, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, 0);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], (ushort)(ChunkHeaderLength + value.Length));
        value.CopyTo(destination[ChunkHeaderLength..]);
        return ChunkHeaderLength + value.Length;
    }
}
