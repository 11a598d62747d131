using Pulse.Sdk.Metadata;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Service.Api.Contracts;

/// <summary>
/// A widget template, in and out. In a request <c>id</c> is optional (a PUT's must match the path), <c>userEdited</c>
/// and <c>uscn</c> are ignored: the service sets them.
/// </summary>
internal sealed record TemplateBody
{
    public Guid? Id { get; init; }
    public required string Name { get; init; }
    public WidgetType WidgetType { get; init; } = WidgetType.Kpi;
    public required ObjectType ObjectType { get; init; }
    public string? Description { get; init; }
    public required IReadOnlyList<TemplateStatisticBody> Statistics { get; init; }
    public bool? UserEdited { get; init; }
    public long? Uscn { get; init; }

    public static TemplateBody From(WidgetTemplate t) => new()
    {
        Id = t.Id, Name = t.Name, WidgetType = t.WidgetType, ObjectType = t.ObjectType, Description = t.Description,
        Statistics = [.. t.Statistics.Select(TemplateStatisticBody.From)], UserEdited = t.UserEdited, Uscn = t.Uscn,
    };

    public WidgetTemplate ToModel(string tenant, Guid id, bool userEdited) => new()
    {
        Id = id, Tenant = tenant, Name = Name, WidgetType = WidgetType, ObjectType = ObjectType, Description = Description,
        Statistics = [.. Statistics.Select(s => s.ToModel(ObjectType))], UserEdited = userEdited,
    };
}
