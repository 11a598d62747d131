namespace Pulse.Sdk.Metadata;

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
