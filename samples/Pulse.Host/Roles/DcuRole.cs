using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pulse.Sdk.Events;
using Pulse.Sdk.Feed;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Redis;
using Pulse.Sdk.Redis.Partitions;

namespace Pulse.Host.Roles;

/// <summary>
/// The Data Collection Unit through the SDK's own <c>services.AddPulse(...)</c>: one <see cref="FeedClient"/> per stream
/// (from offset 0, or after the checkpointed offset when a checkpoint is restored), the standard catalogue (plus the
/// statistics of the active layouts with <c>--postgres</c>), values, history and checkpoints in Redis.
/// </summary>
internal static class DcuRole
{
    private static readonly (string Option, EventSourceKind Kind, string Default, string? ListenOption)[] Streams =
    [
        ("--voice", EventSourceKind.Voice, "127.0.0.1:8100", null),
        ("--voice-vq", EventSourceKind.VoiceVq, "127.0.0.1:8101", null),
        ("--ixn", EventSourceKind.Ixn, "127.0.0.1:7120", "--ixn-listen"),
        ("--ixn-vq", EventSourceKind.IxnVq, "127.0.0.1:7122", "--ixn-vq-listen"),
    ];

    public static async Task<int> RunAsync(HostSettings settings, HostConsole console, CancellationToken cancellationToken)
    {
        var redis = settings.Require("--redis");
        var postgres = settings.Get("--postgres");
        var partitions = settings.Int("--partitions", 1, 1, 256);
        var clock = settings.Get("--clock") switch
        {
            null or "wall" => PulseClock.Wall,
            "events" => PulseClock.Events,
            var other => throw new UsageException($"--clock: '{other}' is not wall or events"),
        };
        var reorder = settings.Milliseconds("--reorder-window", TimeSpan.FromMilliseconds(250));
        var checkpoint = settings.Milliseconds("--checkpoint-interval", TimeSpan.FromSeconds(1));
        var staleAfter = settings.Milliseconds("--stale-after", TimeSpan.FromSeconds(5));
        var feedSecret = settings.Get("--feed-secret");
        var feedTls = FeedTlsSettings.ClientTls(settings);
        var refresh = settings.Milliseconds("--refresh-interval", TimeSpan.Zero);
        // One interval for both: the engine's flush to the Redis writer, and the writer's to Redis.
        var flush = settings.Milliseconds("--flush-interval", TimeSpan.FromMilliseconds(100));
        var streams = Streams.Select(s => (s.Kind, Endpoint: settings.Endpoint(s.Option, s.Default), Listen: ListenEndPoint(settings, s.ListenOption))).ToList();
        var configuration = await RoleConfiguration.LoadAsync(settings, cancellationToken).ConfigureAwait(false);
        // The configuration service's client follows its changes until the role ends; then it is disposed.
        await using var owned = configuration as IAsyncDisposable;

        // Split by object over several processes: this one's partitions are known (their leases held) before the unit is built.
        await using var membershipConnection = settings.Get("--object-partitions") is null ? null
            : await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(new RedisStatisticStoreOptions().CreateConfiguration(redis)).ConfigureAwait(false);
        var membership = membershipConnection is null ? null : await JoinAsync(settings, membershipConnection, console, cancellationToken).ConfigureAwait(false);

        var builder = RoleHost.CreateBuilder("dcu", settings.Bind(), settings.Port("--metrics-port", 9091));
        var pulse = builder.Services.AddPulse(o =>
            {
                o.Partitions = partitions;
                o.Clock = clock;
                o.ReorderWindow = reorder;
                o.CheckpointInterval = checkpoint;
                o.StaleAfter = staleAfter;
                o.RefreshInterval = refresh;
                o.FlushInterval = flush;
            })
            .AddConfiguration(configuration)
            .AddRedisStatisticStore(redis, o => o.FlushInterval = flush);
        if (membership is not null) pulse.AddRedisPartitionMembership(membership);
        // Split by whole tenants, each feed carries only this process's tenants (the tenants filter of docs/protocol.md). A tenant
        // added to the configuration later is read once the process restarts.
        IReadOnlyList<string> tenants = membership is { WholeTenants: true }
            ? [.. configuration.Current.Tenants.Select(t => t.Id).Where(membership.Partitioning.OwnsTenant)]
            : [];
        if (membership is { WholeTenants: true }) console.Out.WriteLine($"dcu: reads the tenants {(tenants.Count == 0 ? "(none of the configuration's)" : string.Join(", ", tenants))}");
        foreach (var (kind, (host, port), listen) in streams)
            pulse.AddEventSource(sp => new FeedClient(new FeedClientOptions
            {
                // Listening, the stream's HOST is only the name the pushing server's TLS certificate must carry.
                Host = host, Port = listen is null ? port : 0, Listen = listen, ClientId = membership is null ? "dcu" : membership.Holder, Name = $"dcu<-{kind}",
                ResumeFrom = 0, MaxBackoff = RoleHost.FeedReconnectCap, Sources = [kind], Tenants = tenants, Secret = feedSecret, Tls = listen is not null && feedTls is not null ? feedTls with { ServerName = host } : feedTls,
            }, sp.GetRequiredService<ILogger<FeedClient>>()));
        if (postgres is not null)
            pulse.AddPostgresMetadata(postgres).AddLayoutDrivenStatistics([.. configuration.Current.Tenants.Select(t => t.Id)]);

        var app = builder.Build();
        RoleHost.MapHealthAndMetrics(app, "dcu");
        return await RoleHost.RunAsync(app, "dcu", console, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<PartitionMembership> JoinAsync(HostSettings settings, StackExchange.Redis.IConnectionMultiplexer redis, HostConsole console, CancellationToken cancellationToken)
    {
        if (settings.Int("--partitions", 1) != 1) throw new UsageException("--partitions and --object-partitions: split by tenant or by object, not both");
        var count = settings.Int("--object-partitions", 1, 1, ObjectPartitioning.MaxCount);
        var ordinal = settings.Get("--ordinal") is null ? OrdinalFromHostName() : settings.Int("--ordinal", 0, 0, count - 1);
        if (ordinal >= count) throw new UsageException($"--ordinal: {ordinal} (from the host name '{Environment.MachineName}') leaves this process no partition of {count}; give at most {count - 1}");
        // A process numbered past --replicas was added (kubectl scale): the number of processes is at least its own.
        var replicas = Math.Max(settings.Int("--replicas", 1, 1, count), ordinal + 1);
        var leases = new RedisPartitionLeases(redis);
        var wholeTenants = settings.Get("--split") switch
        {
            null or "objects" => false,
            "tenants" => true,
            var other => throw new UsageException($"--split: '{other}' is not objects or tenants"),
        };
        var membership = await PartitionMembership.JoinAsync(leases, ordinal, replicas, count, m => console.Out.WriteLine("dcu: " + m), cancellationToken: cancellationToken)
            .ConfigureAwait(false) with { WholeTenants = wholeTenants };
        console.Out.WriteLine($"dcu: process {ordinal} of {membership.Replicas} runs partitions {string.Join(", ", membership.Owned)} of {count}");
        return membership;
    }

    /// <summary>
    /// <c>--ixn-listen PORT</c> (or <c>--ixn-vq-listen</c>): where the stream's client listens, on <c>--bind</c>, for the
    /// server to push (docs/protocol.md, "Push direction (the upstream connects)"); null (dial) when not given.
    /// </summary>
    /// <exception cref="UsageException">The port is not 1 to 65535.</exception>
    private static System.Net.IPEndPoint? ListenEndPoint(HostSettings settings, string? option)
    {
        if (option is null || settings.Get(option) is null) return null;
        var port = settings.Port(option, 0);
        if (port == 0) throw new UsageException($"{option}: give the port the server pushes to, 1 to 65535 (the seed's 2060)");
        return new System.Net.IPEndPoint(settings.Bind(), port);
    }

    /// <summary>A StatefulSet pod is named <c>NAME-K</c>: K is its ordinal.</summary>
    private static int OrdinalFromHostName()
    {
        var name = Environment.MachineName;
        var dash = name.LastIndexOf('-');
        return dash >= 0 && int.TryParse(name.AsSpan(dash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var k)
            ? k : throw new UsageException($"--ordinal: the host name '{name}' does not end in -K; give --ordinal");
    }
}
