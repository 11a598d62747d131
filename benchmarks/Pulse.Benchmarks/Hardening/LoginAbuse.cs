using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using Pulse.Benchmarks.Topology;

namespace Pulse.Benchmarks.Hardening;

/// <summary>
/// Password attempts as fast as one anonymous client can send them, for a fixed time, against the real <c>auth</c> role
/// of Pulse.Host (a fresh process per scenario, so no lock carries over): answers by status, and the role's CPU.
/// </summary>
internal static class LoginAbuse
{
    /// <summary>What is sent: the demo user's right password, its wrong password, or a new unknown user name each attempt.</summary>
    public enum Kind { Correct, WrongPassword, UnknownNames }

    /// <param name="Bind">The address the role listens on and the client connects to (loopback, or this machine's own non-loopback address).</param>
    public sealed record Scenario(Kind Kind, int Tasks, IPAddress Bind)
    {
        public string Label => Kind switch
        {
            Kind.Correct => "right password, supervisor",
            Kind.WrongPassword => "wrong password, supervisor",
            _ => "wrong password, a new unknown name each",
        } + $", {Tasks} task{(Tasks == 1 ? "" : "s")}, " + (IPAddress.IsLoopback(Bind) ? "loopback" : $"from {Bind} (not loopback)");
    }

    /// <param name="HashedBeforeFirst429">401 answers received before the first 429 (-1: no 429 came).</param>
    public sealed record Result(Scenario Scenario, double Seconds, int Ok, int Unauthorized, int TooMany, int Unavailable, int Other, int HashedBeforeFirst429, double Cores)
    {
        public int Answered => Ok + Unauthorized + TooMany + Unavailable + Other;

        public double PerSecond => Answered / Seconds;
    }

    /// <summary>This machine's first non-loopback IPv4 address that is up, or null.</summary>
    public static IPAddress? OwnAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses).Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));

    public static async Task<Result> RunAsync(string hostDll, Scenario scenario, TimeSpan duration)
    {
        var port = FreePort(scenario.Bind);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { hostDll, "auth", "--port", Text(port), "--seed", "1", "--bind", scenario.Bind.ToString() }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var log = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 })
            {
                BaseAddress = new Uri($"http://{scenario.Bind}:{port}"),
                Timeout = TimeSpan.FromSeconds(30),
            };
            await WaitReadyAsync(http, process, log).ConfigureAwait(false);
            // A login of another user warms the role (JIT, first hash) without touching the measured user's record.
            using (var warm = await PostAsync(http, "admin", "pulse").ConfigureAwait(false))
                if (warm.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"warm-up login answered {(int)warm.StatusCode}");

            var counts = new int[600];
            var gate = new Lock();
            int hashedBefore429 = 0, next = 0;
            var seen429 = false;
            var cpuBefore = Machine.ProcessBusy(process.Id);
            var clock = Stopwatch.StartNew();
            var tasks = Enumerable.Range(0, scenario.Tasks).Select(_ => Task.Run(async () =>
            {
                while (clock.Elapsed < duration)
                {
                    var (user, password) = scenario.Kind switch
                    {
                        Kind.Correct => ("supervisor", "pulse"),
                        Kind.WrongPassword => ("supervisor", "wrong"),
                        _ => ("nobody" + Text(Interlocked.Increment(ref next)), "wrong"),
                    };
                    using var answer = await PostAsync(http, user, password).ConfigureAwait(false);
                    var status = (int)answer.StatusCode;
                    lock (gate)
                    {
                        counts[Math.Min(status, counts.Length - 1)]++;
                        if (status == 429) seen429 = true;
                        else if (status == 401 && !seen429) hashedBefore429++;
                    }
                }
            })).ToArray();
            await Task.WhenAll(tasks).ConfigureAwait(false);
            var seconds = clock.Elapsed.TotalSeconds;
            var cores = (Machine.ProcessBusy(process.Id) - cpuBefore).TotalSeconds / seconds;
            var other = counts.Sum() - counts[200] - counts[401] - counts[429] - counts[503];
            return new Result(scenario, seconds, counts[200], counts[401], counts[429], counts[503], other, seen429 ? hashedBefore429 : -1, cores);
        }
        finally
        {
            if (!process.HasExited) process.Kill();
            await process.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string user, string password) =>
        http.PostAsync("/auth/token", new StringContent($"{{\"username\":\"{user}\",\"password\":\"{password}\"}}", Encoding.UTF8, "application/json"));

    private static async Task WaitReadyAsync(HttpClient http, Process process, StringBuilder log)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException("the auth role exited: " + log);
            try
            {
                using var jwks = await http.GetAsync("/auth/.well-known/jwks.json").ConfigureAwait(false);
                if (jwks.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            if (deadline.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException("the auth role did not answer within 30 s: " + log);
            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    private static int FreePort(IPAddress address)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static string Text(int n) => n.ToString(CultureInfo.InvariantCulture);
}
