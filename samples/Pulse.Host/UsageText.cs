namespace Pulse.Host;

/// <summary>The help text of the host (also printed after a command-line error).</summary>
internal static class UsageText
{
    public const string Text = """
        Usage:
          Pulse.Host [live] [--speed N] [--seed N] [--duration SECONDS] [--http-port P|off]
          Pulse.Host serve [--speed N] [--seed N] [--duration SECONDS] [--http-port P|off] [--voice-port P] [--voice-vq-port P]
                           [--ixn-port P] [--ixn-vq-port P] [--lds-port P] [--lds-vq-port P] [--metrics-port P]
                           [--config FILE --events FILE]
          Pulse.Host replay --config FILE --events FILE|- --at TIME
          Pulse.Host init --postgres CONNECTION
          Pulse.Host init-tenant --postgres CONNECTION --tenant TENANT [--overwrite-edited true]
          Pulse.Host --help

        live (the default)
          Runs the demo contact-center simulator into a Data Collection Unit and shows a table of
          queue, agent-group and tenant KPIs, redrawn every second (a plain snapshot every 5 s when
          standard output is not a terminal). Ctrl+C stops.
            --speed N           simulated time runs N times faster than real time (default 1)
            --seed N            random seed of the simulator (default 1)
            --duration SECONDS  stop after SECONDS of real time (default: until Ctrl+C)
            --http-port P|off   the wallboard, REST API and live push on http://localhost:P (default
                                8080; 0 = a free port; off = none). Log in as supervisor / pulse
                                (everything) or teamlead / pulse (one queue, one agent group).

        serve
          As live, through the Pulse topology on 127.0.0.1: the simulator's events are served over the
          feed protocol (docs/protocol.md) by the Voice SIP Service (--voice-port, 8000), the Voice SIP
          VQ Service (--voice-vq-port, 8001), the Interaction Server (--ixn-port, 7120) and the
          Interaction VQ Server (--ixn-vq-port, 7122); the DCU subscribes to them; the LDS (--lds-port,
          8100) and the LDS-VQ (--lds-vq-port, 8101) re-broadcast the voice and voice-VQ streams; metrics
          in the Prometheus format at http://127.0.0.1:9091/metrics (--metrics-port). 0 = a free port.
            --config FILE --events FILE   serve a recorded event file (with its configuration) instead
                                          of the simulator; the engine's clock is the wall clock

        replay
          Applies the events of a JSON-lines file, in order, up to TIME, and prints the standard
          catalogue of every configured object at TIME, one JSON object per line.
            --config FILE       configuration file (docs/configuration.md)
            --events FILE|-     event file (docs/events.md); - reads standard input
            --at TIME           ISO 8601 instant, e.g. 2026-11-26T10:00:00Z (no offset = UTC)

        init (the Init job)
          Creates the Pulse schema in PostgreSQL or upgrades it to this version (idempotent; two at once
          are safe). CONNECTION is an Npgsql connection string, e.g.
          "Host=127.0.0.1;Port=5432;Username=pulse;Password=...;Database=pulse".

        init-tenant (the Init Tenant job)
          Installs the tenant's out-of-the-box widget templates (Agent KPIs, Agent Group Status, Queue
          KPIs, Virtual Queue KPIs, Interaction Queue KPIs, Tenant Summary), upgrading the schema first.
          Templates a user edited or deleted are left alone unless --overwrite-edited true.

        Exit codes: 0 done; 1 bad input (configuration, event file, rejected event lines, or the
        database refused);
        2 bad command line; 130 interrupted. See docs/host.md.
        """;
}
