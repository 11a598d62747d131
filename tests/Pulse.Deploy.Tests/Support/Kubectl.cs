using System.Diagnostics;

namespace Pulse.Deploy.Tests.Support;

/// <summary>
/// <c>kubectl kustomize</c>, which renders the manifests exactly as <c>kubectl apply -k</c> would send them (no cluster
/// needed). The dotnet machine image has kubectl; on a developer's machine without it the tests that render are skipped,
/// under CI (<c>CI=true</c>) they fail.
/// </summary>
internal static class Kubectl
{
    /// <summary>The kubectl on the PATH, or null.</summary>
    public static string? Path { get; } = Environment.GetEnvironmentVariable("PATH")?.Split(System.IO.Path.PathSeparator)
        .Select(d => System.IO.Path.Combine(d, "kubectl")).FirstOrDefault(File.Exists);

    /// <summary>Why a test that renders is skipped: kubectl is absent and this is not CI; null otherwise.</summary>
    public static string? SkipReason =>
        Path is null && Environment.GetEnvironmentVariable("CI") != "true"
            ? "kubectl is not on the PATH (it renders deploy/ with kustomize); install it to run these tests. Under CI=true they fail instead."
            : null;

    /// <summary>Runs kubectl with <paramref name="args"/>; its standard output, or a failed assertion naming what it said.</summary>
    public static string Run(params string[] args)
    {
        Assert.True(Path is not null, "kubectl is not on the PATH: the deployment tests render deploy/ with `kubectl kustomize` (CI=true: required)");
        var start = new ProcessStartInfo(Path!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"kubectl {string.Join(' ', args)} exited {process.ExitCode}: {stderr.Result}");
        return stdout;
    }
}

/// <summary>A fact that renders the manifests: skipped without kubectl outside CI (<see cref="Kubectl.SkipReason"/>).</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class KustomizeFactAttribute : FactAttribute
{
    public KustomizeFactAttribute()
    {
        if (Kubectl.SkipReason is { } reason) Skip = reason;
    }
}
