using System.Diagnostics;

namespace Pulse.Topology.Tests.Support;

/// <summary>
/// Drives <c>scripts/topology.sh</c>: every Pulse component its own process, on free loopback ports, in a folder of
/// its own; <see cref="DisposeAsync"/> stops them all (<c>down</c>) and, when a test failed, keeps nothing but prints
/// where the logs were.
/// </summary>
internal sealed class TopologyProcesses : IAsyncDisposable
{
    private readonly string _dir;

    private TopologyProcesses(string dir)
    {
        _dir = dir;
        Settings = ReadSettings(dir);
    }

    /// <summary>What <c>ports.env</c> says: every port, the simulator's seed, start, end and speed, the PostgreSQL connection (read again after each command).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; private set; }

    /// <summary>The DCU processes: <c>dcu</c>, or <c>dcu-0</c> ... when the statistics are split by object.</summary>
    public IReadOnlyList<string> Dcus => Settings["DCUS"].Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The last lines of every DCU process's log.</summary>
    public string DcuLogs() => string.Join("\n", Dcus.Select(d => $"--- {d} log\n{Log(d)}"));

    private static Dictionary<string, string> ReadSettings(string dir) =>
        File.ReadAllLines(Path.Combine(dir, "ports.env")).Select(l => l.Split('=', 2)).Where(p => p.Length == 2)
            .GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.Last()[1]);

    public int Port(string name) => int.Parse(Settings[name], System.Globalization.CultureInfo.InvariantCulture);

    public Uri Ingress => new($"http://127.0.0.1:{Port("INGRESS_PORT")}/");

    public static string RepositoryRoot
    {
        get
        {
            var d = new DirectoryInfo(AppContext.BaseDirectory);
            while (d is not null && !File.Exists(Path.Combine(d.FullName, "Pulse.Sdk.sln"))) d = d.Parent;
            return d?.FullName ?? throw new InvalidOperationException("the repository root (Pulse.Sdk.sln) is not above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Starts the topology; throws with the script's output when it does not come up.</summary>
    public static async Task<TopologyProcesses> UpAsync(params string[] options)
    {
        var dir = Path.Combine(Path.GetTempPath(), "pulse-topology-test-" + Guid.NewGuid().ToString("N")[..8]);
        var (code, output) = await ScriptAsync(dir, ["up", "--ports", "free", "--no-build", .. options], TimeSpan.FromMinutes(4));
        if (code != 0)
        {
            var logs = Directory.Exists(dir) ? string.Join("\n", Directory.GetFiles(dir, "log", SearchOption.AllDirectories)
                .Select(f => $"--- {f}\n{Tail(f)}")) : "";
            await ScriptAsync(dir, ["down"], TimeSpan.FromMinutes(1));
            throw new InvalidOperationException($"scripts/topology.sh up failed ({code}):\n{output}\n{logs}");
        }
        return new TopologyProcesses(dir);
    }

    /// <summary><c>kill</c>, <c>start</c> or <c>restart</c> one process, or <c>scale-dcu N</c>.</summary>
    public async Task RunAsync(string command, string role)
    {
        var (code, output) = await ScriptAsync(_dir, [command, role], TimeSpan.FromMinutes(2));
        if (code != 0) throw new InvalidOperationException($"scripts/topology.sh {command} {role} failed ({code}):\n{output}\n{(command == "scale-dcu" ? DcuLogs() : Log(role))}");
        Settings = ReadSettings(_dir);
    }

    /// <summary>A secret the script generated (<c>config-admin-secret</c>, <c>feed-secret</c> ...).</summary>
    public string Secret(string name) => File.ReadAllText(Path.Combine(_dir, name)).Trim();

    /// <summary>One process's whole log.</summary>
    public string WholeLog(string role) => File.ReadAllText(Path.Combine(_dir, role, "log"));

    /// <summary>The last lines of one process's log.</summary>
    public string Log(string role) => Tail(Path.Combine(_dir, role, "log"));

    private static string Tail(string file) =>
        File.Exists(file) ? string.Join("\n", File.ReadLines(file).TakeLast(40)) : "(no log)";

    private static async Task<(int Code, string Output)> ScriptAsync(string dir, string[] args, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot };
        psi.ArgumentList.Add(Path.Combine(RepositoryRoot, "scripts", "topology.sh"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add("--dir");
        psi.ArgumentList.Add(dir);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            return (-1, $"timed out after {timeout}\n{await stdout}\n{await stderr}");
        }
        return (p.ExitCode, await stdout + await stderr);
    }

    public async ValueTask DisposeAsync() => await ScriptAsync(_dir, ["down"], TimeSpan.FromMinutes(1));
}
