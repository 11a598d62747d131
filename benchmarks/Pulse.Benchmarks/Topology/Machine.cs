using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Pulse.Sdk.Events;

namespace Pulse.Benchmarks.Topology;

/// <summary>What the multi-process harnesses share: the repository, scripts/topology.sh, child processes, the machine's CPU.</summary>
public static class Machine
{
    /// <summary>The repository root (the folder of Pulse.Sdk.sln above the running assembly).</summary>
    public static string RepositoryRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Pulse.Sdk.sln"))) return d.FullName;
        throw new InvalidOperationException("Pulse.Sdk.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The built Pulse.Host.dll (built by topology.sh up, or by the caller).</summary>
    public static string HostDll(string root) => Path.Combine(root, "samples", "Pulse.Host", "bin", "Release", "net10.0", "Pulse.Host.dll");

    /// <summary>Runs <c>scripts/topology.sh ARGS</c>; its output goes to <paramref name="log"/>; throws when it fails.</summary>
    public static async Task TopologyAsync(string root, TextWriter log, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        start.ArgumentList.Add(Path.Combine(root, "scripts", "topology.sh"));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        var text = (await output.ConfigureAwait(false) + await error.ConfigureAwait(false)).Trim();
        if (text.Length > 0) log.WriteLine("  topology.sh " + args[0] + ": " + text.Replace("\n", "\n    ", StringComparison.Ordinal));
        if (process.ExitCode != 0) throw new InvalidOperationException($"scripts/topology.sh {string.Join(' ', args)} exited {process.ExitCode}");
    }

    /// <summary>The NAME=VALUE lines of <c>DIR/ports.env</c>.</summary>
    public static Dictionary<string, string> ReadPorts(string dir) =>
        File.ReadAllLines(Path.Combine(dir, "ports.env")).Where(l => l.Contains('=', StringComparison.Ordinal))
            .ToDictionary(l => l[..l.IndexOf('=', StringComparison.Ordinal)], l => l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..], StringComparer.Ordinal);

    /// <summary>This program again as a child process (<c>dotnet Pulse.Benchmarks.dll ARGS</c>), its standard streams redirected.</summary>
    public static Process StartSelf(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(Machine).Assembly.Location);
        foreach (var a in args) start.ArgumentList.Add(a);
        return Process.Start(start)!;
    }

    /// <summary>Busy time of the whole machine, all cores and processes, from /proc/stat (Linux); zero elsewhere.</summary>
    public static TimeSpan MachineBusy()
    {
        try
        {
            var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            // user nice system idle iowait irq softirq steal ...; USER_HZ is 100 on Linux.
            var busy = cpu.Take(8).Sum() - cpu[3] - cpu[4];
            return TimeSpan.FromMilliseconds(busy * 10);
        }
        catch (IOException) { return TimeSpan.Zero; }
    }

    /// <summary>CPU time (user + system) of process <paramref name="pid"/> from /proc/PID/stat (Linux); zero when it cannot be read.</summary>
    public static TimeSpan ProcessBusy(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command (in parentheses, which may hold spaces): state is field 3, utime 14, stime 15.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromMilliseconds(ticks * 10);
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException) { return TimeSpan.Zero; }
    }

    /// <summary>The one-minute load average (Linux); NaN elsewhere.</summary>
    public static double LoadAverage()
    {
        try
        {
            var text = File.ReadAllText("/proc/loadavg");
            return double.Parse(text.AsSpan(0, text.IndexOf(' ', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
        }
        catch (IOException) { return double.NaN; }
        catch (UnauthorizedAccessException) { return double.NaN; }
    }

    /// <summary>A stream that has no events and ends only when cancelled: serves a feed the harness does not use.</summary>
    public sealed class Silent(string name) : IEventSource
    {
        public string Name => name;

        public async IAsyncEnumerable<PulseEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            try { await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false); }
            catch (OperationCanceledException) { }
            yield break;
        }
    }
}
