using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Pulse.Deploy.Tests.Support;

namespace Pulse.Deploy.Tests;

/// <summary>
/// The Dockerfile cannot be built here (no container engine); what can drift is checked: its restore layer against the
/// projects Pulse.Host needs, its base images and user, and its EXPOSE against the ports the manifests use.
/// </summary>
public partial class DockerfileTests
{
    private static readonly Lazy<List<string>> Instructions = new(() =>
        [.. Regex.Split(File.ReadAllText(Repository.File("Dockerfile")).Replace("\\\n", " ", StringComparison.Ordinal), "\n")
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))]);

    private static List<string> Lines => Instructions.Value;

    private static string ProjectPath(string path) => Path.GetRelativePath(Repository.Root, path).Replace('\\', '/');

    /// <summary>Pulse.Host's project and every project it references, directly or not.</summary>
    private static HashSet<string> ProjectClosure()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Repository.File("samples/Pulse.Host/Pulse.Host.csproj")]);
        while (pending.TryPop(out var project))
        {
            if (!seen.Add(ProjectPath(project))) continue;
            foreach (var reference in XDocument.Load(project).Descendants("ProjectReference"))
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, reference.Attribute("Include")!.Value)));
        }
        return seen;
    }

    private static List<string> CopiedBeforeRestore()
    {
        var restore = Lines.FindIndex(l => l.StartsWith("RUN dotnet restore", StringComparison.Ordinal));
        Assert.True(restore > 0, "the Dockerfile restores in a step of its own");
        return [.. Lines.Take(restore).Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from", StringComparison.Ordinal))
            .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1])];
    }

    [Fact]
    public void The_restore_layer_copies_every_project_and_build_file_pulse_host_needs()
    {
        var copied = CopiedBeforeRestore();
        var projects = ProjectClosure();
        Assert.Equal(projects.Order(StringComparer.Ordinal), copied.Where(c => c.EndsWith(".csproj", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        // The build files above each project, as MSBuild finds them, and the SDK pin.
        var buildFiles = new HashSet<string>(StringComparer.Ordinal) { "global.json" };
        foreach (var project in projects)
            for (var dir = new DirectoryInfo(Path.GetDirectoryName(Repository.File(project))!); dir is not null && dir.FullName.Length >= Repository.Root.Length; dir = dir.Parent)
                foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
                    if (File.Exists(Path.Combine(dir.FullName, name))) buildFiles.Add(ProjectPath(Path.Combine(dir.FullName, name)));
        var missing = buildFiles.Where(f => !copied.Contains(f)).ToList();
        Assert.True(missing.Count == 0, "not copied before the restore: " + string.Join(", ", missing));
        Assert.Contains(Lines, l => l.StartsWith("RUN dotnet publish samples/Pulse.Host/Pulse.Host.csproj -c Release -o /app", StringComparison.Ordinal));
    }

    [Fact]
    public void It_builds_on_the_official_sdk_image_and_runs_on_the_aspnet_image_as_its_app_user()
    {
        var target = XDocument.Load(Repository.File("Directory.Build.props")).Descendants("TargetFramework").Single().Value;
        Assert.Contains($"ARG DOTNET_VERSION={target["net".Length..]}", Lines);
        var froms = Lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} ", froms[0], StringComparison.Ordinal);
        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION}", froms[^1], StringComparison.Ordinal);
        var runtime = Lines.Skip(Lines.IndexOf(froms[^1])).ToList();
        Assert.Contains("USER $APP_UID", runtime);
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"Pulse.Host.dll\"]", runtime);
        Assert.DoesNotContain(runtime, l => l.StartsWith("USER root", StringComparison.Ordinal) || l == "USER 0");
    }

    [Fact]
    public void The_build_context_leaves_out_build_outputs_but_not_the_sources()
    {
        var ignored = File.ReadAllLines(Repository.File(".dockerignore")).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
        foreach (var needed in CopiedBeforeRestore().Select(c => c.Split('/')[0].TrimEnd('/')).Append("samples").Distinct())
            Assert.DoesNotContain(ignored, i => i.TrimEnd('/') == needed);
    }

    [KustomizeFact]
    public void It_exposes_every_port_the_manifests_use_and_its_user_is_the_manifests()
    {
        var exposed = Lines.Where(l => l.StartsWith("EXPOSE ", StringComparison.Ordinal))
            .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)).Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToHashSet();
        var used = Rendering.Both.SelectMany(r => r.HostContainers).SelectMany(c => c.ContainerPorts.Values).ToHashSet();
        Assert.True(used.IsSubsetOf(exposed), "not in EXPOSE: " + string.Join(", ", used.Except(exposed)));
        // The official images' app user (APP_UID) is 1654: the pods say so too, so that runAsNonRoot can be checked.
        var users = Rendering.Both.SelectMany(r => r.HostContainers).Select(c => c.Workload.PodSpec["securityContext"]?["runAsUser"].Text()).Distinct().ToList();
        Assert.Equal(["1654"], users);
    }
}
