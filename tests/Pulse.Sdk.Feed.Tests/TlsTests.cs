using System.Collections.Concurrent;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Pulse.Sdk.Events;
using Pulse.Sdk.Feed.Tests.Support;
using static Pulse.Sdk.Feed.Tests.Support.FeedTestKit;

namespace Pulse.Sdk.Feed.Tests;

/// <summary>The feed protocol over TLS (docs/protocol.md, "TLS"): the same stream, the certificate checked, plain TCP refused.</summary>
public sealed class TlsTests
{
    private static readonly X509Certificate2 Ca = TestCertificates.CreateCa("feed-test-ca");
    private static readonly X509Certificate2 ServerCertificate = TestCertificates.IssueServer(Ca);

    [Fact]
    public async Task Over_tls_a_trusting_client_reads_the_same_events_and_offsets_as_over_plain_tcp_and_resumes_after_a_lost_connection()
    {
        var events = SimEvents.Take(3_000).ToList();
        async Task<(List<string> Events, List<long> Offsets, long Reconnects)> ReadAsync(X509Certificate2? certificate)
        {
            var source = new ManualEventSource();
            await using var server = new FeedServer(source, new FeedServerOptions { Name = certificate is null ? "plain" : "tls", StreamId = "s", Certificate = certificate });
            server.Start(Loopback);
            source.AddRange(events.Take(1_000));
            using var client = new FeedClient(ClientOptions(server) with { ResumeFrom = 0, Tls = certificate is null ? null : TestCertificates.Trusting(Ca) });
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var read = new List<string>();
            var offsets = new List<long>();
            await foreach (var e in client.ReadAllAsync(cts.Token))
            {
                read.Add(Encoded(e));
                offsets.Add(client.LastOffset!.Value);
                if (read.Count == 1_000)
                {
                    // Cut every connection while the client waits for more: it reconnects and resumes after offset 1,000.
                    server.AbortAll();
                    source.AddRange(events.Skip(1_000));
                }
                if (read.Count == events.Count) break;
            }

            return (read, offsets, client.Reconnects);
        }

        var plain = await ReadAsync(null);
        var tls = await ReadAsync(ServerCertificate);
        Assert.Equal(events.Select(Encoded), plain.Events);
        Assert.Equal(plain.Events, tls.Events);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), tls.Offsets);
        Assert.True(tls.Reconnects >= 1, "the TLS client never reconnected: the resume was not exercised");
    }

    [Fact]
    public async Task A_client_that_does_not_trust_the_certificate_fails_naming_the_problem_and_keeps_retrying_while_a_trusting_one_is_served()
    {
        using var metrics = new FeedMetricsRecorder();
        var source = new ManualEventSource();
        var serverRejected = new ConcurrentQueue<EventRejectedException>();
        await using var server = new FeedServer(source, new FeedServerOptions { Name = "tls-trust", Certificate = ServerCertificate, OnRejected = serverRejected.Enqueue });
        server.Start(Loopback);
        source.AddRange(SimEvents.Take(20));
        var endpoint = $"127.0.0.1:{server.LocalEndPoint!.Port}";
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        // Another CA; the right CA but a name the certificate does not carry; the system's store (it knows no test CA).
        var cases = new (string Name, FeedClientTlsOptions Tls, string Expected)[]
        {
            ("other-ca", TestCertificates.Trusting(TestCertificates.CreateCa("another-ca")), "RemoteCertificateChainErrors"),
            ("wrong-name", TestCertificates.Trusting(Ca, serverName: "feed.example.org"), "RemoteCertificateNameMismatch"),
            ("system-store", new FeedClientTlsOptions(), "RemoteCertificateChainErrors"),
        };
        var failures = cases.ToDictionary(c => c.Name, _ => new ConcurrentQueue<Exception>());
        var refused = cases.Select(c => new FeedClient(ClientOptions(server, c.Name) with { Tls = c.Tls, OnConnectFailed = failures[c.Name].Enqueue })).ToList();
        var reading = refused.Select(c => Task.Run(async () =>
        {
            await foreach (var _ in c.ReadAllAsync(cts.Token)) throw new InvalidOperationException($"{c.Name} got an event");
        })).ToList();
        try
        {
            await WaitUntilAsync(() => failures.Values.All(f => f.Count >= 3), what: "three failed attempts of each refused client");
            foreach (var (name, _, expected) in cases)
            {
                var failure = failures[name].First();
                Assert.IsType<AuthenticationException>(failure);
                Assert.Contains(endpoint, failure.Message);
                Assert.Contains(expected, failure.Message);
            }
            Assert.Contains("feed.example.org", failures["wrong-name"].First().Message);
            Assert.All(refused, c => Assert.False(c.IsConnected));
            Assert.All(reading, t => Assert.False(t.IsCompleted, t.Exception?.ToString()));

            // Meanwhile a client with the right trust reads the events.
            using var trusting = new FeedClient(ClientOptions(server, "trusting") with { ResumeFrom = 0, Tls = TestCertificates.Trusting(Ca) });
            var seqs = new List<long>();
            await foreach (var e in trusting.ReadAllAsync(cts.Token))
            {
                seqs.Add(e.Seq);
                if (seqs.Count == 20) break;
            }
            Assert.Equal(SimEvents.Take(20).Select(e => e.Seq), seqs);
            // The server counts every connection the clients gave up, whether they closed or sent an alert.
            await WaitUntilAsync(() => metrics.Sum("pulse.feed.frames.rejected", ("connection", "tls-trust/receivers"), ("reason", "tls")) >= 9
                && metrics.Sum("pulse.feed.server.disconnects", ("server", "tls-trust"), ("reason", "tls")) >= 9, what: "the server's count");
            Assert.DoesNotContain(metrics.Series("tls-trust"), s => s.Contains("reason=io_error", StringComparison.Ordinal) || s.Contains("reason=handshake_failed", StringComparison.Ordinal));
            Assert.All(serverRejected, r => Assert.Contains("reject this server's certificate?", r.Reason));
        }
        finally
        {
            await cts.CancelAsync();
            foreach (var t in reading) await Assert.ThrowsAnyAsync<OperationCanceledException>(() => t);
            foreach (var c in refused) c.Dispose();
        }
    }

    [Fact]
    public async Task A_plain_client_against_a_tls_server_is_refused_and_counted_and_the_server_keeps_serving_tls_clients()
    {
        using var metrics = new FeedMetricsRecorder();
        var rejected = new ConcurrentQueue<EventRejectedException>();
        var source = new ManualEventSource();
        await using var server = new FeedServer(source, new FeedServerOptions { Name = "tls-only", Certificate = ServerCertificate, OnRejected = rejected.Enqueue });
        server.Start(Loopback);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var good = new FeedClient(ClientOptions(server, "good") with { Tls = TestCertificates.Trusting(Ca) });
        await using var reader = good.ReadAllAsync(cts.Token).GetAsyncEnumerator(cts.Token);
        var first = reader.MoveNextAsync();
        await WaitUntilAsync(() => server.ReceiverCount == 1, what: "the TLS client");

        // A raw plain peer gets a readable error; a plain FeedClient stops with it instead of retrying.
        await using (var peer = await RawPeer.ConnectAsync(server.LocalEndPoint!))
        {
            await peer.SendAsync(FeedFrameCodec.EncodeHello("plain", [], [], [], null, null));
            var answer = await peer.ReadLineAsync();
            Assert.Contains("\"code\":\"tls_required\"", answer);
            Assert.True(await peer.ReadUntilClosedAsync(), "the server did not close the plain connection");
        }
        using (var plain = new FeedClient(ClientOptions(server, "plain")))
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            {
                await foreach (var _ in plain.ReadAllAsync(cts.Token)) { }
            });
            Assert.Contains("tls_required", error.Message);
            Assert.Contains($"127.0.0.1:{server.LocalEndPoint!.Port}", error.Message);
        }

        Assert.Equal(2, metrics.Sum("pulse.feed.frames.rejected", ("connection", "tls-only/receivers"), ("reason", "tls")));
        Assert.Equal(2, metrics.Sum("pulse.feed.server.disconnects", ("server", "tls-only"), ("reason", "tls")));
        Assert.All(rejected, r => Assert.Contains("plain TCP", r.Reason));
        Assert.Equal(1, server.ReceiverCount);

        source.AddRange(SimEvents.Take(5));
        var seqs = new List<long>();
        Assert.True(await first);
        seqs.Add(reader.Current.Seq);
        while (seqs.Count < 5 && await reader.MoveNextAsync()) seqs.Add(reader.Current.Seq);
        Assert.Equal(SimEvents.Take(5).Select(e => e.Seq), seqs);
    }

    [Fact]
    public async Task A_tls_client_against_a_plain_server_fails_at_once_saying_so_instead_of_waiting_for_the_timeout()
    {
        using var metrics = new FeedMetricsRecorder();
        await using var server = new FeedServer(new ManualEventSource(), new FeedServerOptions { Name = "plain-only" });
        server.Start(Loopback);
        var failures = new ConcurrentQueue<Exception>();
        using var client = new FeedClient(ClientOptions(server, "tls-to-plain") with { Tls = TestCertificates.Trusting(Ca), OnConnectFailed = failures.Enqueue, ConnectTimeout = TimeSpan.FromSeconds(30) });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var reading = Task.Run(async () =>
        {
            await foreach (var _ in client.ReadAllAsync(cts.Token)) { }
        });
        await WaitUntilAsync(() => failures.Count >= 2, what: "two failed attempts");
        Assert.IsType<AuthenticationException>(failures.First());
        Assert.Contains("does the server serve TLS?", failures.First().Message);
        Assert.True(metrics.Sum("pulse.feed.frames.rejected", ("connection", "plain-only/receivers"), ("reason", "tls")) >= 2);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_client_that_does_not_complete_the_tls_handshake_is_dropped_after_the_handshake_timeout(bool startsTheHandshake)
    {
        var time = new CountingTimeProvider();
        var rejected = new ConcurrentQueue<EventRejectedException>();
        var dropped = new ConcurrentQueue<FeedReceiverDisconnected>();
        var name = startsTheHandshake ? "tls-half-hello" : "tls-silent";
        using var metrics = new FeedMetricsRecorder();
        await using var server = new FeedServer(new ManualEventSource(), new FeedServerOptions
        {
            Name = name, Certificate = ServerCertificate, TimeProvider = time, HandshakeTimeout = TimeSpan.FromSeconds(10), HeartbeatInterval = TimeSpan.FromSeconds(60),
            OnRejected = rejected.Enqueue, OnReceiverDisconnected = dropped.Enqueue,
        });
        server.Start(Loopback);
        await using var peer = await RawPeer.ConnectAsync(server.LocalEndPoint!);
        // The first bytes of a TLS record header (a ClientHello's), then nothing.
        if (startsTheHandshake) await peer.SendAsync([0x16, 0x03, 0x01]);

        // The heartbeat's timer and the connection's handshake deadline.
        await WaitUntilAsync(() => time.ScheduledTimers == 2, what: "the handshake deadline");
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.Empty(dropped);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await peer.ReadUntilClosedAsync(), "the server did not drop the connection at the handshake timeout");
        await WaitUntilAsync(() => !dropped.IsEmpty, what: "the disconnection");
        Assert.Equal("tls", dropped.Single().Reason);
        Assert.Contains("no TLS handshake within 10 s", Assert.Single(rejected).Reason);
        Assert.Equal(1, metrics.Sum("pulse.feed.frames.rejected", ("connection", $"{name}/receivers"), ("reason", "tls")));
    }

    [Fact]
    public async Task An_lds_reads_its_upstream_over_tls_and_serves_its_receivers_over_tls()
    {
        var events = SimEvents.Take(500).ToList();
        var source = new ManualEventSource();
        await using var upstream = new FeedServer(source, new FeedServerOptions { Name = "upstream-tls", Certificate = ServerCertificate });
        upstream.Start(Loopback);
        var ldsCertificate = TestCertificates.IssueServer(Ca, "lds");
        await using var lds = new Lds(new LdsOptions
        {
            Name = "lds-tls",
            Upstream = ClientOptions(upstream, "lds-upstream") with { ResumeFrom = 0, Tls = TestCertificates.Trusting(Ca) },
            Server = new FeedServerOptions { Certificate = ldsCertificate },
        });
        lds.Start(Loopback);
        Assert.Same(ldsCertificate, lds.Server.Options.Certificate);
        source.AddRange(events);

        using var client = new FeedClient(ClientOptions(lds.Server, "dcu") with { ResumeFrom = 0, Tls = TestCertificates.Trusting(Ca, serverName: "localhost") });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var read = new List<string>();
        await foreach (var e in client.ReadAllAsync(cts.Token))
        {
            read.Add(Encoded(e));
            if (read.Count == events.Count) break;
        }
        Assert.Equal(events.Select(Encoded), read);
    }

    [Fact]
    public async Task A_self_signed_server_certificate_can_itself_be_the_trusted_root()
    {
        using var key = ECDsa.Create();
        var request = new CertificateRequest("CN=self-signed-feed", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var selfSigned = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var source = new ManualEventSource();
        await using var server = new FeedServer(source, new FeedServerOptions { Certificate = selfSigned });
        server.Start(Loopback);
        source.AddRange(SimEvents.Take(5));
        using var publicPart = X509CertificateLoader.LoadCertificate(selfSigned.RawData);
        using var client = new FeedClient(ClientOptions(server) with { ResumeFrom = 0, Tls = new FeedClientTlsOptions { TrustedCertificates = [publicPart] } });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var read = new List<string>();
        await foreach (var e in client.ReadAllAsync(cts.Token))
        {
            read.Add(Encoded(e));
            if (read.Count == 5) break;
        }
        Assert.Equal(SimEvents.Take(5).Select(Encoded), read);
    }

    [Fact]
    public void Tls_options_are_validated_with_messages_that_say_what_to_set()
    {
        using var withoutKey = X509CertificateLoader.LoadCertificate(ServerCertificate.RawData);
        var ex = Assert.Throws<ArgumentException>(() => new FeedServer(new ManualEventSource(), new FeedServerOptions { Certificate = withoutKey }));
        Assert.Contains("FeedServerOptions.Certificate", ex.Message);
        Assert.Contains("no private key", ex.Message);

        using var expired = TestCertificates.IssueServer(Ca, notAfter: DateTimeOffset.UtcNow.AddHours(-1));
        ex = Assert.Throws<ArgumentException>(() => OptionsValidation.ThrowIfInvalid(new FeedServerOptions { Certificate = expired }.Validate(), "options"));
        Assert.Contains("expired", ex.Message);

        ex = Assert.Throws<ArgumentException>(() => new FeedClient(new FeedClientOptions { Port = 1, Tls = new FeedClientTlsOptions { ServerName = " " } }));
        Assert.Contains("Tls.ServerName", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => OptionsValidation.ThrowIfInvalid(new FeedClientOptions { Port = 1, Tls = new FeedClientTlsOptions { TrustedCertificates = null! } }.Validate(), "options"));
        Assert.Contains("Tls.TrustedCertificates", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => OptionsValidation.ThrowIfInvalid(new LdsOptions { Upstream = new FeedClientOptions { Port = 1 }, Server = new FeedServerOptions { Certificate = withoutKey } }.Validate(), "options"));
        Assert.Contains("no private key", ex.Message);
    }

    [Fact]
    public void Certificates_load_from_pem_and_pfx_files_and_a_bad_file_is_named()
    {
        var dir = Directory.CreateTempSubdirectory("feed-tls-");
        try
        {
            string Write(string name, string text)
            {
                var path = Path.Combine(dir.FullName, name);
                File.WriteAllText(path, text);
                return path;
            }

            var cert = Write("server.pem", ServerCertificate.ExportCertificatePem());
            var key = Write("server.key", ServerCertificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
            var both = Write("both.pem", File.ReadAllText(cert) + "\n" + File.ReadAllText(key));
            var pfx = Path.Combine(dir.FullName, "server.pfx");
            File.WriteAllBytes(pfx, ServerCertificate.Export(X509ContentType.Pkcs12, "pfx-password"));
            foreach (var loaded in new[]
                     {
                         FeedCertificates.LoadServerCertificate(cert, key), FeedCertificates.LoadServerCertificate(both),
                         FeedCertificates.LoadServerCertificate(pfx, password: "pfx-password"),
                     })
            {
                using (loaded)
                {
                    Assert.Equal(ServerCertificate.Thumbprint, loaded.Thumbprint);
                    Assert.True(loaded.HasPrivateKey);
                }
            }

            var bundle = Write("bundle.pem", Ca.ExportCertificatePem() + "\n" + ServerCertificate.ExportCertificatePem());
            Assert.Equal([Ca.Thumbprint, ServerCertificate.Thumbprint], FeedCertificates.LoadTrustedCertificates(bundle).Select(c => c.Thumbprint));
            var der = Path.Combine(dir.FullName, "ca.der");
            File.WriteAllBytes(der, Ca.RawData);
            Assert.Equal(Ca.Thumbprint, Assert.Single(FeedCertificates.LoadTrustedCertificates(der)).Thumbprint);

            var missing = Path.Combine(dir.FullName, "missing.pem");
            Assert.Contains(missing, Assert.Throws<ArgumentException>(() => FeedCertificates.LoadServerCertificate(missing, key)).Message);
            Assert.Contains(cert, Assert.Throws<ArgumentException>(() => FeedCertificates.LoadServerCertificate(cert)).Message);
            var notPem = Write("not-a-cert.pem", "-----BEGIN NOTHING-----\nAAAA\n-----END NOTHING-----\n");
            Assert.Contains(notPem, Assert.Throws<ArgumentException>(() => FeedCertificates.LoadTrustedCertificates(notPem)).Message);
            var wrong = Assert.Throws<ArgumentException>(() => FeedCertificates.LoadServerCertificate(pfx, password: "wrong-password"));
            Assert.Contains(pfx, wrong.Message);
            Assert.DoesNotContain("wrong-password", wrong.Message);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
