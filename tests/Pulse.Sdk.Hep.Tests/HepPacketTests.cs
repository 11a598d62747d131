using System.Buffers.Binary;
using System.Net;
using Pulse.Sdk.Hep.Tests.Support;

namespace Pulse.Sdk.Hep.Tests;

public class HepPacketTests
{
    private static readonly DateTimeOffset Time = new DateTimeOffset(2026, 11, 26, 10, 0, 0, 123, TimeSpan.Zero).AddTicks(4560);

    private static byte[] Sample(string sip = "OPTIONS sip:x@y SIP/2.0\r\n\r\n") =>
        HepPacket.ForSip(Sip.Bytes(sip), Time, new IPEndPoint(IPAddress.Parse("10.0.0.1"), 5061), new IPEndPoint(IPAddress.Parse("10.0.0.2"), 5070)).ToArray();

    [Fact]
    public void Encode_then_decode_gives_back_every_field()
    {
        var bytes = Sample();
        var p = HepPacket.Decode(bytes);
        Assert.Equal(HepPacket.FamilyIPv4, p.IpFamily);
        Assert.Equal(17, p.IpProtocol);
        Assert.Equal(IPAddress.Parse("10.0.0.1"), p.GetSourceAddress());
        Assert.Equal(IPAddress.Parse("10.0.0.2"), p.GetDestinationAddress());
        Assert.Equal(5061, p.SourcePort);
        Assert.Equal(5070, p.DestinationPort);
        Assert.Equal(Time, p.Timestamp);
        Assert.Equal(HepPacket.ProtocolTypeSip, p.ProtocolType);
        Assert.Equal(2002u, p.CaptureAgentId);
        Assert.Equal("OPTIONS sip:x@y SIP/2.0\r\n\r\n", System.Text.Encoding.UTF8.GetString(p.Payload.Span));
        Assert.Equal(bytes.Length, BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(4)));
    }

    [Fact]
    public void Ipv6_addresses_and_correlation_id_and_auth_key_round_trip()
    {
        var p = HepPacket.ForSip(Sip.Bytes("x"), Time, new IPEndPoint(IPAddress.IPv6Loopback, 1), new IPEndPoint(IPAddress.IPv6Loopback, 2)) with
        {
            AuthKey = "secret"u8.ToArray(), CorrelationId = "corr-1"u8.ToArray(),
        };
        var d = HepPacket.Decode(p.ToArray());
        Assert.Equal(HepPacket.FamilyIPv6, d.IpFamily);
        Assert.Equal(IPAddress.IPv6Loopback, d.GetSourceAddress());
        Assert.Equal("secret"u8.ToArray(), d.AuthKey.ToArray());
        Assert.Equal("corr-1"u8.ToArray(), d.CorrelationId.ToArray());
    }

    [Fact]
    public void Sngrep_capture_id_in_the_wrong_byte_order_reads_as_2002()
    {
        var bytes = Sample();
        int at = FindChunk(bytes, 12);
        // What sngrep 1.6 sends on the wire (captured from sngrep -H): 07 D2 00 00.
        bytes[at + 6] = 0x07;
        bytes[at + 7] = 0xD2;
        bytes[at + 8] = 0;
        bytes[at + 9] = 0;
        Assert.Equal(2002u, HepPacket.Decode(bytes).CaptureAgentId);
    }

    [Fact]
    public void Unknown_chunk_types_and_vendor_chunks_are_skipped()
    {
        var bytes = Sample();
        var extra = new byte[] { 0, 0, 0, 99, 0, 9, 1, 2, 3, /* vendor chunk */ 0, 7, 0, 15, 0, 7, 42 };
        var combined = bytes.Concat(extra).ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(combined.AsSpan(4), (ushort)combined.Length);
        var p = HepPacket.Decode(combined);
        Assert.Equal(HepPacket.Decode(bytes).Payload.ToArray(), p.Payload.ToArray()); // the vendor's type-15 chunk is not the payload
    }

    [Fact]
    public void Not_hep3_is_rejected_as_not_hep()
    {
        Assert.False(HepPacket.TryDecode("INVITE sip:x SIP/2.0"u8.ToArray(), out _, out var error));
        Assert.Equal(HepDecodeErrorKind.NotHep3, error.Kind);
        Assert.Equal("not_hep", error.Reason);
        Assert.Contains("not HEP3", error.Message);
        Assert.False(HepPacket.TryDecode("HEP2\0\x10"u8.ToArray(), out _, out error));
        Assert.Equal(HepDecodeErrorKind.NotHep3, error.Kind);
    }

    [Fact]
    public void A_chunk_longer_than_the_packet_names_its_type_offset_and_length()
    {
        var bytes = Sample();
        int at = FindChunk(bytes, 15);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(at + 4), 9000);
        var e = Assert.Throws<HepFormatException>(() => HepPacket.Decode(bytes));
        Assert.Equal(HepDecodeErrorKind.BadChunk, e.Error.Kind);
        Assert.Equal(at, e.Error.Offset);
        Assert.Contains($"chunk 15 at offset {at}: length 9000 exceeds packet", e.Message);
        Assert.Equal("malformed_hep", e.Error.Reason);
    }

    [Fact]
    public void Truncated_packets_say_how_many_bytes_are_missing()
    {
        var bytes = Sample();
        var e = Assert.Throws<HepFormatException>(() => HepPacket.Decode(bytes.AsMemory(0, bytes.Length - 10)));
        Assert.Equal(HepDecodeErrorKind.Truncated, e.Error.Kind);
        Assert.Contains($"declares a total length of {bytes.Length}", e.Message);
        e = Assert.Throws<HepFormatException>(() => HepPacket.Decode(bytes.AsMemory(0, 5)));
        Assert.Contains("shorter than the 6-byte header", e.Message);
    }

    [Fact]
    public void A_chunk_shorter_than_its_header_or_of_the_wrong_size_is_an_error()
    {
        var bytes = Sample();
        int at = FindChunk(bytes, 7);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(at + 4), 3);
        var e = Assert.Throws<HepFormatException>(() => HepPacket.Decode(bytes));
        Assert.Contains("below the 6-byte chunk header", e.Message);

        bytes = Sample();
        at = FindChunk(bytes, 7); // port chunk (8 bytes): declare it as a 1-byte-value chunk of type 9 (timestamp, needs 4)
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(at + 2), 9);
        e = Assert.Throws<HepFormatException>(() => HepPacket.Decode(bytes));
        Assert.Contains("wrong size", e.Message);
    }

    [Fact]
    public void A_packet_without_payload_is_an_error()
    {
        var p = new byte[] { (byte)'H', (byte)'E', (byte)'P', (byte)'3', 0, 13, 0, 0, 0, 1, 0, 7, 2 };
        Assert.False(HepPacket.TryDecode(p, out _, out var error));
        Assert.Equal(HepDecodeErrorKind.MissingPayload, error.Kind);
        Assert.Contains("no payload chunk (type 15)", error.Message);
    }

    [Fact]
    public void Bytes_after_the_declared_length_are_ignored()
    {
        var bytes = Sample().Concat(new byte[] { 1, 2, 3 }).ToArray();
        Assert.True(HepPacket.TryDecode(bytes, out _, out _));
    }

    [Fact]
    public void Decoding_allocates_nothing()
    {
        ReadOnlyMemory<byte> bytes = Sample();
        HepPacket.TryDecode(bytes, out _, out _);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) HepPacket.TryDecode(bytes, out _, out _);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    internal static int FindChunk(byte[] packet, ushort type)
    {
        int offset = HepPacket.HeaderLength;
        while (offset + 6 <= packet.Length)
        {
            if (BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(offset + 2)) == type && BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(offset)) == 0) return offset;
            offset += BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(offset + 4));
        }

        throw new InvalidOperationException($"no chunk {type}");
    }
}
