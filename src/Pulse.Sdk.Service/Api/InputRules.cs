using Pulse.Sdk.Formulas;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Service.Api.Contracts;
using Pulse.Sdk.Service.Api.Export;

namespace Pulse.Sdk.Service.Api;

/// <summary>The checks of request bodies beyond their JSON shape; each returns the message naming the field, or null when the input is fine.</summary>
internal static class InputRules
{
    public static string? Name(string field, string? value, int max, bool required = true)
    {
        if (value is null || value.Trim().Length == 0) return required ? $"{field}: must not be empty" : null;
        if (value.Length > max) return $"{field}: at most {max} characters, was {value.Length}";
        return value.Any(char.IsControl) ? $"{field}: must not contain control characters" : null;
    }

    public static string? Id(string field, Guid? body, Guid path) =>
        body is { } id && id != path ? $"{field}: {id} does not match the id in the path ({path})" : null;

    public static string? Template(TemplateBody t, int max)
    {
        if (Name("name", t.Name, max) is { } e) return e;
        if (t.Description is { Length: > 4000 }) return "description: at most 4000 characters";
        if (t.Statistics.Count == 0) return "statistics: at least one statistic";
        if (t.Statistics.Count > 500) return "statistics: at most 500 statistics";
        var aliases = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < t.Statistics.Count; i++)
        {
            var s = t.Statistics[i];
            if (Name($"statistics[{i}].alias", s.Alias, max) is { } a) return a;
            if (s.Formula is not null)
            {
                if (!string.IsNullOrEmpty(s.StatisticType)) return $"statistics[{i}].statisticType: a statistic with a formula has no statisticType (the formula computes its value)";
                if (s.Definition is not null) return $"statistics[{i}].definition: a statistic with a formula has no definition (the formula computes its value)";
                if (s.Formula.Trim().Length == 0) return $"statistics[{i}].formula: must not be empty";
                if (s.Formula.Length > TemplateFormulas.MaxFormulaLength) return $"statistics[{i}].formula: at most {TemplateFormulas.MaxFormulaLength} characters, was {s.Formula.Length}";
            }
            else if (s.Definition is { } definition)
            {
                // On the way in the name is the definition's own; one sent back from a GET must be that name.
                if (!string.IsNullOrEmpty(s.StatisticType) && definition.Validate(t.ObjectType).Count == 0 && s.StatisticType != definition.NameFor(t.ObjectType))
                    return $"statistics[{i}].statisticType: a statistic with a definition is named by it ({definition.NameFor(t.ObjectType)}); leave statisticType out";
                if (Definition($"statistics[{i}].definition", definition, t.ObjectType) is { } de) return de;
            }
            else
            {
                if (Name($"statistics[{i}].statisticType", s.StatisticType, max) is { } st) return st;
                // A name the catalogue of the template's objects lacks would be stored and show nothing: refuse it now.
                if (!StandardCatalogue.For(t.ObjectType).Any(c => c.Name == s.StatisticType))
                    return $"statistics[{i}].statisticType: no statistic '{RequestValues.Shorten(s.StatisticType!)}' for {t.ObjectType} objects (GET /api/wbrt/statistics?type={t.ObjectType} lists them)";
            }
            if (Name($"statistics[{i}].displayAlias", s.DisplayAlias, max, required: false) is { } d) return d;
            if (s.Description is { Length: > 4000 }) return $"statistics[{i}].description: at most 4000 characters";
            if (!aliases.Add(s.Alias)) return $"statistics[{i}].alias: '{s.Alias}' appears twice; aliases must be unique within a template";
        }
        return Formulas(t.Statistics) ?? DisplayOptions(t.Statistics);
    }

    /// <summary>
    /// <c>decimals</c> only with Number (0–6), <c>statusDisplay</c> only with Status, showing something, its template at most
    /// 1000 characters of text and the known <c>${variables}</c> (docs/api.md, "Display formats").
    /// </summary>
    private static string? DisplayOptions(IReadOnlyList<TemplateStatisticBody> statistics)
    {
        for (var i = 0; i < statistics.Count; i++)
        {
            var s = statistics[i];
            if (s.Decimals is { } d)
            {
                if (s.DisplayFormat != ValueFormat.Number) return $"statistics[{i}].decimals: only with displayFormat Number, was {s.DisplayFormat}";
                if (d is < 0 or > DisplayFormatter.MaxDecimals) return $"statistics[{i}].decimals: 0 to {DisplayFormatter.MaxDecimals}, was {d}";
            }
            if (s.StatusDisplay is not { } status) continue;
            var field = $"statistics[{i}].statusDisplay";
            if (s.DisplayFormat != ValueFormat.Status) return $"{field}: only with displayFormat Status, was {s.DisplayFormat}";
            if (status.Template is { } template)
            {
                if (template.Trim().Length == 0) return $"{field}.template: must not be empty (omit it to show the parts)";
                if (template.Length > 1000) return $"{field}.template: at most 1000 characters, was {template.Length}";
                if (template.Any(char.IsControl)) return $"{field}.template: must not contain control characters";
                if (DisplayFormatter.UnknownVariable(template) is { } unknown)
                    return $"{field}.template: unknown variable ${{{RequestValues.Shorten(unknown)}}}; use {string.Join(", ", DisplayFormatter.StatusVariables.Select(v => "${" + v + "}"))}";
            }
            else if (!status.ShowStatus && !status.ShowIcon && !status.ShowDuration && !status.ShowMedia)
                return $"{field}: shows nothing; set showStatus, showIcon, showDuration, showMedia or a template";
        }
        return null;
    }

    /// <summary>The first problem of a statistic definition, naming its field; every text field is bounded first.</summary>
    private static string? Definition(string prefix, StatisticDefinition d, ObjectType objectType)
    {
        foreach (var (field, value) in new[]
        {
            ("category", d.Category), ("subject", d.Subject), ("mainMask", d.MainMask), ("relativeMask", d.RelativeMask), ("timeProfile", d.TimeProfile),
            ("timeZone", d.TimeZone), ("timeRange", d.TimeRange), ("threshold", d.Threshold), ("filter", d.Filter), ("notification", d.Notification),
        })
            if (value is { Length: > 1000 }) return $"{prefix}.{field}: at most 1000 characters";
        if (d.ObjectTypes is { Count: > 16 }) return $"{prefix}.objectTypes: at most 16";
        return d.Validate(objectType, prefix) is [var first, ..] ? first : null;
    }

    /// <summary>
    /// Compiles each formula over the aliases of the template's statistics, formulas included: a syntax error or an
    /// unknown alias is refused with its line and column. Formulas are computed after the formulas they read; formulas that
    /// read each other (a cycle, a formula reading itself included) are refused (docs/formulas.md).
    /// </summary>
    private static string? Formulas(IReadOnlyList<TemplateStatisticBody> statistics)
    {
        if (!statistics.Any(s => s.Formula is not null)) return null;
        string[] aliases = [.. statistics.Where(s => s.Formula is null).Select(s => s.Alias), .. statistics.Where(s => s.Formula is not null).Select(s => s.Alias)];
        var formulas = new List<(int Index, string Alias, Formula Compiled)>();
        for (var i = 0; i < statistics.Count; i++)
        {
            if (statistics[i].Formula is not { } text) continue;
            try
            {
                formulas.Add((i, statistics[i].Alias, Formula.Compile(text, aliases)));
            }
            catch (FormulaCompileException e)
            {
                return $"statistics[{i}].formula: line {e.Line}, column {e.Column}: {e.Reason}";
            }
        }
        var (_, cycle, _) = TemplateFormulas.Order([.. formulas.Select(f => f.Alias)], [.. formulas.Select(f => f.Compiled.Reads)]);
        if (cycle.Count == 0) return null;
        var first = formulas[cycle[0]];
        return $"statistics[{first.Index}].formula: " + TemplateFormulas.CycleMessage(first.Alias, cycle.Select(c => formulas[c].Alias));
    }

    /// <summary>Checks a layout's name, objects (of the template's object type) and options.</summary>
    public static string? Layout(string prefix, string name, IReadOnlyList<ObjectBody> objects, IReadOnlyDictionary<string, string> options, WidgetTemplate? template, int max)
    {
        if (Name(prefix + "name", name, max, required: false) is { } e) return e;
        if (template is null) return prefix + "templateId: no such template";
        if (objects.Count > 1000) return prefix + "objects: at most 1000 objects";
        for (var i = 0; i < objects.Count; i++)
        {
            if (Name($"{prefix}objects[{i}].id", objects[i].Id, max) is { } o) return o;
            if (objects[i].Type != template.ObjectType)
                return $"{prefix}objects[{i}].type: the template shows {template.ObjectType} objects, was {objects[i].Type}";
        }
        if (options.Count > 200) return prefix + "options: at most 200 options";
        foreach (var (k, v) in options)
        {
            if (Name(prefix + "options key", k, max) is { } ok) return ok;
            if (v is null || v.Length > 4000) return $"{prefix}options.{k}: a text of at most 4000 characters";
        }
        return null;
    }
}
