using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Postgres.Metadata;

/// <summary>The kinds of widget of the Pulse web application (pulse-domain §7).</summary>
public enum WidgetType
{
    /// <summary>One or a few headline numbers.</summary>
    Kpi,
    /// <summary>A donut chart.</summary>
    Donut,
    /// <summary>A grid: objects as rows, statistics as columns.</summary>
    Grid,
    /// <summary>A list of objects with one statistic each.</summary>
    List,
}

/// <summary>One statistic of a widget template.</summary>
/// <param name="Alias">The column's name within the template (unique per template), e.g. <c>Waiting</c>.</param>
/// <param name="StatisticType">
/// The <see cref="Statistics.StatisticType.Name"/> the value comes from, looked up in the catalogue of the
/// object type it is shown for (<see cref="StandardCatalogue.For"/>).
/// </param>
public sealed record TemplateStatistic(string Alias, string StatisticType)
{
    /// <summary>The heading shown to users; the alias when null.</summary>
    public string? DisplayAlias { get; init; }

    /// <summary>What the value means, for people.</summary>
    public string? Description { get; init; }

    /// <summary>How the value is shown (Time, Integer, Number, Percent, String, Status).</summary>
    public ValueFormat DisplayFormat { get; init; } = ValueFormat.Number;
}

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

/// <summary>One object a layout shows (the tenant is the layout's).</summary>
/// <param name="Type">The object kind.</param>
/// <param name="Id">The object id (the tenant id for <see cref="Statistics.ObjectType.Tenant"/>).</param>
public readonly record struct LayoutObject(ObjectType Type, string Id);

/// <summary>A layout (widget definition): a template applied to objects, with display options.</summary>
public sealed record Layout
{
    /// <summary>Identifier within the tenant.</summary>
    public required Guid Id { get; init; }

    /// <summary>The tenant the layout belongs to.</summary>
    public required string Tenant { get; init; }

    /// <summary>The template whose statistics the layout shows.</summary>
    public required Guid TemplateId { get; init; }

    /// <summary>Name shown on the widget.</summary>
    public string Name { get; init; } = "";

    /// <summary>The objects shown.</summary>
    public IReadOnlyList<LayoutObject> Objects { get; init; } = [];

    /// <summary>Display options (free-form; for example <c>refresh</c>, <c>sort</c>).</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    /// <summary>Whether the Data Collection Unit collects its statistics. Default true.</summary>
    public bool Active { get; init; } = true;

    /// <summary>The tenant's change sequence number of the last write (set by the store; ignored when saving).</summary>
    public long Uscn { get; init; }

    /// <summary>A tombstone: the layout was deleted at <see cref="Uscn"/> (only in change reads).</summary>
    public bool Deleted { get; init; }
}

/// <summary>A tab (dashboard) of a user: the layouts it shows, in order.</summary>
public sealed record Tab
{
    /// <summary>Identifier within the tenant.</summary>
    public required Guid Id { get; init; }

    /// <summary>The tenant the tab belongs to.</summary>
    public required string Tenant { get; init; }

    /// <summary>The user who owns it.</summary>
    public required string Owner { get; init; }

    /// <summary>Name shown on the tab.</summary>
    public string Name { get; init; } = "";

    /// <summary>The layouts shown, in order.</summary>
    public IReadOnlyList<Guid> LayoutIds { get; init; } = [];

    /// <summary>The tenant's change sequence number of the last write (set by the store; ignored when saving).</summary>
    public long Uscn { get; init; }

    /// <summary>A tombstone: the tab was deleted at <see cref="Uscn"/> (only in change reads).</summary>
    public bool Deleted { get; init; }
}

/// <summary>The preferences of one user of a tenant.</summary>
public sealed record UserPreferences
{
    /// <summary>The tenant.</summary>
    public required string Tenant { get; init; }

    /// <summary>The user.</summary>
    public required string User { get; init; }

    /// <summary>The preferences (free-form name → value).</summary>
    public IReadOnlyDictionary<string, string> Values { get; init; } = new Dictionary<string, string>();

    /// <summary>The tenant's change sequence number of the last write (set by the store; ignored when saving).</summary>
    public long Uscn { get; init; }

    /// <summary>A tombstone: the preferences were deleted at <see cref="Uscn"/> (only in change reads).</summary>
    public bool Deleted { get; init; }
}

/// <summary>
/// What changed in a tenant's metadata after a change sequence number, deletions included as tombstones
/// (<c>Deleted</c> true). Pass <see cref="Uscn"/> to the next read to get only what changes after this one.
/// </summary>
/// <param name="Uscn">The tenant's change sequence number this read is complete up to.</param>
/// <param name="Templates">Changed templates, by ascending uscn.</param>
/// <param name="Layouts">Changed layouts, by ascending uscn.</param>
/// <param name="Tabs">Changed tabs, by ascending uscn.</param>
/// <param name="Preferences">Changed preferences, by ascending uscn.</param>
public sealed record MetadataChanges(
    long Uscn,
    IReadOnlyList<WidgetTemplate> Templates,
    IReadOnlyList<Layout> Layouts,
    IReadOnlyList<Tab> Tabs,
    IReadOnlyList<UserPreferences> Preferences);
