using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Pulse.Topology.Tests.Support;

/// <summary>One process of the topology started directly (a Pulse.Host role, redis-server, sipp, sngrep), its output kept for failure messages.</summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private HostProcess(Process process) => _process = process;

    public static string HostDll => Path.Combine(TopologyProcesses.RepositoryRoot, "samples", "Pulse.Host", "bin", "Release", "net10.0", "Pulse.Host.dll");

    /// <summary>A role of the reference host: <c>dotnet Pulse.Host.dll ARGS</c>.</summary>
    public static HostProcess Role(params string[] args) => Start("dotnet", [HostDll, .. args]);

    public static HostProcess Start(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var h = new HostProcess(p);
        p.OutputDataReceived += (_, e) => { lock (h._output) h._output.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { lock (h._output) h._output.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return h;
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>Waits for the process to end; fails with its output when it does not in time or ends with an error.</summary>
    public async Task ExitedAsync(string what, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try { await _process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { Assert.Fail($"{what} did not finish within {timeout.TotalSeconds:0} s:\n{Output}"); }
        Assert.True(_process.ExitCode == 0, $"{what} failed with exit code {_process.ExitCode}:\n{Output}");
    }

    /// <summary>Waits for the process to end; false when it has not within <paramref name="timeout"/>.</summary>
    public async Task<bool> EndedAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try { await _process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { return false; }
        return true;
    }

    public static int FreeTcpPort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    public static int FreeUdpPort()
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
