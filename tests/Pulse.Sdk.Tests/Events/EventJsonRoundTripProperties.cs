using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Pulse.Sdk.Events;
using Pulse.Sdk.Events.Json;
using Pulse.Sdk.Tests.Support;

namespace Pulse.Sdk.Tests.Events;

/// <summary>Generators of valid events with awkward text, times and attached data.</summary>
public static class EventGenerators
{
    private static readonly string[] Fragments =
    [
        "a", "Z", "0", "9", " ", "-", "_", ".", "+", "/", "\"", "\\", "\n", "\r", "\t", "\u0000", "\u001f", "<", ">", "&", "'",
        "é", "ß", "Ж", "中", "😀", "\u2028", "\u00a0", "{", "}", "[", "]", ":", ",", "#", "Event", "null",
    ];

    private static Gen<string> Text =>
        Gen.Frequency(
            (3, Gen.Elements("5001", "8001", "9001", "a1001", "acme", "iq_chat", "Break", "")),
            (5, Gen.ListOf(Gen.Elements(Fragments)).Select(parts => string.Concat(parts))));

    private static Gen<string?> OptionalText => Gen.Frequency((3, Text.Select(s => (string?)s)), (1, Gen.Constant((string?)null)));

    private static Gen<T> EnumValue<T>()
        where T : struct, Enum => Gen.Elements(Enum.GetValues<T>());

    private static Gen<DateTimeOffset> Time =>
        from ticks in Gen.Choose(0, int.MaxValue).Two()
        from offsetMinutes in Gen.Frequency((2, Gen.Constant(0)), (1, Gen.Choose(-14 * 60, 14 * 60)))
        let utcTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks + ((long)ticks.Item1 << 24) + ticks.Item2
        select new DateTimeOffset(utcTicks + TimeSpan.FromMinutes(offsetMinutes).Ticks, TimeSpan.FromMinutes(offsetMinutes));

    private static Gen<IReadOnlyDictionary<string, string>?> Data =>
        Gen.Frequency(
            (1, Gen.Constant((IReadOnlyDictionary<string, string>?)null)),
            (2, Gen.ListOf(Text.Zip(Text)).Select(pairs =>
            {
                var d = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (k, v) in pairs) d[k] = v;
                return (IReadOnlyDictionary<string, string>?)d;
            })));

    public static Gen<PulseEvent> AnyEvent =>
        from seq in Gen.Frequency((3, Gen.Choose(0, 1_000_000).Select(i => (long)i)), (1, Gen.Constant(long.MaxValue)))
        from time in Time
        from tenant in Text.Where(t => t.Length > 0)
        from source in EnumValue<EventSourceKind>()
        from type in EnumValue<PulseEventType>().Where(t => t != PulseEventType.None)
        from strings in OptionalText.ArrayOf(11)
        from workMode in EnumValue<WorkMode>()
        from callType in EnumValue<CallType>()
        from media in EnumValue<MediaType>()
        from data in Data
        select new PulseEvent
        {
            Seq = seq,
            Time = time,
            Tenant = tenant,
            Source = source,
            Type = type,
            ConnId = strings[0],
            PreviousConnId = strings[1],
            InteractionId = strings[2],
            Dn = strings[3],
            OtherDn = strings[4],
            ThirdPartyDn = strings[5],
            Queue = strings[6],
            PreviousQueue = strings[7],
            Agent = strings[8],
            WorkMode = workMode,
            Reason = strings[9],
            CallType = callType,
            Media = media,
            Data = data,
        };

    public static Arbitrary<PulseEvent> ValidEvents() => Arb.From(AnyEvent.Where(e => e.Validate() is null));
}

public class EventJsonRoundTripProperties
{
    [Property(Arbitrary = [typeof(EventGenerators)], MaxTest = 500)]
    public bool Serialize_then_parse_gives_the_same_event(PulseEvent evt)
    {
        string json = EventJson.Serialize(evt);
        return !json.Contains('\n') && EventJson.TryParse(System.Text.Encoding.UTF8.GetBytes(json), out var back, out _) && EventAssert.AreEqual(evt, back);
    }

    [Property(Arbitrary = [typeof(EventGenerators)], MaxTest = 200)]
    public bool Serialization_is_canonical(PulseEvent evt)
    {
        string json = EventJson.Serialize(evt);
        return EventJson.Serialize(EventJson.Parse(json)) == json;
    }
}
