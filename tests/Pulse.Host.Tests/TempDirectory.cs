namespace Pulse.Host.Tests;

/// <summary>A directory for a test's files, deleted at the end.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("pulse-host-").FullName;

    /// <summary>Writes <paramref name="lines"/> (each ending in \n) to a file of the directory and returns its path.</summary>
    public string Write(string name, IEnumerable<string> lines)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, string.Concat(lines.Select(l => l + "\n")));
        return file;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}
