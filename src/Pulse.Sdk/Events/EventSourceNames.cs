namespace Pulse.Sdk.Events;

/// <summary>The wire names of the source streams, as the JSON lines, the feed protocol and the metrics write them.</summary>
public static class EventSourceNames
{
    private static readonly string[] Names = ["voice", "voice-vq", "ixn", "ixn-vq"];

    /// <summary>The name of a source stream: <c>voice</c>, <c>voice-vq</c>, <c>ixn</c> or <c>ixn-vq</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined source stream.</exception>
    public static string Of(EventSourceKind source) =>
        (uint)source < (uint)Names.Length ? Names[(int)source] : throw new ArgumentOutOfRangeException(nameof(source), source, "not a source stream");

    /// <summary>Parses a name (case-insensitive).</summary>
    public static bool TryParse(string? name, out EventSourceKind source)
    {
        for (var i = 0; i < Names.Length; i++)
            if (string.Equals(name, Names[i], StringComparison.OrdinalIgnoreCase))
            {
                source = (EventSourceKind)i;
                return true;
            }
        source = default;
        return false;
    }
}
