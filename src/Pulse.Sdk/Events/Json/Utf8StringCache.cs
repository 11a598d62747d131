using System.Text;
using System.Text.Unicode;

namespace Pulse.Sdk.Events.Json;

/// <summary>
/// A small, bounded, lock-free cache that turns short UTF-8 values (DNs, queue names, agent ids,
/// attached-data keys) into strings, returning the same instance for the same bytes. Direct-mapped:
/// a colliding value replaces the entry, so memory stays bounded whatever the input.
/// </summary>
/// <remarks>
/// Thread-safe without locks: entries are immutable and a reference write is atomic, so a racing
/// reader sees either the old or the new entry, both correct.
/// </remarks>
internal static class Utf8StringCache
{
    /// <summary>Longest value cached, in bytes; longer values (ids, free text) are decoded every time.</summary>
    public const int MaxLength = 32;

    private const int Size = 2048; // power of two

    private static readonly Entry?[] Entries = new Entry?[Size];

    /// <summary>
    /// Returns the string for <paramref name="utf8"/>, or <see langword="null"/> when it is longer than
    /// <see cref="MaxLength"/> or not valid UTF-8 (the caller decodes it itself and reports the error).
    /// </summary>
    public static string? Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxLength) return null;
        if (utf8.IsEmpty) return "";

        var hash = new HashCode();
        hash.AddBytes(utf8);
        int index = hash.ToHashCode() & (Size - 1);

        Entry? entry = Volatile.Read(ref Entries[index]);
        if (entry is not null && utf8.SequenceEqual(entry.Utf8)) return entry.Value;

        if (!Utf8.IsValid(utf8)) return null;
        string value = Encoding.UTF8.GetString(utf8);
        Volatile.Write(ref Entries[index], new Entry(utf8.ToArray(), value));
        return value;
    }

    private sealed class Entry(byte[] utf8, string value)
    {
        public byte[] Utf8 { get; } = utf8;

        public string Value { get; } = value;
    }
}
