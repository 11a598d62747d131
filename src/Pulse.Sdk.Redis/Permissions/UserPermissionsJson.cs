using System.Buffers;
using System.Text.Json;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Redis.Permissions;

/// <summary>
/// The stored form of a <see cref="UserPermissions"/>, UTF-8 JSON written in a fixed order (so equal permissions give
/// equal bytes): <c>{"tenant":"t1","user":"alice","privileges":["ViewDashboardRestricted","ViewDashboard"],
/// "allObjects":false,"objects":[{"type":"Queue","id":"q1"}],"maxTabs":10,"maxWidgets":50}</c>.
/// A reader that meets a privilege or object type it does not know leaves it out: it grants less, never more.
/// </summary>
internal static class UserPermissionsJson
{
    /// <summary>Writes <paramref name="permissions"/>.</summary>
    /// <param name="permissions">The permissions.</param>
    public static byte[] Encode(UserPermissions permissions)
    {
        ArgumentNullException.ThrowIfNull(permissions);
        var buffer = new ArrayBufferWriter<byte>(128 + permissions.Objects.Count * 32);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("tenant", permissions.Tenant);
            w.WriteString("user", permissions.User);
            w.WriteStartArray("privileges");
            foreach (var p in permissions.Privileges.Order()) w.WriteStringValue(p.ToString());
            w.WriteEndArray();
            w.WriteBoolean("allObjects", permissions.AllObjects);
            w.WriteStartArray("objects");
            foreach (var (type, id) in permissions.Objects.OrderBy(o => o.Type).ThenBy(o => o.Id, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("type", type.ToString());
                w.WriteString("id", id);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("maxTabs", permissions.MaxTabs);
            w.WriteNumber("maxWidgets", permissions.MaxWidgets);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads permissions written by <see cref="Encode"/>.</summary>
    /// <param name="json">The UTF-8 JSON.</param>
    /// <exception cref="JsonException">The text is not JSON of this shape.</exception>
    public static UserPermissions Decode(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        using var doc = JsonDocument.ParseValue(ref reader);
        var root = doc.RootElement;
        var privileges = new HashSet<PulsePrivilege>();
        foreach (var p in root.GetProperty("privileges").EnumerateArray())
            if (PrivilegeLadder.TryParse(p.GetString(), out var privilege)) privileges.Add(privilege);
        var objects = new HashSet<(ObjectType, string)>();
        foreach (var o in root.GetProperty("objects").EnumerateArray())
        {
            // Names only: Enum.TryParse would take "3" for a type too.
            if (o.GetProperty("type").GetString() is { Length: > 0 } name && char.IsAsciiLetter(name[0])
                && Enum.TryParse<ObjectType>(name, ignoreCase: false, out var type) && Enum.IsDefined(type)
                && o.GetProperty("id").GetString() is { } id)
                objects.Add((type, id));
        }
        return new UserPermissions
        {
            Tenant = root.GetProperty("tenant").GetString() ?? throw new JsonException("tenant is null"),
            User = root.GetProperty("user").GetString() ?? throw new JsonException("user is null"),
            Privileges = privileges,
            AllObjects = root.GetProperty("allObjects").GetBoolean(),
            Objects = objects,
            MaxTabs = root.GetProperty("maxTabs").GetInt32(),
            MaxWidgets = root.GetProperty("maxWidgets").GetInt32(),
        };
    }
}
