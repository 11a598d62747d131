using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Events;
using Pulse.Sdk.Simulation;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Redis;
using StackExchange.Redis;

namespace Pulse.Testing;

/// <summary>The Redis server the test script started (PULSE_TEST_REDIS); a missing server fails the test, never skips it.</summary>
public static class RedisTestEnvironment
{
    public static string Endpoint =>
        Environment.GetEnvironmentVariable("PULSE_TEST_REDIS") is { Length: > 0 } e ? e
        : throw new InvalidOperationException(Environment.GetEnvironmentVariable("CI") == "true"
            ? "PULSE_TEST_REDIS is not set under CI=true: the Redis tests need the server scripts/test.sh starts"
            : "PULSE_TEST_REDIS is not set: run the tests with `bash scripts/test.sh`, which starts a throwaway redis-server");

    public static string ServerPath =>
        Environment.GetEnvironmentVariable("PULSE_TEST_REDIS_SERVER") is { Length: > 0 } p ? p
        : throw new InvalidOperationException("PULSE_TEST_REDIS_SERVER is not set: run the tests with `bash scripts/test.sh`");

    public static async Task<ConnectionMultiplexer> ConnectAsync(string? endpoint = null)
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(new RedisStatisticStoreOptions().CreateConfiguration((endpoint ?? Endpoint) + ",allowAdmin=true"));
        // The store's configuration does not abort on a failed connect, so the call may return before the subscription
        // link is up (seen on a busy machine: SUBSCRIBE "no connection is active"): wait for both links, as a test's
        // first step rather than a race with it.
        var subscriber = connection.GetSubscriber();
        for (var deadline = DateTime.UtcNow.AddSeconds(10); !(connection.IsConnected && subscriber.IsConnected()) && DateTime.UtcNow < deadline;)
            await Task.Delay(20); // the poll interval
        return connection;
    }

    /// <summary>A key prefix of its own, so tests share the server and run in parallel.</summary>
    public static string UniquePrefix() => "t" + Guid.NewGuid().ToString("N")[..12];
}

/// <summary>A redis-server of a test's own, on a fixed free port, that the test can stop and start again on the same port.</summary>
public sealed class RedisTestServer : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pulse-redis-").FullName;
    private Process? _process;

    public RedisTestServer()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        Port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        Start();
    }

    public int Port { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    public void Start()
    {
        var psi = new ProcessStartInfo(RedisTestEnvironment.ServerPath)
        {
            // Persistent (AOF, fsync at every write) like a production server, so a restart keeps what was written.
            ArgumentList = { "--bind", "127.0.0.1", "--port", Port.ToString(), "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--dir", _dir },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(psi)!;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var c = new TcpClient();
                c.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50); // the poll interval of a synchronous wait for the server to listen
            }
        }
        throw new InvalidOperationException($"redis-server did not listen on {Port}");
    }

    public void Stop()
    {
        if (_process is null) return;
        _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
        _process = null;
    }

    public void Restart()
    {
        Stop();
        Start();
    }

    public void Dispose()
    {
        Stop();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}

/// <summary>A real engine on the demo simulator, stepped in engine time, flushing every second into its sinks.</summary>
public sealed class SimulatedEngine
{
    private readonly IEnumerator<PulseEvent> _events;
    private readonly ReplayClock _clock;

    public SimulatedEngine(string tenant = "demo")
    {
        var sim = new ContactCenterSimulator(new SimulatorOptions { TenantId = tenant });
        Configuration = sim.Configuration;
        _events = sim.Generate().GetEnumerator();
        _events.MoveNext();
        _clock = new ReplayClock(_events.Current.Time);
        Engine = new StatisticsEngine(Configuration, new StatisticsEngineOptions { TimeProvider = _clock });
        Opened = Engine.OpenStandardCatalogue();
    }

    public PulseConfiguration Configuration { get; }

    public StatisticsEngine Engine { get; }

    public IReadOnlyList<OpenedStatistic> Opened { get; }

    public DateTimeOffset Now => _clock.GetUtcNow();

    /// <summary>Applies the events of the next <paramref name="duration"/>, flushing at every second.</summary>
    public void Run(TimeSpan duration)
    {
        var end = _clock.GetUtcNow() + duration;
        var nextFlush = _clock.GetUtcNow() + TimeSpan.FromSeconds(1);
        while (_events.Current.Time < end)
        {
            while (_events.Current.Time >= nextFlush)
            {
                _clock.AdvanceTo(nextFlush);
                Engine.Flush();
                nextFlush += TimeSpan.FromSeconds(1);
            }
            _clock.AdvanceTo(_events.Current.Time);
            Engine.Apply(_events.Current);
            _events.MoveNext();
        }
        _clock.AdvanceTo(end);
        Engine.Flush();
    }
}
