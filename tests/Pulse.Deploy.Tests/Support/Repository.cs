namespace Pulse.Deploy.Tests.Support;

/// <summary>Paths in the repository the tests run from.</summary>
internal static class Repository
{
    /// <summary>The folder holding Pulse.Sdk.sln, found upwards from the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>deploy/.</summary>
    public static string Deploy => Path.Combine(Root, "deploy");

    /// <summary>A path under the root, from '/'-separated parts.</summary>
    public static string File(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Pulse.Sdk.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Pulse.Sdk.sln above {AppContext.BaseDirectory}");
    }
}
