using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Pulse.Sdk.Events;
using Pulse.Sdk.Feed;

namespace Pulse.Benchmarks.Feed;

/// <summary>
/// Feed throughput, plain TCP (the baseline) against TLS: a <see cref="FeedServer"/> on loopback serves
/// <see cref="Clients"/> real <see cref="FeedClient"/>s (decoding every frame, as an LDS or a DCU does). Each iteration
/// publishes 60,000 events and ends when every client has read all of them; events/s = <see cref="Clients"/> / (time per
/// event). The TLS server has a self-signed P-256 certificate that the clients trust as their only root.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 15, invocationCount: 1)]
public class FeedTlsBenchmark
{
    private const int Events = 60_000;
    private static readonly Lazy<List<PulseEvent>> Data = new(() => FeedBenchmarkSource.SimulatorEvents(Events));

    private static readonly Lazy<X509Certificate2> Certificate = new(CreateSelfSigned);

    private FeedBenchmarkSource _source = null!;
    private FeedServer _server = null!;
    private List<FeedClient> _clients = null!;
    private CancellationTokenSource _stop = null!;
    private Task[] _readers = null!;

    /// <summary>Clients reading the server.</summary>
    [Params(1, 10)]
    public int Clients { get; set; }

    [IterationSetup(Target = nameof(Plain))]
    public void SetupPlain() => SetupAsync(tls: false).GetAwaiter().GetResult();

    [IterationSetup(Target = nameof(Tls))]
    public void SetupTls() => SetupAsync(tls: true).GetAwaiter().GetResult();

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public void Plain() => Broadcast();

    [Benchmark(OperationsPerInvoke = Events)]
    public void Tls() => Broadcast();

    [IterationCleanup]
    public void Cleanup()
    {
        _stop.Cancel();
        foreach (var r in _readers)
        {
            try
            {
                r.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
            }
        }

        foreach (var c in _clients) c.Dispose();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _stop.Dispose();
    }

    private void Broadcast()
    {
        foreach (var e in Data.Value) _source.Channel.Writer.TryWrite(e);
        Task.WaitAll(_readers);
    }

    private async Task SetupAsync(bool tls)
    {
        _ = Data.Value;
        _source = new FeedBenchmarkSource();
        _server = new FeedServer(_source, new FeedServerOptions
        {
            Name = tls ? "bench-tls" : "bench-plain", RingCapacity = 1 << 16, ReceiverQueueCapacity = 1 << 16, Certificate = tls ? Certificate.Value : null,
        });
        _server.Start(new IPEndPoint(IPAddress.Loopback, 0));
        _stop = new CancellationTokenSource();
        var options = new FeedClientOptions
        {
            Port = _server.LocalEndPoint!.Port, ClientId = "bench",
            Tls = tls ? new FeedClientTlsOptions { TrustedCertificates = [X509CertificateLoader.LoadCertificate(Certificate.Value.RawData)] } : null,
        };
        _clients = [.. Enumerable.Range(0, Clients).Select(i => new FeedClient(options with { Name = $"bench-{i}" }))];
        _readers = [.. _clients.Select(c => Task.Run(() => ReadAsync(c, _stop.Token)))];
        while (_server.ReceiverCount < Clients) await Task.Delay(10);
    }

    /// <summary>Completes when the client has read every event of the iteration.</summary>
    private static async Task ReadAsync(FeedClient client, CancellationToken cancellationToken)
    {
        var read = 0;
        await foreach (var _ in client.ReadAllAsync(cancellationToken))
        {
            if (++read == Events) return;
        }
    }

    private static X509Certificate2 CreateSelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=feed-bench", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }
}
