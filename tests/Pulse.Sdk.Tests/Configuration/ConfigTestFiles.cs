using System.Collections;
using System.Reflection;

namespace Pulse.Sdk.Tests.Configuration;

/// <summary>Helpers shared by the configuration tests.</summary>
internal static class ConfigTestFiles
{
    /// <summary>The small fixture configuration, copied next to the test assembly.</summary>
    public static string FixturePath => Path.Combine(AppContext.BaseDirectory, "Fixtures", "config-small.json");

    /// <summary>A minimal valid configuration: tenant t1 with one queue, one agent and a group.</summary>
    public static string Minimal(string queueDn = "8001", double threshold = 20) => $$"""
        {
          "tenants": [
            {
              "id": "t1",
              "timeZone": "Europe/Paris",
              "queues": [ { "id": "q1", "dn": "{{queueDn}}", "serviceLevelThresholdSeconds": {{threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)}} } ],
              "agents": [ { "id": "a1", "dns": ["5001"] } ],
              "agentGroups": [ { "id": "g1", "agents": ["a1"] } ]
            }
          ]
        }
        """;

    /// <summary>Asserts that two object graphs hold the same content (public properties, sequences, dictionaries).</summary>
    public static void AssertContentEqual(object? expected, object? actual, string path = "$")
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: expected {expected ?? "null"}, got {actual ?? "null"}");
            return;
        }
        var type = expected.GetType();
        if (type.IsPrimitive || type.IsEnum || expected is string or decimal)
        {
            Assert.True(expected.Equals(actual), $"{path}: expected {expected}, got {actual}");
            return;
        }
        if (expected is IDictionary ed && actual is IDictionary ad)
        {
            Assert.True(ed.Count == ad.Count, $"{path}: expected {ed.Count} entries, got {ad.Count}");
            foreach (DictionaryEntry e in ed)
            {
                Assert.True(ad.Contains(e.Key), $"{path}: key {e.Key} missing");
                AssertContentEqual(e.Value, ad[e.Key], $"{path}['{e.Key}']");
            }
            return;
        }
        if (expected is IEnumerable ee && actual is IEnumerable ae)
        {
            var el = ee.Cast<object?>().ToList();
            var al = ae.Cast<object?>().ToList();
            Assert.True(el.Count == al.Count, $"{path}: expected {el.Count} items, got {al.Count}");
            for (var i = 0; i < el.Count; i++) AssertContentEqual(el[i], al[i], $"{path}[{i}]");
            return;
        }
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetIndexParameters().Length > 0 || p.Name == "EqualityContract") continue;
            AssertContentEqual(p.GetValue(expected), p.GetValue(actual), $"{path}.{p.Name}");
        }
    }
}
