namespace Pulse.Host;

/// <summary>The help text of the host (also printed after a command-line error).</summary>
internal static class UsageText
{
    public const string Text = """
        Usage:
          Pulse.Host [live] [--speed N] [--seed N] [--duration SECONDS]
          Pulse.Host replay --config FILE --events FILE|- --at TIME
          Pulse.Host --help

        live (the default)
          Runs the demo contact-center simulator into a Data Collection Unit and shows a table of
          queue, agent-group and tenant KPIs, redrawn every second (a plain snapshot every 5 s when
          standard output is not a terminal). Ctrl+C stops.
            --speed N           simulated time runs N times faster than real time (default 1)
            --seed N            random seed of the simulator (default 1)
            --duration SECONDS  stop after SECONDS of real time (default: until Ctrl+C)

        replay
          Applies the events of a JSON-lines file, in order, up to TIME, and prints the standard
          catalogue of every configured object at TIME, one JSON object per line.
            --config FILE       configuration file (docs/configuration.md)
            --events FILE|-     event file (docs/events.md); - reads standard input
            --at TIME           ISO 8601 instant, e.g. 2026-11-26T10:00:00Z (no offset = UTC)

        Exit codes: 0 done; 1 bad input (configuration, event file, or rejected event lines);
        2 bad command line; 130 interrupted. See docs/host.md.
        """;
}
