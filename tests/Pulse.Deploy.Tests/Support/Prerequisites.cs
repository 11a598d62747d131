using System.Text.Json.Nodes;

namespace Pulse.Deploy.Tests.Support;

/// <summary>
/// deploy/secrets.example.yaml: the Secrets (and the demo's ConfigMap) the manifests reference but do not hold, with
/// their type and keys.
/// </summary>
internal static class Prerequisites
{
    public const string FileName = "deploy/secrets.example.yaml";

    private static readonly Lazy<IReadOnlyList<Prerequisite>> All = new(() =>
        [.. Yaml.Documents(File.ReadAllText(Repository.File(FileName))).Select(Prerequisite.Of)]);

    public static IReadOnlyList<Prerequisite> Objects => All.Value;

    public static Prerequisite? Find(string kind, string name) => Objects.FirstOrDefault(o => o.Kind == kind && o.Name == name);
}

/// <summary>One object of <see cref="Prerequisites"/>.</summary>
internal sealed record Prerequisite(string Kind, string Name, string? Type, IReadOnlySet<string> Keys)
{
    public static Prerequisite Of(JsonObject o) => new(
        o["kind"].Text() ?? "", o["metadata"]?["name"].Text() ?? "", o["type"].Text(),
        new HashSet<string>(o["stringData"].Properties().Concat(o["data"].Properties()).Select(p => p.Key), StringComparer.Ordinal));
}

/// <summary>A file a container sees, and the key of the Secret or ConfigMap that holds it.</summary>
internal sealed record MountedFile(string SourceKind, string SourceName, string Key, bool ReadOnly)
{
    /// <summary>Where <paramref name="path"/> comes from in <paramref name="container"/>'s pod, or null when no volume holds it.</summary>
    public static MountedFile? Find(HostContainer container, string path)
    {
        foreach (var mount in container.Node["volumeMounts"].Items())
        {
            var mountPath = mount["mountPath"].Text()!.TrimEnd('/');
            if (!path.StartsWith(mountPath + "/", StringComparison.Ordinal)) continue;
            var relative = path[(mountPath.Length + 1)..];
            var volume = container.Workload.Volume(mount["name"].Text()!);
            var (kind, source) = volume?["secret"] is JsonObject secret ? ("Secret", secret)
                : volume?["configMap"] is JsonObject configMap ? ("ConfigMap", configMap) : (null, null);
            if (kind is null || source is null) return null;
            var name = (kind == "Secret" ? source["secretName"] : source["name"]).Text()!;
            var items = source["items"].Items().ToList();
            var key = items.Count == 0 ? relative : items.FirstOrDefault(i => i["path"].Text() == relative)?["key"].Text();
            return key is null ? null : new MountedFile(kind, name, key, mount["readOnly"].Text() == "true");
        }
        return null;
    }
}
