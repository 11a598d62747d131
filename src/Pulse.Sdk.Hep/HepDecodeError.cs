namespace Pulse.Sdk.Hep;

/// <summary>Why a packet is not a valid HEP v3 packet.</summary>
internal enum HepDecodeErrorKind
{
    /// <summary>No error.</summary>
    None,

    /// <summary>The packet does not start with the ASCII magic <c>HEP3</c>.</summary>
    NotHep3,

    /// <summary>The packet is shorter than its header or than the total length it declares.</summary>
    Truncated,

    /// <summary>A chunk's length is below its 6-byte header, runs past the packet, or a fixed-size value has the wrong size.</summary>
    BadChunk,

    /// <summary>The packet has no payload chunk (type 15).</summary>
    MissingPayload,
}

/// <summary>
/// A decoding failure: what is wrong and where (byte offset in the packet, chunk type). The message is built only when read.
/// </summary>
/// <param name="Kind">What is wrong.</param>
/// <param name="Offset">0-based byte offset in the packet where the problem was found.</param>
/// <param name="ChunkType">The chunk type involved, or 0.</param>
/// <param name="Length">The length involved (the declared length of the packet or chunk), or 0.</param>
/// <param name="Available">The bytes available where <paramref name="Length"/> was expected, or 0.</param>
internal readonly record struct HepDecodeError(HepDecodeErrorKind Kind, int Offset, ushort ChunkType = 0, int Length = 0, int Available = 0)
{
    /// <summary>The metric reason: <c>not_hep</c> for <see cref="HepDecodeErrorKind.NotHep3"/>, otherwise <c>malformed_hep</c>.</summary>
    public string Reason => Kind == HepDecodeErrorKind.NotHep3 ? "not_hep" : "malformed_hep";

    /// <summary>A readable description naming the offset and chunk, for example <c>chunk 15 at offset 30: length 9000 exceeds packet (120 bytes left)</c>.</summary>
    public string Message => Kind switch
    {
        HepDecodeErrorKind.None => "no error",
        HepDecodeErrorKind.NotHep3 => "not HEP3: the packet does not start with \"HEP3\"",
        HepDecodeErrorKind.Truncated when Offset == 0 =>
            $"truncated HEP3 packet: {Available} bytes, shorter than the 6-byte header",
        HepDecodeErrorKind.Truncated when Offset < HepPacket.HeaderLength =>
            $"truncated HEP3 packet: {Available} bytes, the header at offset {Offset} declares a total length of {Length}",
        HepDecodeErrorKind.Truncated => $"truncated HEP3 packet: the chunk header at offset {Offset} needs 6 bytes, {Available} left",
        HepDecodeErrorKind.BadChunk when Length < HepPacket.ChunkHeaderLength =>
            $"chunk {ChunkType} at offset {Offset}: length {Length} is below the 6-byte chunk header",
        HepDecodeErrorKind.BadChunk when Length > Available =>
            $"chunk {ChunkType} at offset {Offset}: length {Length} exceeds packet ({Available} bytes left)",
        HepDecodeErrorKind.BadChunk => $"chunk {ChunkType} at offset {Offset}: value of {Length - HepPacket.ChunkHeaderLength} bytes has the wrong size for this type",
        HepDecodeErrorKind.MissingPayload => "HEP3 packet has no payload chunk (type 15)",
        _ => Kind.ToString(),
    };

    /// <inheritdoc />
    public override string ToString() => Message;
}
