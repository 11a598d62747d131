using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pulse.Sdk.Authentication;
using Pulse.Sdk.Authentication.Issuing;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Metadata;

namespace Pulse.Benchmarks.Live;

/// <summary>
/// One run of the latency harness, the real pipeline in one process: the generator → the DCU (real engine, the standard
/// catalogue opened on every queue, the given flush interval) → <c>InProcessStatisticValueSource</c> → <c>LiveHub</c> →
/// Kestrel on 127.0.0.1 → <see cref="LatencySettings.Clients"/> <see cref="LatencyClient"/>s. Authentication is the real
/// Pulse JWT scheme with tokens of the in-process authentication role; permissions are computed from the configuration.
/// </summary>
public static class LatencyRun
{
    public static async Task<LatencyResult> RunAsync(LatencySettings settings, TimeSpan flushInterval, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);
        var workload = new LatencyWorkload(settings);
        var ledger = new MarkerLedger(settings.MarkerCapacity, settings.Clients);
        var generator = new PacedEventSource(workload, ledger);

        // No configuration files are read, so none is watched (a watcher on the working folder is noise).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // The viewer logs in as a person would: its token carries the credential stamp every Pulse request checks.
        const string password = "latency-viewer";
        builder.Services.AddPulseAuthService(o => o.Users.Add(new AuthUser
        {
            UserName = LatencyWorkload.Viewer, Tenant = LatencyWorkload.Tenant, PasswordHash = PasswordHasher.Hash(password),
        }));
        builder.Services.AddPulseAuthentication();
        builder.Services.AddPulse(o => o.FlushInterval = flushInterval)
            .AddConfiguration(workload.Configuration)
            .AddEventSource(generator)
            .AddPermissions()
            .AddPulseService(o =>
            {
                o.MaxPushRatePerSecond = settings.MaxRate;
                o.DefaultPushRatePerSecond = Math.Min(o.DefaultPushRatePerSecond, settings.MaxRate);
            });
        await using var app = builder.Build();
        app.UseWebSockets();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapPulseApi();
        await app.StartAsync().ConfigureAwait(false);

        var layouts = await workload.SaveLayoutsAsync(app.Services.GetRequiredService<IMetadataStore>()).ConfigureAwait(false);
        var token = (await app.Services.GetRequiredService<ITokenService>().RequestTokenAsync(LatencyWorkload.Viewer, password).ConfigureAwait(false))?.AccessToken
            ?? throw new InvalidOperationException("the in-process authentication role refused the latency viewer's login");
        var live = new Uri(new Uri(app.Urls.First()), "/api/live");
        live = new UriBuilder(live) { Scheme = "ws" }.Uri;

        var clients = new LatencyClient[settings.Clients];
        var connecting = Stopwatch.StartNew();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            await Parallel.ForAsync(0, clients.Length, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = timeout.Token }, async (i, ct) =>
                clients[i] = await LatencyClient.ConnectAsync(i, live, token, layouts[i % layouts.Length], settings.MaxRate, ledger, ct).ConfigureAwait(false)).ConfigureAwait(false);
        }
        var opened = await app.Services.GetRequiredService<DataCollectionUnit>().OpenedCountAsync(LatencyWorkload.Tenant).ConfigureAwait(false);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {opened:N0} statistics open; {clients.Length:N0} clients subscribed in {connecting.Elapsed.TotalSeconds:0.0} s; warming up {settings.Warmup.TotalSeconds:0} s"));

        try
        {
            generator.Start();
            await Task.Delay(settings.Warmup).ConfigureAwait(false);
            var start = Window.Read(ledger, generator, clients);
            await Task.Delay(settings.Duration).ConfigureAwait(false);
            var end = Window.Read(ledger, generator, clients);
            generator.Stop();

            // Every client should come to hold the last marker within a few flushes; give it ample time before counting misses.
            var deadline = Stopwatch.StartNew();
            var patience = TimeSpan.FromSeconds(5) + flushInterval * 20;
            while (deadline.Elapsed < patience && Enumerable.Range(0, clients.Length).Any(c => ledger.Held(c) < end.Markers))
                await Task.Delay(10).ConfigureAwait(false);

            if (clients.FirstOrDefault(c => c.Failure is not null) is { } failed) throw new InvalidOperationException("a client failed", failed.Failure);
            var samples = ledger.Collect(start.Markers, end.Markers);
            var latencies = new LatencyDistribution(samples.LatenciesMs);
            var counters = await app.Services.GetRequiredService<DataCollectionUnit>().CountersAsync().ConfigureAwait(false);
            var seconds = (end.Timestamp - start.Timestamp) / (double)Stopwatch.Frequency;
            return new LatencyResult(
                flushInterval, clients.Length, latencies.Count, latencies.Percentile(50), latencies.Percentile(90), latencies.Percentile(99), latencies.Max,
                samples.Missed, samples.Superseded, clients.Sum(c => c.SeqGaps),
                (end.Events - start.Events) / seconds, (end.Messages - start.Messages) / seconds, (end.Bytes - start.Bytes) / seconds / 1e6,
                (end.Cpu - start.Cpu).TotalSeconds / seconds, (end.Cpu - start.Cpu).TotalMicroseconds / Math.Max(1, end.Messages - start.Messages),
                (end.Allocated - start.Allocated) / 1e3 / Math.Max(1, end.Messages - start.Messages),
                (end.GcPause - start.GcPause).TotalMilliseconds, end.Gen2 - start.Gen2,
                Topology.Machine.LoadAverage(), counters.Duplicates + counters.OutOfOrder + counters.UnknownTenant + counters.UnknownObject + counters.Invalid);
        }
        finally
        {
            generator.Stop();
            await Parallel.ForEachAsync(clients.Where(c => c is not null), async (c, _) => await c.DisposeAsync().ConfigureAwait(false)).ConfigureAwait(false);
            await app.StopAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Counters read at the start and at the end of the measured window.</summary>
    private readonly record struct Window(long Timestamp, int Markers, long Events, long Messages, long Bytes, TimeSpan Cpu, long Allocated, TimeSpan GcPause, int Gen2)
    {
        public static Window Read(MarkerLedger ledger, PacedEventSource generator, LatencyClient[] clients)
        {
            using var process = Process.GetCurrentProcess();
            return new Window(Stopwatch.GetTimestamp(), ledger.Count, generator.Emitted, clients.Sum(c => c.Messages), clients.Sum(c => c.Bytes),
                process.TotalProcessorTime, GC.GetTotalAllocatedBytes(), GC.GetTotalPauseDuration(), GC.CollectionCount(2));
        }
    }
}
