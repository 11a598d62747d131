namespace Pulse.Sdk.Metadata;

/// <summary>Checks every <see cref="IMetadataStore"/> applies before a write, so that all stores refuse the same input with the same message.</summary>
public static class MetadataRules
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the field when <paramref name="template"/> lacks a tenant, a name or statistics, repeats an alias, or holds a statistic definition that is not valid or not named by its <see cref="StatisticDefinition.NameFor"/>.</summary>
    /// <param name="template">The template to check.</param>
    public static void ValidateTemplate(WidgetTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentException.ThrowIfNullOrEmpty(template.Tenant, nameof(template) + ".Tenant");
        ArgumentException.ThrowIfNullOrWhiteSpace(template.Name, nameof(template) + ".Name");
        ArgumentNullException.ThrowIfNull(template.Statistics, nameof(template) + ".Statistics");
        var aliases = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in template.Statistics)
        {
            if (s is null || string.IsNullOrWhiteSpace(s.Alias) || string.IsNullOrWhiteSpace(s.StatisticType) == (s.Formula is null))
                throw new ArgumentException($"template '{template.Name}': every statistic needs an Alias and either a StatisticType name or a Formula (with StatisticType empty)", nameof(template));
            if (s.Formula is not null && string.IsNullOrWhiteSpace(s.Formula))
                throw new ArgumentException($"template '{template.Name}': alias '{s.Alias}': the Formula must not be empty", nameof(template));
            if (s.Definition is { } d)
            {
                // The name is where the values are stored: one not given by the definition would read another statistic's.
                if (s.Formula is not null)
                    throw new ArgumentException($"template '{template.Name}': alias '{s.Alias}': a statistic has a Definition or a Formula, not both", nameof(template));
                if (d.Validate(template.ObjectType, $"template '{template.Name}': alias '{s.Alias}': Definition") is [var problem, ..])
                    throw new ArgumentException(problem, nameof(template));
                if (s.StatisticType != d.NameFor(template.ObjectType))
                    throw new ArgumentException($"template '{template.Name}': alias '{s.Alias}': StatisticType must be the Definition's name ({d.NameFor(template.ObjectType)}, StatisticDefinition.NameFor)", nameof(template));
            }
            if (!aliases.Add(s.Alias))
                throw new ArgumentException($"template '{template.Name}': alias '{s.Alias}' appears twice; aliases must be unique within a template", nameof(template));
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the field when <paramref name="layout"/> lacks a tenant, objects or options.</summary>
    /// <param name="layout">The layout to check.</param>
    public static void ValidateLayout(Layout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentException.ThrowIfNullOrEmpty(layout.Tenant, nameof(layout) + ".Tenant");
        ArgumentNullException.ThrowIfNull(layout.Objects, nameof(layout) + ".Objects");
        ArgumentNullException.ThrowIfNull(layout.Options, nameof(layout) + ".Options");
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the field when <paramref name="tab"/> lacks a tenant, an owner or layout ids.</summary>
    /// <param name="tab">The tab to check.</param>
    public static void ValidateTab(Tab tab)
    {
        ArgumentNullException.ThrowIfNull(tab);
        ArgumentException.ThrowIfNullOrEmpty(tab.Tenant, nameof(tab) + ".Tenant");
        ArgumentException.ThrowIfNullOrEmpty(tab.Owner, nameof(tab) + ".Owner");
        ArgumentNullException.ThrowIfNull(tab.LayoutIds, nameof(tab) + ".LayoutIds");
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the field when <paramref name="preferences"/> lacks a tenant, a user or values.</summary>
    /// <param name="preferences">The userpreferences to check.</param>
    public static void ValidatePreferences(UserPreferences preferences)
    {
        ArgumentNullException.ThrowIfNull(preferences);
        ArgumentException.ThrowIfNullOrEmpty(preferences.Tenant, nameof(preferences) + ".Tenant");
        ArgumentException.ThrowIfNullOrEmpty(preferences.User, nameof(preferences) + ".User");
        ArgumentNullException.ThrowIfNull(preferences.Values, nameof(preferences) + ".Values");
    }
}
