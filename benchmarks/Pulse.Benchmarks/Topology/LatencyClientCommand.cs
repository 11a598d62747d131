using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Pulse.Benchmarks.Live;

namespace Pulse.Benchmarks.Topology;

/// <summary>
/// The subscribers of <c>latency-topology</c>, in a process of their own (<c>Pulse.Benchmarks latency-client ...</c>):
/// logs in through the ingress (<c>POST /api/session/login</c>), opens <c>--clients</c> WebSockets to <c>/api/live</c>
/// (of the ingress, or spread over the replicas when <c>--url</c> lists several)
/// with the session's token, subscribes client i to layout i modulo the layouts, and stamps every marker value with the
/// wall clock (UTC ticks, which the generator's process shares). It talks to its parent by lines: it prints
/// <c>ready SECONDS</c> once every snapshot arrived; <c>count</c> answers <c>count MESSAGES BYTES CPU_TICKS</c>;
/// <c>collect END PATIENCE_MS</c> waits until every client holds marker END - 1 (or the patience ran out), writes the
/// received rows (<see cref="MarkerLedger.WriteReceived"/>) to <c>--out</c>, prints <c>done SEQ_GAPS</c> and exits.
/// </summary>
public static class LatencyClientCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var o = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Count; i += 2) o[args[i]] = args[i + 1];
        string Need(string name) => o.TryGetValue(name, out var v) ? v : throw new ArgumentException($"latency-client needs {name}");
        // One URL (the ingress), or several (the replicas, bypassing it): client i connects to URL i modulo their count.
        var urls = Need("--url").Split(',').Select(u => new Uri(u)).ToArray();
        var url = urls[0];
        var clients = int.Parse(Need("--clients"), CultureInfo.InvariantCulture);
        var capacity = int.Parse(Need("--capacity"), CultureInfo.InvariantCulture);
        var maxRate = double.Parse(Need("--max-rate"), CultureInfo.InvariantCulture);
        var layouts = File.ReadAllLines(Need("--layouts")).Where(l => l.Length > 0).Select(Guid.Parse).ToArray();
        var output = Need("--out");

        var token = await LogInAsync(url, Need("--user"), Need("--password")).ConfigureAwait(false);
        var ledger = new MarkerLedger(capacity, clients, wallClock: true);
        var lives = urls.Select(u => new UriBuilder(new Uri(u, "/api/live")) { Scheme = "ws" }.Uri).ToArray();
        var sockets = new LatencyClient[clients];
        var connecting = Stopwatch.StartNew();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3)))
        {
            await Parallel.ForAsync(0, clients, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = timeout.Token }, async (i, ct) =>
                sockets[i] = await LatencyClient.ConnectAsync(i, lives[i % lives.Length], token, layouts[i % layouts.Length], maxRate, ledger, ct).ConfigureAwait(false)).ConfigureAwait(false);
        }
        Say(string.Create(CultureInfo.InvariantCulture, $"ready {connecting.Elapsed.TotalSeconds:0.0}"));

        try
        {
            while (await Console.In.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words.Length == 1 && words[0] == "count")
                {
                    using var process = Process.GetCurrentProcess();
                    Say(string.Create(CultureInfo.InvariantCulture,
                        $"count {sockets.Sum(c => c.Messages)} {sockets.Sum(c => c.Bytes)} {process.TotalProcessorTime.Ticks}"));
                }
                else if (words.Length == 3 && words[0] == "collect")
                {
                    var end = int.Parse(words[1], CultureInfo.InvariantCulture);
                    var patience = Stopwatch.StartNew();
                    var limit = TimeSpan.FromMilliseconds(int.Parse(words[2], CultureInfo.InvariantCulture));
                    while (patience.Elapsed < limit && Enumerable.Range(0, clients).Any(c => ledger.Held(c) < end))
                        await Task.Delay(10).ConfigureAwait(false);
                    if (sockets.FirstOrDefault(c => c.Failure is not null) is { } failed) throw new InvalidOperationException("a client failed", failed.Failure);
                    await using (var file = File.Create(output)) ledger.WriteReceived(file);
                    Say(string.Create(CultureInfo.InvariantCulture, $"done {sockets.Sum(c => c.SeqGaps)}"));
                    return 0;
                }
                else
                {
                    Say("error: say count or collect END PATIENCE_MS, not '" + line + "'");
                }
            }
            return 1;
        }
        finally
        {
            await Parallel.ForEachAsync(sockets, async (c, _) => await c.DisposeAsync().ConfigureAwait(false)).ConfigureAwait(false);
        }
    }

    /// <summary>Logs in as a wallboard does (<c>POST /api/session/login</c>) and returns the session cookie's token, which is a bearer token too.</summary>
    public static async Task<string> LogInAsync(Uri url, string user, string password)
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false });
        using var response = await http.PostAsJsonAsync(new Uri(url, "/api/session/login"), new { username = user, password }).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.NoContent)
            throw new InvalidOperationException($"POST /api/session/login answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync().ConfigureAwait(false)}");
        var cookie = response.Headers.GetValues("Set-Cookie").First(c => c.StartsWith("pulse_session=", StringComparison.Ordinal));
        return cookie["pulse_session=".Length..cookie.IndexOf(';', StringComparison.Ordinal)];
    }

    private static void Say(string line)
    {
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }
}
