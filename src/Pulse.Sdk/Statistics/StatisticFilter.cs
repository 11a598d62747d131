using Pulse.Sdk.Events;

namespace Pulse.Sdk.Statistics;

/// <summary>
/// Restricts the occurrences a statistic sees: by media type, and by attached-data conditions
/// (all must hold, like Stat Server's <c>PairExists("Language","Spanish")</c>).
/// </summary>
public sealed record StatisticFilter
{
    /// <summary>Media types to keep; empty keeps all.</summary>
    public IReadOnlyList<MediaType> Media { get; init; } = [];

    /// <summary>Attached-data pairs that must be present with these values.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> PairsExist { get; init; } = [];

    /// <summary>Attached-data keys that must be present (any value).</summary>
    public IReadOnlyList<string> KeysExist { get; init; } = [];

    /// <summary>A filter on media types.</summary>
    public static StatisticFilter ForMedia(params MediaType[] media) => new() { Media = media };

    /// <summary>A filter <c>PairExists(key, value)</c>.</summary>
    public static StatisticFilter PairExists(string key, string value) => new() { PairsExist = [new(key, value)] };

    /// <summary>Whether an occurrence with this media and attached data passes.</summary>
    public bool Matches(MediaType media, IReadOnlyDictionary<string, string>? data)
    {
        if (Media.Count > 0)
        {
            var ok = false;
            for (var i = 0; i < Media.Count; i++) if (Media[i] == media) { ok = true; break; }
            if (!ok) return false;
        }
        for (var i = 0; i < PairsExist.Count; i++)
        {
            if (data is null || !data.TryGetValue(PairsExist[i].Key, out var v) || !string.Equals(v, PairsExist[i].Value, StringComparison.Ordinal))
                return false;
        }
        for (var i = 0; i < KeysExist.Count; i++)
            if (data is null || !data.ContainsKey(KeysExist[i])) return false;
        return true;
    }

    /// <summary>Whether the filter only looks at media (so it can be decided without attached data).</summary>
    public bool IsMediaOnly => PairsExist.Count == 0 && KeysExist.Count == 0;

    /// <inheritdoc />
    public bool Equals(StatisticFilter? other) =>
        other is not null && Media.SequenceEqual(other.Media) && PairsExist.SequenceEqual(other.PairsExist) && KeysExist.SequenceEqual(other.KeysExist);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var m in Media) h.Add(m);
        foreach (var p in PairsExist) h.Add(p);
        foreach (var k in KeysExist) h.Add(k);
        return h.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var parts = new List<string>();
        if (Media.Count > 0) parts.Add("Media(" + string.Join("|", Media) + ")");
        foreach (var p in PairsExist) parts.Add($"PairExists(\"{p.Key}\",\"{p.Value}\")");
        foreach (var k in KeysExist) parts.Add($"KeyExists(\"{k}\")");
        return string.Join(" && ", parts);
    }
}
