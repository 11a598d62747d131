using System.Text.Json;
using Pulse.Sdk.Storage;

namespace Pulse.Sdk.Service.Api.Contracts;

/// <summary>
/// Writes a value straight from a <see cref="StatisticChange"/>, byte for byte as the serializer writes the
/// <see cref="ValueBody"/> that <see cref="LayoutValues.ToBody"/> makes of it (with <see cref="ApiJson.Options"/>). The live
/// push writes deltas with it: a delta goes to every subscriber of a value, and two objects per value and subscriber
/// only to be serialized were most of the service's garbage. <c>LiveMessageTests</c> hold the two to the same bytes.
/// </summary>
internal static class ValueBodyJson
{
    private static readonly JsonEncodedText LayoutName = JsonEncodedText.Encode("layout");
    private static readonly JsonEncodedText ObjectName = JsonEncodedText.Encode("object");
    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText AliasName = JsonEncodedText.Encode("alias");
    private static readonly JsonEncodedText StatisticName = JsonEncodedText.Encode("statistic");
    private static readonly JsonEncodedText ValueName = JsonEncodedText.Encode("value");
    private static readonly JsonEncodedText StateName = JsonEncodedText.Encode("state");
    private static readonly JsonEncodedText ReasonName = JsonEncodedText.Encode("reason");
    private static readonly JsonEncodedText TimeName = JsonEncodedText.Encode("time");
    private static readonly JsonEncodedText StaleName = JsonEncodedText.Encode("stale");
    private static readonly JsonEncodedText MediaName = JsonEncodedText.Encode("media");

    /// <summary>Writes the value of <paramref name="change"/> shown in <paramref name="layout"/> under <paramref name="alias"/>.</summary>
    public static void Write(Utf8JsonWriter writer, Guid layout, string alias, in StatisticChange change)
    {
        writer.WriteStartObject();
        writer.WriteString(LayoutName, layout);
        writer.WriteStartObject(ObjectName);
        // Enum names as JsonStringEnumConverter writes them (no naming policy); Enum.ToString of a defined value does not allocate.
        writer.WriteString(TypeName, change.Object.Type.ToString());
        writer.WriteString(IdName, change.Object.Id);
        writer.WriteEndObject();
        writer.WriteString(AliasName, alias);
        writer.WriteString(StatisticName, change.Statistic);
        if (change.Removed) writer.WriteNull(ValueName);
        else writer.WriteNumber(ValueName, change.Value.Number);
        if (change.Removed || change.Value.State is not { } state) writer.WriteNull(StateName);
        else writer.WriteString(StateName, state.ToString());
        if (change.Removed || change.Value.Reason is not { } reason) writer.WriteNull(ReasonName);
        else writer.WriteString(ReasonName, reason);
        if (change.Time is { } time) writer.WriteString(TimeName, time);
        else writer.WriteNull(TimeName);
        if (!change.Removed && change.Value.Stale) writer.WriteBoolean(StaleName, true);
        if (!change.Removed && change.Value.State is not null && change.Value.Media is { } media) writer.WriteString(MediaName, media.ToString());
        writer.WriteEndObject();
    }
}
