using Pulse.Sdk.Metadata;

namespace Pulse.Sdk.Service.Api.Contracts;

/// <summary>
/// A layout (widget definition), in and out. In a request <c>id</c> is optional (a PUT's must match the path);
/// <c>owner</c> and <c>uscn</c> are ignored: the service sets them.
/// </summary>
internal sealed record LayoutBody
{
    public Guid? Id { get; init; }
    public required Guid TemplateId { get; init; }
    public string Name { get; init; } = "";
    public required IReadOnlyList<ObjectBody> Objects { get; init; }
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
    public bool Active { get; init; } = true;
    public string? Owner { get; init; }
    public long? Uscn { get; init; }

    public static LayoutBody From(Layout l) => new()
    {
        Id = l.Id, TemplateId = l.TemplateId, Name = l.Name, Objects = [.. l.Objects.Select(ObjectBody.From)],
        Options = l.Options, Active = l.Active, Owner = l.Owner, Uscn = l.Uscn,
    };

    public Layout ToModel(string tenant, Guid id, string? owner) => new()
    {
        Id = id, Tenant = tenant, TemplateId = TemplateId, Name = Name, Objects = [.. Objects.Select(o => new LayoutObject(o.Type, o.Id))],
        Options = new Dictionary<string, string>(Options, StringComparer.Ordinal), Active = Active, Owner = owner,
    };
}
