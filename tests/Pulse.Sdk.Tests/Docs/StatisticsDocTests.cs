using Pulse.Sdk.Statistics;
using Pulse.Sdk.Tests.Configuration;

namespace Pulse.Sdk.Tests.Docs;

/// <summary>docs/statistics.md must name everything the code offers, so the reference cannot silently fall behind.</summary>
public class StatisticsDocTests
{
    private static readonly Lazy<string> Doc = new(() => File.ReadAllText(RepositoryFiles.Find(Path.Combine("docs", "statistics.md"))));

    public static TheoryData<string> CatalogueNames() => new(StandardCatalogue.All.Select(t => t.Name).Distinct());

    public static TheoryData<string> CategoryNames() => new(Enum.GetNames<StatisticCategory>());

    public static TheoryData<string> ActionNames() => new(Enum.GetNames<StatAction>());

    [Theory]
    [MemberData(nameof(CatalogueNames))]
    public void Every_catalogue_entry_is_defined(string name) => Assert.Contains($"`{name}`", Doc.Value);

    [Theory]
    [MemberData(nameof(CategoryNames))]
    public void Every_category_is_defined(string name) => Assert.Contains($"`{name}`", Doc.Value);

    [Theory]
    [MemberData(nameof(ActionNames))]
    public void Every_action_is_listed(string name) => Assert.Contains($"`{name}`", Doc.Value);
}
