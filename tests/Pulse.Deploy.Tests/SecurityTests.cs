using System.Text.Json.Nodes;
using Pulse.Deploy.Tests.Support;

namespace Pulse.Deploy.Tests;

/// <summary>Pods without privileges, secrets only by reference, and TLS with a subscriber secret on every feed hop.</summary>
public class SecurityTests
{
    [KustomizeFact]
    public void Every_pod_runs_as_non_root_read_only_without_capabilities()
    {
        var problems = new List<string>();
        foreach (var r in Rendering.Both)
        {
            foreach (var w in r.Workloads)
            {
                var pod = w.PodSpec["securityContext"];
                foreach (var flag in new[] { "hostNetwork", "hostPID", "hostIPC" })
                    if (w.PodSpec[flag].Text() == "true") problems.Add($"{r}: {w}: {flag}");
                if (w.PodSpec["automountServiceAccountToken"].Text() != "false") problems.Add($"{r}: {w}: mounts a service account token it has no use for");
                foreach (var c in w.Containers)
                {
                    var own = c["securityContext"];
                    var where = $"{r}: {w}/{c["name"].Text()}";
                    string? Effective(string field) => own?[field].Text() ?? pod?[field].Text();
                    if (Effective("runAsNonRoot") != "true") problems.Add($"{where}: runAsNonRoot is not true");
                    if (Effective("runAsUser") == "0") problems.Add($"{where}: runAsUser 0");
                    if ((own?["seccompProfile"] ?? pod?["seccompProfile"])?["type"].Text() is not ("RuntimeDefault" or "Localhost")) problems.Add($"{where}: no seccomp profile");
                    if (own?["allowPrivilegeEscalation"].Text() != "false") problems.Add($"{where}: allowPrivilegeEscalation is not false");
                    if (own?["privileged"].Text() == "true") problems.Add($"{where}: privileged");
                    if (own?["readOnlyRootFilesystem"].Text() != "true") problems.Add($"{where}: the root filesystem is writable");
                    if (!own?["capabilities"]?["drop"].Items().Any(d => d.Text() == "ALL") ?? true) problems.Add($"{where}: capabilities not dropped (drop: [ALL])");
                    if (own?["capabilities"]?["add"].Items().Any() == true) problems.Add($"{where}: adds capabilities");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [KustomizeFact]
    public void Secrets_are_referenced_never_inline()
    {
        var problems = new List<string>();
        foreach (var r in Rendering.Both)
        {
            problems.AddRange(r.OfKind("Secret").Select(s => $"{r}: Secret {s["metadata"]?["name"].Text()} in the manifests: create it outside ({Prerequisites.FileName})"));
            foreach (var c in r.HostContainers)
            {
                foreach (var option in c.Command?.Options.Where(o => o.HelpName is "SECRET" or "CONFIGURATION" or "CONNECTION" or "KEY") ?? [])
                {
                    if (!c.Settings.TryGetValue(option.Name, out var setting)) continue;
                    if (setting.ValueFrom?["secretKeyRef"] is null) problems.Add($"{r}: {c}: {option.Name} given in {setting.Source}, not from a Secret");
                }
            }
            foreach (var w in r.Workloads)
            {
                foreach (var c in w.Containers)
                {
                    var where = $"{r}: {w}/{c["name"].Text()}";
                    foreach (var env in c["env"].Items())
                    {
                        var name = env["name"].Text() ?? "";
                        if (env["value"] is not null && new[] { "PASSWORD", "SECRET", "TOKEN" }.Any(s => name.Contains(s, StringComparison.OrdinalIgnoreCase)))
                            problems.Add($"{where}: {name} has a literal value");
                        if (env["valueFrom"]?["secretKeyRef"] is JsonObject secretRef) Check("Secret", secretRef["name"].Text(), secretRef["key"].Text(), where);
                        if (env["valueFrom"]?["configMapKeyRef"] is JsonObject mapRef) Check("ConfigMap", mapRef["name"].Text(), mapRef["key"].Text(), where);
                    }
                    if (c["args"].Items().Any(a => a.Text()?.Contains("password=", StringComparison.OrdinalIgnoreCase) == true)) problems.Add($"{where}: a password in args");
                }
                foreach (var volume in w.PodSpec["volumes"].Items())
                {
                    if (volume["secret"] is JsonObject secret)
                    {
                        var keys = secret["items"].Items().Select(i => i["key"].Text()).ToList();
                        if (keys.Count == 0) Check("Secret", secret["secretName"].Text(), null, $"{r}: {w}");
                        foreach (var key in keys) Check("Secret", secret["secretName"].Text(), key, $"{r}: {w}");
                    }
                    if (volume["configMap"] is JsonObject map) Check("ConfigMap", map["name"].Text(), null, $"{r}: {w}");
                }
            }

            void Check(string kind, string? name, string? key, string where)
            {
                var rendered = r.OfKind(kind).FirstOrDefault(o => o["metadata"]?["name"].Text() == name);
                if (rendered is not null)
                {
                    if (key is not null && rendered["data"]?[key] is null) problems.Add($"{where}: {kind} {name} has no key {key}");
                    return;
                }
                if (Prerequisites.Find(kind, name ?? "") is not { } made) problems.Add($"{where}: {kind} {name} is neither in the manifests nor in {Prerequisites.FileName}");
                else if (key is not null && !made.Keys.Contains(key)) problems.Add($"{where}: {kind} {name} has no key {key} in {Prerequisites.FileName}");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [KustomizeFact]
    public void Every_feed_hop_is_tls_with_the_subscriber_secret()
    {
        var problems = new List<string>();
        foreach (var r in Rendering.Both)
        {
            var servers = r.HostContainers.Where(c => c.Accepts("--feed-tls-cert")).ToList();
            var clients = r.HostContainers.Where(c => c.Accepts("--feed-tls-ca")).ToList();
            Assert.True(servers.Count >= 2 && clients.Count >= 3, $"{r}: expected the LDS pair to serve and the LDS pair and the DCU to subscribe");
            foreach (var c in servers)
            {
                foreach (var option in new[] { "--feed-tls-cert", "--feed-tls-key" })
                {
                    if (c.Value(option) is not { } path) problems.Add($"{r}: {c}: serves the feed protocol without {option}");
                    else if (MountedFile.Find(c, path) is not { SourceKind: "Secret" } file) problems.Add($"{r}: {c}: {option} {path} is not in a mounted Secret");
                    else if (Prerequisites.Find("Secret", file.SourceName)?.Type != "kubernetes.io/tls") problems.Add($"{r}: {c}: {option} comes from {file.SourceName}, not a kubernetes.io/tls Secret");
                }
            }
            foreach (var c in clients)
            {
                if (c.Value("--feed-tls-ca") is not { } path) problems.Add($"{r}: {c}: subscribes without --feed-tls-ca (plain TCP)");
                else if (MountedFile.Find(c, path) is not { SourceKind: "Secret" }) problems.Add($"{r}: {c}: --feed-tls-ca {path} is not in a mounted Secret");
            }
            foreach (var c in r.HostContainers.Where(c => c.Accepts("--feed-secret")))
                if (!c.Settings.TryGetValue("--feed-secret", out var s) || s.ValueFrom?["secretKeyRef"] is null)
                    problems.Add($"{r}: {c}: no --feed-secret from a Secret");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [KustomizeFact]
    public void Every_file_a_role_is_given_is_mounted_read_only_with_that_key()
    {
        var problems = new List<string>();
        foreach (var r in Rendering.Both)
        {
            foreach (var c in r.HostContainers)
            {
                foreach (var option in c.Command?.Options.Where(o => o.HelpName.StartsWith("FILE", StringComparison.Ordinal)) ?? [])
                {
                    // --config-cache is a file the role writes (its last good configuration), in its /tmp emptyDir.
                    if (c.Value(option.Name) is not { } path || path == "system" || option.Name == "--config-cache") continue;
                    var file = MountedFile.Find(c, path);
                    if (file is null) problems.Add($"{r}: {c}: {option.Name} {path}: no Secret or ConfigMap volume holds it");
                    else if (!file.ReadOnly) problems.Add($"{r}: {c}: {option.Name} {path}: mounted writable");
                    else if (file.SourceKind == "Secret" && Prerequisites.Find("Secret", file.SourceName) is { } made && !made.Keys.Contains(file.Key))
                        problems.Add($"{r}: {c}: {option.Name} {path}: Secret {file.SourceName} has no key {file.Key}");
                    else if (file.SourceKind == "ConfigMap" && r.OfKind("ConfigMap").FirstOrDefault(m => m["metadata"]?["name"].Text() == file.SourceName)?["data"]?[file.Key] is null)
                        problems.Add($"{r}: {c}: {option.Name} {path}: ConfigMap {file.SourceName} has no key {file.Key}");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
