using System.CommandLine;
using Pulse.Host.Roles;

namespace Pulse.Host;

/// <summary>One option of a command: its name, the name of its value in the help, and its help text.</summary>
internal sealed record HostOption(string Name, string HelpName, string Description, bool Repeatable = false);

/// <summary>A command of the host: its options, and what runs it with its settings.</summary>
internal sealed record HostCommand(string Name, string Description, HostOption[] Options, Func<HostSettings, HostConsole, CancellationToken, Task<int>> Run,
    string[]? Aliases = null);

/// <summary>
/// The host's commands and options, parsed by System.CommandLine. Options are read as text and checked by the
/// command (<see cref="HostSettings"/>), because the same setting may come from appsettings.json or the environment.
/// </summary>
internal static class HostCli
{
    private static HostOption Config => new("--config", "FILE", "configuration file (docs/configuration.md); default: the demo simulator's, with the demo users");
    private static HostOption SiteSeed => new("--seed", "N", "without --config: the demo site of this simulator seed (which agents are in which group depends on it; default 1)");
    private static HostOption RingCapacity => new("--ring-capacity", "N", "events held for clients that resume (a power of two, default 65536)");
    private static HostOption Bind => new("--bind", "ADDRESS", "address to listen on (default 127.0.0.1; 0.0.0.0 = every interface)");
    private static HostOption Port(int port, string what = "") => new("--port", "PORT", $"{what}port (default {port}; 0 = a free port)");
    private static HostOption MetricsPort(int port) => new("--metrics-port", "PORT", $"GET /metrics (Prometheus) and GET /health on this port (default {port})");
    private static HostOption Redis(bool required) => new("--redis", "CONFIGURATION", $"Redis (StackExchange.Redis configuration, e.g. 127.0.0.1:6380){(required ? "; required" : "")}");
    private static HostOption FeedSecret(string who) => new("--feed-secret", "SECRET",
        $"the feed ports' subscriber secret {who} (16 characters or more; best as the environment variable Pulse__FeedSecret; default: none)");
    private static HostOption ForwarderSecret(string who) => new("--forwarder-secret", "SECRET",
        $"the secret {who} (16 characters or more; best as the environment variable Pulse__ForwarderSecret; default: none)");
    private static HostOption FeedTlsCert => new("--feed-tls-cert", "FILE",
        "TLS on the feed port: the server's certificate, PEM (with its key, or see --feed-tls-key); default: plain TCP");
    private static HostOption FeedTlsKey => new("--feed-tls-key", "FILE", "the PEM private key of --feed-tls-cert, when not in that file");
    private static HostOption FeedTlsCa(string servers) => new("--feed-tls-ca", "FILE|system",
        $"connect to {servers} with TLS, trusting this PEM CA (or self-signed) certificate, or 'system' for the system's store; default: plain TCP");
    private static HostOption ConfigReadSecret(string who) => new("--config-read-secret", "SECRET",
        $"the configuration service's read secret {who} (16 characters or more; best as the environment variable Pulse__ConfigReadSecret; default: none)");

    /// <summary>Where a role's configuration comes from, in place of <c>--config FILE</c>: the configuration service.</summary>
    private static readonly HostOption[] ConfigService =
    [
        new("--config-url", "URL", "the configuration service (the config role), e.g. http://127.0.0.1:8888, in place of --config: followed while the role runs"),
        ConfigReadSecret("it sends"),
        new("--config-cache", "FILE", "with --config-url: a copy of each configuration version, used at start when the service cannot be reached (default: none)"),
    ];
    private static HostOption Postgres(string use) => new("--postgres", "CONNECTION", $"PostgreSQL (Npgsql connection string){use}");

    private static readonly HostOption[] LiveOptions =
    [
        new("--speed", "N", "simulated time runs N times faster than real time (default 1)"),
        new("--seed", "N", "random seed of the simulator (default 1)"),
        new("--duration", "SECONDS", "stop after SECONDS of real time (default: until Ctrl+C)"),
        new("--http-port", "P|off", "the wallboard, REST API and live push on http://localhost:P (default 8080; 0 = a free port; off = none)"),
        new("--start", "TIME", "the simulated day's start, ISO 8601, on a clock anchored there as the upstream services' (default: now)"),
        new("--until", "TIME", "stop producing events at this simulated instant and keep serving"),
        new("--clock", "wall|events", "the engine's clock: the (scaled) wall clock, or the events' own time as replay (default wall)"),
    ];

    private static HostOption[] UpstreamOptions(UpstreamService s) =>
    [
        new("--seed", "N", "seed of the demo simulator (default 1)"),
        new("--start", "TIME", "the simulator's start, ISO 8601 (default: now, to the minute); give every service the same"),
        new("--speed", "N", "simulated time = start + (wall time - start) x N (default 1)"),
        new("--until", "TIME", "stop producing events at this simulated instant (keep serving)"),
        new("--events", "FILE", "serve this kind's events of a recorded JSON-lines file instead of the simulator"),
        RingCapacity, FeedSecret("that subscribers must send"), FeedTlsCert, FeedTlsKey, Bind, Port(s.Port, "feed protocol "), MetricsPort(s.MetricsPort),
        .. s.Pushes
            ? [new HostOption("--push-to", "HOST:PORT", "also dial this receiver and push the feed to it, redialling while it is away (a DCU listening with --ixn-listen or --ixn-vq-listen; the seed's tcp 2060); repeat or comma-separate for several (default: none)", Repeatable: true)]
            : Array.Empty<HostOption>(),
    ];

    /// <summary>Every command, <c>all</c> first (the default).</summary>
    public static IReadOnlyList<HostCommand> Commands { get; } =
    [
        new("all", "Everything in one process (the default): the demo simulator into a Data Collection Unit, a live table of KPIs, and the web application on localhost:8080. No server needed.",
            LiveOptions, (s, c, t) => new LiveCommand(c).RunAsync(CommandLine.ParseLive(s.ToDictionary(CommandLine.LiveNames)), t), ["live"]),
        .. UpstreamService.All.Select(u => new HostCommand(u.Command, $"{char.ToUpperInvariant(u.Description[0])}{u.Description[1..]} over the feed protocol (port {u.Port}).",
            UpstreamOptions(u), (s, c, t) => UpstreamRole.RunAsync(u, s, c, t))),
        new("lds", "The LDS: one subscription to the Voice SIP Service, re-broadcast over the feed protocol (port 8100).",
            [new("--upstream", "HOST:PORT", "the sender (default 127.0.0.1:8000)"), RingCapacity, FeedSecret("that subscribers must send, and it sends upstream"),
             FeedTlsCert, FeedTlsKey, FeedTlsCa("the sender"), Bind, Port(8100), MetricsPort(9091)], (s, c, t) => LdsRole.RunAsync("lds", s, c, t)),
        new("lds-vq", "The LDS-VQ: the same for the Voice SIP VQ Service (port 8101).",
            [new("--upstream", "HOST:PORT", "the sender (default 127.0.0.1:8001)"), RingCapacity, FeedSecret("that subscribers must send, and it sends upstream"),
             FeedTlsCert, FeedTlsKey, FeedTlsCa("the sender"), Bind, Port(8101), MetricsPort(9092)], (s, c, t) => LdsRole.RunAsync("lds-vq", s, c, t)),
        new("hep", "HEP v3 capture (UDP and TCP 9060): SIP dialogs into voice events, served over the feed protocol (port 8000, in place of voice-sip).",
            [Config, SiteSeed, .. ConfigService, new("--tenant", "TENANT", "the tenant of the captured DNs (default: the configuration's first)"), new("--hep-port", "PORT", "HEP listeners, UDP and TCP (default 9060)"),
             new("--hep-auth-key", "KEY", "accept only HEP packets with this auth key"), RingCapacity, FeedSecret("that subscribers must send"), FeedTlsCert, FeedTlsKey,
             Bind, Port(8000, "feed protocol "), MetricsPort(9160)],
            (s, c, t) => HepRole.RunAsync(s, c, t)),
        new("auth", "The authentication role: POST /auth/token and its JWKS, for the demo logins (port 8095).",
            [Config, SiteSeed, .. ConfigService, new("--signing-key", "FILE", "RSA private key (PEM) that signs the tokens; written with a new key when absent (default: a new key in memory at each start)"),
             new("--previous-signing-key", "FILE", "the key signed with before a rotation: published in the JWKS so that its tokens stay valid"),
             new("--logins", "FILE", "the logins, a JSON array of {\"userName\",\"tenant\",\"passwordHash\"} (required unless the role listens on loopback, where the demo's are used: every user of the first tenant, password 'pulse')"),
             ForwarderSecret("of the pulse replicas: logins they forward with it are exempt from the per-address limit (they limit their clients)"), Bind, Port(8095)],
            (s, c, t) => AuthRole.RunAsync(s, c, t)),
        new("dcu", "The Data Collection Unit: subscribes to the four streams, computes statistics, writes them to Redis (values, history, checkpoints).",
            [Config, SiteSeed, .. ConfigService,
             new("--voice", "HOST:PORT", "voice stream (default 127.0.0.1:8100, the LDS)"), new("--voice-vq", "HOST:PORT", "voice-vq stream (default 127.0.0.1:8101, the LDS-VQ)"),
             new("--ixn", "HOST:PORT", "ixn stream (default 127.0.0.1:7120)"), new("--ixn-vq", "HOST:PORT", "ixn-vq stream (default 127.0.0.1:7122)"),
             new("--ixn-listen", "PORT", "listen on --bind:PORT for the Interaction Server to push the ixn stream (its --push-to; the seed's tcp 2060) instead of dialling --ixn, whose HOST is then only the name its TLS certificate must carry"),
             new("--ixn-vq-listen", "PORT", "the same for the ixn-vq stream (the Interaction VQ Server's --push-to) instead of dialling --ixn-vq"),
             Redis(required: true), Postgres("; optional: also open the statistics of the active layouts"),
             new("--partitions", "N", "engine partitions in this process, tenants split by a stable hash (default 1)"), new("--clock", "wall|events", "the engines' clock (default wall)"),
             new("--object-partitions", "N", "split the statistics by object into N partitions shared by several DCU processes (docs/architecture.md, \"DCU partitions\"); fixed for a deployment, at least the most processes you will run"),
             new("--split", "objects|tenants", "with --object-partitions: spread each tenant's objects over every partition (objects, default: every process reads every tenant's streams) or keep each tenant whole in one partition (tenants: each process reads only its tenants' streams)"),
             new("--replicas", "N", "with --object-partitions: how many DCU processes share the partitions (default 1; a process whose ordinal is past it counts itself in); a process that raises it makes the others hand partitions over"),
             new("--ordinal", "K", "with --object-partitions: this process's number, 0 to replicas - 1 (default: the number at the end of the host name, as a StatefulSet pod's dcu-2)"),
             new("--reorder-window", "MS", "the most one stream may lag another and still be applied in time order; 0 = apply on arrival (default 250)"),
             new("--checkpoint-interval", "MS", "how often checkpoints are saved to Redis (default 1000)"),
             new("--stale-after", "MS", "how long a stream may stay disconnected before its statistics are marked stale (N/A) (default 5000)"),
             new("--refresh-interval", "MS", "how often values that move with time alone (longest wait, state durations) are re-sent, each time evaluating every open statistic; 0 = only when events touch them (default 0)"),
             new("--flush-interval", "MS", "how often changed values are written to Redis (default 100)"),
             FeedSecret("it sends to the four streams' servers"), FeedTlsCa("the four streams' servers"), Bind, MetricsPort(9091)],
            (s, c, t) => DcuRole.RunAsync(s, c, t)),
        new("pulse", "A Pulse web replica without an engine: REST API, live push and wallboard over Redis values, PostgreSQL metadata and Redis permissions (port 8080).",
            [Config, SiteSeed, .. ConfigService, Redis(required: true), Postgres("; required"), new("--auth-url", "URL", "the authentication role (default http://127.0.0.1:8095)"),
             new("--max-push-rate", "N", "the most live messages a second per subscription, 1 to 1000 (default 10)"),
             ForwarderSecret("it sends with the logins it forwards to the auth role (the auth role's --forwarder-secret)"),
             new("--trusted-proxy", "NETWORK", "a proxy allowed to set X-Forwarded-For/-Proto/-Host besides loopback, an address or network such as 10.0.0.0/8 (repeat for each; default: loopback only)", Repeatable: true),
             Bind, Port(8080), MetricsPort(8090)],
            (s, c, t) => PulseRole.RunAsync(s, c, t)),
        new("permissions", "The permissions role: writes every user's privileges and object access, from the configuration and the access assigned in Pulse (PostgreSQL), to Redis.",
            [Config, SiteSeed, .. ConfigService, Redis(required: true), Postgres("; required"), Bind, MetricsPort(9093)], (s, c, t) => PermissionsCommand.RunAsync(s, c, t)),
        new("config", "The configuration service: the configuration in PostgreSQL, versioned, read (long polls for changes) and changed over HTTP (port 8888; /health and /metrics too).",
            [Postgres("; required"), new("--import", "FILE", "import this configuration file (docs/configuration.md) as a new version at start, unless it is the newest already"),
             new("--seed", "N", "seed an empty store with the demo site of this simulator seed (with the demo users)"),
             new("--seed-file", "FILE", "seed an empty store with this configuration file (docs/configuration.md); a store that holds a version is left alone"),
             new("--config-admin-secret", "SECRET", "the secret changes must carry (Authorization: Bearer; 16 characters or more; best as the environment variable Pulse__ConfigAdminSecret); required"),
             ConfigReadSecret("that reads must carry (open reads without it)"), Bind, Port(8888)],
            (s, c, t) => ConfigRole.RunAsync(s, c, t)),
        new("ingress", "A reverse proxy (port 8080) in front of Pulse replicas, WebSockets included, health-checked.",
            [new("--backend", "URL", "a Pulse replica, e.g. http://127.0.0.1:8081 (repeat for each; required)", Repeatable: true),
             new("--health-interval", "MS", "active health check period (default 5000)"), Bind, Port(8080)],
            (s, c, t) => IngressRole.RunAsync(s, c, t)),
        new("replay", "Applies a recorded event file up to TIME and prints the standard catalogue of every object at TIME as JSON lines.",
            [new("--config", "FILE", "configuration file (docs/configuration.md); required"), new("--events", "FILE|-", "event file (docs/events.md); - reads standard input; required"),
             new("--at", "TIME", "ISO 8601 instant, e.g. 2026-11-26T10:00:00Z (no offset = UTC); required")],
            (s, c, t) => new ReplayCommand(c).RunAsync(CommandLine.ParseReplay(s.ToDictionary(CommandLine.ReplayNames)), t)),
        new("init", "The Init job: creates or upgrades the Pulse schema in PostgreSQL.",
            [Postgres("; required")], (s, c, t) => new InitCommand(c).RunAsync(new InitOptions(s.Require("--postgres")), t)),
        new("init-tenant", "The Init Tenant job: installs a tenant's out-of-the-box widget templates.",
            [Postgres("; required"), new("--tenant", "TENANT", "the tenant; required"), new("--overwrite-edited", "true|false", "also replace templates users edited (default false)"),
                new("--demo-dashboards", "true|false", "also give the demo users (supervisor, teamlead) a dashboard each when they have none (tenant demo; default false)")],
            (s, c, t) => new InitCommand(c).RunAsync(CommandLine.ParseInitTenant(s.ToDictionary(["--postgres", "--tenant", "--overwrite-edited", "--demo-dashboards"])), t)),
    ];

    /// <summary>The command tree: the root runs <c>all</c>; each command's action builds its settings and runs it.</summary>
    public static RootCommand Build(HostConsole console)
    {
        var root = new RootCommand("Pulse.Host: the reference host of Pulse.Sdk. Settings also come from appsettings.json and environment variables " +
            "(--some-name = configuration key Pulse:SomeName = Pulse__SomeName); the command line wins. See docs/host.md.");
        foreach (var spec in Commands)
        {
            var command = new Command(spec.Name, spec.Description);
            foreach (var alias in spec.Aliases ?? []) command.Aliases.Add(alias);
            Configure(command, spec, console);
            root.Subcommands.Add(command);
        }
        Configure(root, Commands[0], console); // no command = all
        return root;
    }

    private static void Configure(Command command, HostCommand spec, HostConsole console)
    {
        var options = spec.Options.Select(o => (Spec: o, Option: o.Repeatable
            ? (Option)new Option<string[]>(o.Name) { Description = o.Description, HelpName = o.HelpName, Arity = ArgumentArity.OneOrMore }
            : new Option<string>(o.Name) { Description = o.Description, HelpName = o.HelpName })).ToList();
        foreach (var (_, option) in options) command.Options.Add(option);
        command.SetAction((parse, cancellationToken) =>
        {
            var given = new List<KeyValuePair<string, string?>>();
            foreach (var (o, option) in options)
            {
                if (parse.GetResult(option) is not { Implicit: false }) continue;
                if (o.Repeatable)
                {
                    var values = parse.GetValue((Option<string[]>)option) ?? [];
                    given.AddRange(values.Select((v, i) => new KeyValuePair<string, string?>($"{HostSettings.Key(o.Name)}:{i}", v)));
                }
                else given.Add(new(HostSettings.Key(o.Name), parse.GetValue((Option<string>)option)));
            }
            var settings = new HostSettings(spec.Name, HostSettings.BuildConfiguration(given));
            return spec.Run(settings, console, cancellationToken);
        });
    }
}
