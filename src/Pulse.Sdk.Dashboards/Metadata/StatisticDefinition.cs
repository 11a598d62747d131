using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Metadata;

/// <summary>
/// A statistic defined in a template rather than named from the catalogue: the parts of a <see cref="StatisticType"/>
/// (docs/statistics.md, "The model") in the text forms an author writes, plus the notification mode. It is stored as
/// written; <see cref="Validate"/> names each wrong field, and <see cref="Build"/> gives what the Data Collection
/// Unit opens (docs/api.md, "Statistic definitions"). Absent parts are left out of its JSON.
/// </summary>
public sealed record StatisticDefinition
{
    /// <summary>The category (<see cref="StatisticCategory"/> name, e.g. <c>TotalNumberInTimeRangePercentage</c>); <c>Formula</c> is not one a definition may have.</summary>
    public required string Category { get; init; }

    /// <summary>The subject (<see cref="StatisticSubject"/> name); <c>DNAction</c> when null.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Subject { get; init; }

    /// <summary>The actions counted, e.g. <c>CallAnswered</c>, <c>Call*</c>, <c>*, ~LoggedOut</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MainMask { get; init; }

    /// <summary>The denominator's actions, for ServiceFactor1 and the Relative…Percentage categories.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RelativeMask { get; init; }

    /// <summary>The object kinds (<see cref="ObjectType"/> names) it may be opened on; the template's object type when null or empty.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? ObjectTypes { get; init; }

    /// <summary>
    /// The time profile: <c>Growing</c> (from midnight), <c>Growing(07:00, 19:00)</c>, <c>Sliding(00:15:00, 00:01:00)</c>
    /// (window, pane), <c>Selection(50)</c> or <c>SinceLogin</c>; <c>Growing</c> when null.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TimeProfile { get; init; }

    /// <summary>The IANA time zone of a Growing profile's reset times; the tenant's when null.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TimeZone { get; init; }

    /// <summary>A duration range in seconds, <c>0-20</c>, for the …InTimeRange categories and ServiceFactor1.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TimeRange { get; init; }

    /// <summary>Instead of <see cref="TimeRange"/>: 0 to each queue's own threshold, <c>ServiceLevel</c> or <c>ShortAbandon</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Threshold { get; init; }

    /// <summary>For the Percentile category: the percentile, in (0, 100].</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Percentile { get; init; }

    /// <summary>
    /// Which occurrences count: terms joined by <c>&amp;&amp;</c>, each <c>Media(Chat|EMail)</c>,
    /// <c>PairExists("Language","Spanish")</c> or <c>KeyExists("VIP")</c>; every term must hold.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Filter { get; init; }

    /// <summary>When values are sent: <c>ChangesBased</c>, <c>ChangesBased(5)</c> (insensitivity), <c>TimeBased(10)</c> (seconds) or <c>ResetBased</c>; changes-based when null.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Notification { get; init; }

    /// <summary>
    /// Every wrong field, each as <c>prefix.field: what is wrong and what to write</c>; empty when the definition can be
    /// opened on objects of <paramref name="objectType"/>.
    /// </summary>
    /// <param name="objectType">The object type of the template the definition is in.</param>
    /// <param name="prefix">What names the definition in the messages, e.g. <c>statistics[2].definition</c>.</param>
    public IReadOnlyList<string> Validate(ObjectType objectType, string prefix = "definition")
    {
        var errors = new List<string>();
        var parsed = DefinitionText.Parse(this, objectType, prefix, errors);
        if (errors.Count == 0 && parsed is not null)
            foreach (var e in parsed.Value.Type.Validate())
                errors.Add($"{prefix}: {e.Replace($"statistic type '{parsed.Value.Type.Name}': ", "", StringComparison.Ordinal)}");
        return errors;
    }

    /// <summary>
    /// The name the definition's values are stored and read under: <c>def_</c> and 16 hex digits of a digest of the
    /// definition's meaning (the parsed parts, not their spelling), so the same definition in two templates is opened
    /// once and spelled differently is still the same statistic.
    /// </summary>
    /// <param name="objectType">The object type of the template the definition is in (the default of <see cref="ObjectTypes"/>).</param>
    /// <exception cref="ArgumentException">The definition is not valid (<see cref="Validate"/> says why).</exception>
    public string NameFor(ObjectType objectType) => Build(objectType).Type.Name;

    /// <summary>The statistic type to open and its notification mode.</summary>
    /// <param name="objectType">The object type of the template the definition is in.</param>
    /// <exception cref="ArgumentException">The definition is not valid (<see cref="Validate"/> says why).</exception>
    public (StatisticType Type, NotificationMode Notification) Build(ObjectType objectType)
    {
        var errors = new List<string>();
        var parsed = DefinitionText.Parse(this, objectType, "definition", errors);
        if (parsed is null || errors.Count > 0) throw new ArgumentException(string.Join("; ", errors), nameof(objectType));
        var type = parsed.Value.Type;
        if (type.Validate() is { Count: > 0 } invalid) throw new ArgumentException(string.Join("; ", invalid), nameof(objectType));
        return (type with { Name = "def_" + Digest(parsed.Value.Canonical) }, parsed.Value.Notification);
    }

    /// <summary>Whether <paramref name="name"/> has the form of a definition's name (<c>def_</c> and 16 hexadecimal digits).</summary>
    /// <param name="name">A statistic name.</param>
    public static bool IsDefinitionName(string? name) =>
        name is { Length: 20 } && name.StartsWith("def_", StringComparison.Ordinal) && !name.AsSpan(4).ContainsAnyExcept(LowerHexDigits);

    private static readonly SearchValues<char> LowerHexDigits = SearchValues.Create("0123456789abcdef");

    private static string Digest(string canonical) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)).AsSpan(0, 8));

    /// <summary>The definition in the text forms, for people and logs.</summary>
    public override string ToString()
    {
        var b = new StringBuilder(Category);
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value)) b.Append(CultureInfo.InvariantCulture, $", {name} {value}");
        }
        Add("subject", Subject);
        Add("mask", MainMask);
        Add("relative", RelativeMask);
        Add("objects", ObjectTypes is { Count: > 0 } o ? string.Join("|", o) : null);
        Add("profile", TimeProfile);
        Add("zone", TimeZone);
        Add("range", TimeRange);
        Add("threshold", Threshold);
        Add("percentile", Percentile?.ToString("R", CultureInfo.InvariantCulture));
        Add("filter", Filter);
        Add("notification", Notification);
        return b.ToString();
    }
}
