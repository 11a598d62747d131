using Pulse.Deploy.Tests.Support;

namespace Pulse.Deploy.Tests;

/// <summary>What ships cites documents of the repository only: a reader of a package or of docs/ has no other.</summary>
public class CitationTests
{
    /// <summary>Names of documents that live outside the repository (the project's own reference notes).</summary>
    private static readonly string[] Outside = ["pulse-domain", "shared/reference", "shared/seeds", "style.md"];

    [Fact]
    public void Shipped_code_xml_docs_and_docs_cite_no_document_outside_the_repository()
    {
        var files = new[] { "src", "samples", "docs" }
            .SelectMany(folder => Directory.EnumerateFiles(Repository.File(folder), "*", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && Path.GetExtension(f) is ".cs" or ".md" or ".js" or ".html" or ".css" or ".json" or ".csproj" or ".sh")
            .Append(Repository.File("README.md"))
            .ToList();
        Assert.True(files.Count > 300, $"only {files.Count} files found under src/, samples/ and docs/");
        var citations = (
            from file in files
            from line in File.ReadLines(file).Select((text, i) => (text, number: i + 1))
            where Outside.Any(o => line.text.Contains(o, StringComparison.OrdinalIgnoreCase))
            select $"{Path.GetRelativePath(Repository.Root, file)}:{line.number}: {line.text.Trim()}").ToList();
        Assert.True(citations.Count == 0, "cite docs/ instead:\n" + string.Join("\n", citations));
    }
}
