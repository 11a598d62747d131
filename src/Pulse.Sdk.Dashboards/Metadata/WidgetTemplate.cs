using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Metadata;

/// <summary>A widget template: a widget type and the statistics it shows, for one object type.</summary>
public sealed record WidgetTemplate
{
    /// <summary>Identifier within the tenant (the Pulse API's guid).</summary>
    public required Guid Id { get; init; }

    /// <summary>The tenant the template belongs to.</summary>
    public required string Tenant { get; init; }

    /// <summary>Name shown in the template list.</summary>
    public required string Name { get; init; }

    /// <summary>The kind of widget made from it.</summary>
    public WidgetType WidgetType { get; init; } = WidgetType.Kpi;

    /// <summary>The kind of object its widgets show.</summary>
    public required ObjectType ObjectType { get; init; }

    /// <summary>What the template is for, for people.</summary>
    public string? Description { get; init; }

    /// <summary>The statistics, in display order.</summary>
    public IReadOnlyList<TemplateStatistic> Statistics { get; init; } = [];

    /// <summary>
    /// A user changed the template: the Init Tenant job leaves it as it is unless told to overwrite.
    /// The web application sets it when it saves a user's edit.
    /// </summary>
    public bool UserEdited { get; init; }

    /// <summary>The tenant's change sequence number of the last write (set by the store; ignored when saving).</summary>
    public long Uscn { get; init; }

    /// <summary>A tombstone: the template was deleted at <see cref="Uscn"/> (only in change reads).</summary>
    public bool Deleted { get; init; }
}
