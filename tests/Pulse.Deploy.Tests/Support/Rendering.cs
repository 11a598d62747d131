using System.Text.Json.Nodes;

namespace Pulse.Deploy.Tests.Support;

/// <summary>One kustomization rendered by <c>kubectl kustomize</c>: its objects, workloads and Pulse.Host containers.</summary>
internal sealed class Rendering
{
    private static readonly Lazy<Rendering> BaseRendering = new(() => Render("deploy"));
    private static readonly Lazy<Rendering> DemoRendering = new(() => Render("deploy/overlays/demo"));
    private static readonly Lazy<Rendering> IxnPushRendering = new(RenderSiteWithIxnPush);

    private Rendering(string name, IReadOnlyList<JsonObject> objects)
    {
        Name = name;
        Objects = objects;
        Workloads = [.. objects.Select(Workload.Of).OfType<Workload>()];
        HostContainers = [.. Workloads.SelectMany(w => w.Containers.Where(HostContainer.IsHostImage).Select(c => new HostContainer(w, c)))];
    }

    /// <summary>What a real site deploys: <c>kubectl kustomize deploy</c>.</summary>
    public static Rendering Site => BaseRendering.Value;

    /// <summary>The demo topology: <c>kubectl kustomize deploy/overlays/demo</c>.</summary>
    public static Rendering Demo => DemoRendering.Value;

    /// <summary>The site with the component <c>deploy/components/ixn-push</c> (the interaction servers push to the DCU).</summary>
    public static Rendering SiteWithIxnPush => IxnPushRendering.Value;

    /// <summary>Both renderings.</summary>
    public static IEnumerable<Rendering> Both => [Site, Demo];

    /// <summary>The kustomization's folder, relative to the root.</summary>
    public string Name { get; }

    public IReadOnlyList<JsonObject> Objects { get; }

    public IReadOnlyList<Workload> Workloads { get; }

    /// <summary>Every container that runs the Pulse.Host image.</summary>
    public IReadOnlyList<HostContainer> HostContainers { get; }

    /// <summary>The objects of a kind.</summary>
    public IEnumerable<JsonObject> OfKind(string kind) => Objects.Where(o => o["kind"].Text() == kind);

    /// <summary>The Service of that name, or null.</summary>
    public JsonObject? Service(string name) => OfKind("Service").FirstOrDefault(s => s["metadata"]?["name"].Text() == name);

    public override string ToString() => Name;

    /// <summary>
    /// A kustomization of its own, in a temporary folder outside deploy/ (one inside would contain deploy/ and be a cycle),
    /// adding the component to the site as a site would in its deploy/kustomization.yaml.
    /// </summary>
    private static Rendering RenderSiteWithIxnPush()
    {
        var dir = Directory.CreateTempSubdirectory("pulse-kustomize-").FullName;
        try
        {
            // Relative paths: kustomize refuses absolute ones.
            string Relative(string folder) => Path.GetRelativePath(dir, Repository.File(folder)).Replace(Path.DirectorySeparatorChar, '/');
            File.WriteAllText(Path.Combine(dir, "kustomization.yaml"), $"""
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - {Relative("deploy")}
                components:
                  - {Relative("deploy/components/ixn-push")}
                """);
            return new Rendering("deploy + components/ixn-push", Yaml.Documents(Kubectl.Run("kustomize", dir)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static Rendering Render(string folder) => new(folder, Yaml.Documents(Kubectl.Run("kustomize", Repository.File(folder))));
}

/// <summary>An object that runs pods: its kind, name and pod template.</summary>
internal sealed record Workload(string Kind, string Name, JsonObject Node, JsonObject Pod)
{
    public static readonly string[] Kinds = ["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"];

    public static Workload? Of(JsonObject o)
    {
        var kind = o["kind"].Text();
        if (kind is null || !Kinds.Contains(kind)) return null;
        var template = kind == "CronJob" ? o["spec"]?["jobTemplate"]?["spec"]?["template"] : o["spec"]?["template"];
        return new Workload(kind, o["metadata"]?["name"].Text() ?? "", o, (JsonObject)template!);
    }

    public JsonObject PodSpec => (JsonObject)Pod["spec"]!;

    public IEnumerable<JsonObject> Containers => PodSpec["containers"].Items().Concat(PodSpec["initContainers"].Items()).OfType<JsonObject>();

    /// <summary>Whether it runs to completion (no probes, no Service).</summary>
    public bool RunsToCompletion => Kind is "Job" or "CronJob";

    public IReadOnlyDictionary<string, string> PodLabels =>
        Pod["metadata"]?["labels"].Properties().ToDictionary(p => p.Key, p => p.Value.Text() ?? "") ?? [];

    public IReadOnlyDictionary<string, string> PodAnnotations =>
        Pod["metadata"]?["annotations"].Properties().ToDictionary(p => p.Key, p => p.Value.Text() ?? "") ?? [];

    /// <summary>The pod's volume of that name, or null.</summary>
    public JsonObject? Volume(string name) => PodSpec["volumes"].Items().OfType<JsonObject>().FirstOrDefault(v => v["name"].Text() == name);

    public override string ToString() => $"{Kind}/{Name}";
}
