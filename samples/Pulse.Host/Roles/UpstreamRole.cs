using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pulse.Sdk.Events;
using Pulse.Sdk.Feed;
using Pulse.Sdk.Simulation;
using Pulse.Sdk.Sources;

namespace Pulse.Host.Roles;

/// <summary>
/// One upstream service of the topology: its command, the stream it serves and its default ports, and whether it may
/// also push its feed to receivers that listen (<c>--push-to</c>; docs/protocol.md, "Push direction (the upstream connects)").
/// </summary>
internal sealed record UpstreamService(string Command, EventSourceKind Kind, string Name, int Port, int MetricsPort, string Description, bool Pushes = false)
{
    /// <summary>The four upstream services (ports of the seed; metrics ports of this host).</summary>
    public static readonly UpstreamService[] All =
    [
        new("voice-sip", EventSourceKind.Voice, "voice-sip-service", 8000, 9100, "the Voice SIP Service: serves the voice events"),
        new("voice-sip-vq", EventSourceKind.VoiceVq, "voice-sip-vq-service", 8001, 9101, "the Voice SIP VQ Service: serves the voice-vq events"),
        new("ixn", EventSourceKind.Ixn, "interaction-server", 7120, 9120, "the Interaction Server: serves the ixn events", Pushes: true),
        new("ixn-vq", EventSourceKind.IxnVq, "interaction-vq-server", 7122, 9122, "the Interaction VQ Server: serves the ixn-vq events", Pushes: true),
    ];
}

/// <summary>
/// An upstream service: the events of one <see cref="EventSourceKind"/>, from the demo simulator or a recorded file,
/// served over the feed protocol by a <see cref="FeedServer"/>. Every process runs its own copy of the simulator on a
/// clock anchored at <c>--start</c> (<see cref="ScaledTimeProvider.AnchoredAt"/>), so the four services emit each
/// event at the same wall instant whenever each was started, and the stream id is derived from what is served, so a
/// restarted server numbers the same events with the same offsets.
/// </summary>
internal static class UpstreamRole
{
    public static readonly string[] SimulatorOptionNames = ["--seed", "--start", "--speed", "--until"];

    public static async Task<int> RunAsync(UpstreamService service, HostSettings settings, HostConsole console, CancellationToken cancellationToken)
    {
        var bind = settings.Bind();
        var port = settings.Port("--port", service.Port);
        var metricsPort = settings.Port("--metrics-port", service.MetricsPort);
        var (source, identity) = CreateSource(service, settings, console);
        var streamId = StreamIdOf(identity);

        var options = FeedServerService.Options(settings, service.Name, streamId);
        if (service.Pushes) options = WithPushTargets(options, settings);

        var builder = RoleHost.CreateBuilder(service.Command, bind, metricsPort);
        builder.Services.AddSingleton(sp => new FeedServer(source, options, sp.GetRequiredService<ILogger<FeedServer>>()));
        builder.Services.AddHostedService(sp => new FeedServerService(sp.GetRequiredService<FeedServer>(), null,
            new System.Net.IPEndPoint(bind, port), sp.GetRequiredService<ILogger<FeedServerService>>()));
        var app = builder.Build();
        RoleHost.MapHealthAndMetrics(app, service.Command);
        RoleLog.UpstreamServing(app.Logger, service.Command, identity);
        return await RoleHost.RunAsync(app, service.Command, console, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>--push-to HOST:PORT</c> (repeated, or comma-separated): receivers the server dials and pushes to, besides
    /// serving its port (docs/protocol.md, "Push direction (the upstream connects)").
    /// </summary>
    /// <exception cref="UsageException">An endpoint is not HOST:PORT, or is given twice.</exception>
    private static FeedServerOptions WithPushTargets(FeedServerOptions options, HostSettings settings)
    {
        var pushing = options with { PushTo = [.. settings.Endpoints("--push-to").Select(e => new DnsEndPoint(e.Host, e.Port))] };
        // The host names its own flag, then quotes the options' messages as they are.
        if (pushing.Validate() is { Count: > 0 } errors) throw new UsageException($"--push-to: {string.Join("; ", errors)}");

        return pushing;
    }

    /// <summary>The source of the service's events and a text that identifies it (the stream id is its hash).</summary>
    public static (IEventSource Source, string Identity) CreateSource(UpstreamService service, HostSettings settings, HostConsole console)
    {
        if (settings.Get("--events") is { } file)
        {
            var given = SimulatorOptionNames.Where(o => settings.Get(o) is not null).ToList();
            if (given.Count > 0)
                throw new UsageException($"{service.Command}: --events serves a recorded file; {string.Join(", ", given)} set the simulator: give one or the other");
            var path = Path.GetFullPath(file);
            var events = new JsonLinesEventSource(path, new JsonLinesSourceOptions { OnRejected = e => console.Error.WriteLine(e.Message) });
            return (new KindFilter(events, service.Kind), $"{service.Kind} events of {path}");
        }

        var seed = settings.Int("--seed", 1);
        var speed = SpeedOf(settings);
        var now = TimeProvider.System.GetUtcNow();
        var start = settings.Instant("--start") ?? new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
        var until = settings.Instant("--until");
        if (until <= start) throw new UsageException($"--until: {until:O} is not after --start {start:O}");
        var simulator = new ContactCenterSimulator(SimulatorOptions.Demo with { Start = start, Seed = seed });
        var clock = ScaledTimeProvider.AnchoredAt(TimeProvider.System, start, speed);
        // Paced over every event, then filtered: a kind the simulator never produces (ixn-vq) must not spin the generator.
        var paced = new PacedEventSource("simulator", simulator.Generate(), clock) { Until = until };
        var identity = string.Create(CultureInfo.InvariantCulture,
            $"{service.Kind} events of the demo simulator, seed {seed}, start {start:O}, speed {speed:R}{(until is { } u ? $", until {u:O}" : "")}");
        return (new KindFilter(paced, service.Kind), identity);
    }

    /// <summary>A stable stream id for what a server serves: the first 16 hex digits of its SHA-256.</summary>
    public static string StreamIdOf(string identity) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..16];

    private static double SpeedOf(HostSettings settings)
    {
        if (settings.Get("--speed") is null) return 1;
        // The same checks as the live mode's --speed.
        return CommandLine.ParseLive(new Dictionary<string, string> { ["--speed"] = settings.Get("--speed")! }).Speed;
    }

    /// <summary>The events of one kind of a source.</summary>
    private sealed class KindFilter(IEventSource source, EventSourceKind kind) : IEventSource
    {
        public string Name => source.Name + "/" + kind;

        public async IAsyncEnumerable<PulseEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var e in source.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                if (e.Source == kind) yield return e;
        }
    }
}
