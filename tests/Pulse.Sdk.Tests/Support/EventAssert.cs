using Pulse.Sdk.Events;

namespace Pulse.Sdk.Tests.Support;

/// <summary>Structural comparison of events: <see cref="PulseEvent"/>'s record equality compares <c>Data</c> by reference and time by instant only.</summary>
public static class EventAssert
{
    public static bool AreEqual(PulseEvent expected, PulseEvent actual) =>
        (expected with { Data = null }) == (actual with { Data = null })
        && expected.Time.Offset == actual.Time.Offset
        && expected.Time.Ticks == actual.Time.Ticks
        && DataEqual(expected.Data, actual.Data);

    public static void Equal(PulseEvent expected, PulseEvent actual)
    {
        if (!AreEqual(expected, actual))
            Assert.Fail($"events differ:\nexpected: {Describe(expected)}\nactual:   {Describe(actual)}");
    }

    public static string Describe(PulseEvent e) =>
        (e with { Data = null }).ToString() + " time=" + e.Time.ToString("O") + " data="
        + (e.Data is null ? "null" : "{" + string.Join(", ", e.Data.Select(kv => kv.Key + "=" + kv.Value)) + "}");

    private static bool DataEqual(IReadOnlyDictionary<string, string>? a, IReadOnlyDictionary<string, string>? b)
    {
        if (a is null || b is null) return a is null && b is null;
        return a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
    }
}
