namespace Pulse.Testing;

/// <summary>Files of the repository, for tests that read what it ships (the demo configuration, README, docs).</summary>
public static class RepositoryFiles
{
    /// <summary>The path of <paramref name="relative"/>, found by walking up from the test assembly.</summary>
    /// <exception cref="FileNotFoundException">No folder above the test assembly holds it.</exception>
    public static string Find(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"{relative} not found above {AppContext.BaseDirectory}");
    }
}
