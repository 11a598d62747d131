using System.Runtime.CompilerServices;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Service.Api.Contracts;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Storage;

namespace Pulse.Sdk.Service.Api;

/// <summary>Turns statistic values into the API's values of a layout: one per visible object and template statistic.</summary>
internal static class LayoutValues
{
    /// <summary>
    /// The current values of <paramref name="layout"/>'s objects that <paramref name="permissions"/> may see; when given,
    /// <paramref name="read"/> is told each visible object's current values as they are read (the live push keeps the
    /// rows of its formulas).
    /// </summary>
    public static async Task<List<ValueBody>> ReadAsync(Layout layout, WidgetTemplate? template, UserPermissions permissions,
        IStatisticValueSource source, CancellationToken cancellationToken, Action<ObjectRef, IReadOnlyList<StatisticChange>>? read = null)
    {
        var values = new List<ValueBody>();
        await foreach (var v in EnumerateAsync(layout, template, permissions, source, cancellationToken, read).ConfigureAwait(false)) values.Add(v);
        return values;
    }

    /// <summary>
    /// <see cref="ReadAsync"/> one object at a time, in the same order: the CSV export writes each object's values while
    /// the next object's are read, and filters exactly as the JSON does.
    /// </summary>
    public static async IAsyncEnumerable<ValueBody> EnumerateAsync(Layout layout, WidgetTemplate? template, UserPermissions permissions,
        IStatisticValueSource source, [EnumeratorCancellation] CancellationToken cancellationToken, Action<ObjectRef, IReadOnlyList<StatisticChange>>? read = null)
    {
        if (template is null) yield break;
        var formulas = TemplateFormulas.For(template);
        foreach (var o in layout.Objects.Distinct())
        {
            var obj = new ObjectRef(layout.Tenant, o.Type, o.Id);
            if (!permissions.CanSee(obj)) continue;
            var current = await source.GetValuesAsync(obj, cancellationToken).ConfigureAwait(false);
            read?.Invoke(obj, current);
            // Formulas are computed here, as the values are read, from the same current values (docs/formulas.md).
            var computed = formulas?.Evaluate(layout.Id, obj, current);
            foreach (var s in template.Statistics)
            {
                if (s.Formula is not null)
                {
                    if (computed is not null && computed.Remove(s.Alias, out var f)) yield return f;
                    continue;
                }
                foreach (var c in current)
                    if (c.Statistic == s.StatisticType && !c.Removed) yield return ToBody(layout.Id, s.Alias, c);
            }
        }
    }

    public static ValueBody ToBody(Guid layout, string alias, in StatisticChange c) => new(
        layout, new ObjectBody { Type = c.Object.Type, Id = c.Object.Id }, alias, c.Statistic,
        c.Removed ? null : c.Value.Number, c.Removed ? null : c.Value.State?.ToString(), c.Removed ? null : c.Value.Reason, c.Time,
        !c.Removed && c.Value.Stale)
    {
        Media = c.Removed || c.Value.State is null ? null : c.Value.Media,
    };
}
