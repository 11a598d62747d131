using System.Text.Json;

namespace Pulse.Host.Tests;

/// <summary>Reads the replay's JSON lines.</summary>
internal static class ReplayLines
{
    public static Dictionary<string, JsonElement> Parse(string text)
    {
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var key = $"{root.GetProperty("objectType").GetString()}/{root.GetProperty("objectId").GetString()}/{root.GetProperty("statistic").GetString()}";
            Assert.True(values.TryAdd(key, root.Clone()), $"{key} is printed twice");
        }
        return values;
    }

    /// <summary>The numeric value of <paramref name="key"/>.</summary>
    public static double Number(this Dictionary<string, JsonElement> values, string key)
    {
        Assert.True(values.TryGetValue(key, out var line), $"{key} is not printed");
        return line.GetProperty("value").GetDouble();
    }

    /// <summary>The string value of <paramref name="key"/> (a state or a reason).</summary>
    public static string? Text(this Dictionary<string, JsonElement> values, string key, string property = "value")
    {
        Assert.True(values.TryGetValue(key, out var line), $"{key} is not printed");
        return line.TryGetProperty(property, out var p) ? p.ValueKind == JsonValueKind.String ? p.GetString() : p.GetRawText() : null;
    }
}
