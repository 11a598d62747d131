using System.Globalization;

namespace Pulse.Benchmarks.Live;

/// <summary>
/// What the live-push latency harness does (<c>dotnet run -c Release -- latency [options]</c>); every option has a default
/// matching issue 5: 1,000 sockets, 10,000 events/s, flush intervals 10 ms and 100 ms, 30 s measured after 5 s of warm-up.
/// </summary>
public sealed record LatencySettings
{
    /// <summary>WebSocket clients, each with one subscription (<c>--clients</c>).</summary>
    public int Clients { get; init; } = 1000;

    /// <summary>Events handed to the DCU per second of wall clock, markers included (<c>--events-per-second</c>).</summary>
    public int EventsPerSecond { get; init; } = 10_000;

    /// <summary>The DCU flush intervals to measure, each in its own runs (<c>--flush 10,100</c>, milliseconds).</summary>
    public IReadOnlyList<TimeSpan> FlushIntervals { get; init; } = [TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(100)];

    /// <summary>Events before the measured window (<c>--warmup</c>, seconds).</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The measured window (<c>--seconds</c>).</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>One marker event every this long (<c>--marker-interval</c>, milliseconds).</summary>
    public TimeSpan MarkerInterval { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Runs per flush interval; the report quotes their medians (<c>--runs</c>).</summary>
    public int Runs { get; init; } = 3;

    /// <summary>The clients' <c>maxRate</c>, and the server's <c>MaxPushRatePerSecond</c> (<c>--max-rate</c>, at most 1000, the option's limit).</summary>
    public double MaxRate { get; init; } = 1000;

    /// <summary>ACD queues the generator spreads calls over (<c>--queues</c>).</summary>
    public int Queues { get; init; } = 500;

    /// <summary>Distinct layouts; client i subscribes to layout i modulo this (<c>--layouts</c>).</summary>
    public int Layouts { get; init; } = 100;

    /// <summary>Queues in each layout, besides the marker queue (<c>--queues-per-layout</c>).</summary>
    public int QueuesPerLayout { get; init; } = 10;

    /// <summary>Markers the ledger can hold: the whole run at the marker rate, with room for a slow clock.</summary>
    public int MarkerCapacity => (int)((Warmup + Duration).Ticks / MarkerInterval.Ticks * 2) + 16;

    /// <summary>Reads options of the form <c>--name value</c>; a bad one names itself and what to give.</summary>
    /// <exception cref="ArgumentException">An unknown option or a bad value.</exception>
    public static LatencySettings Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var s = new LatencySettings();
        for (var i = 0; i < args.Count; i += 2)
        {
            var name = args[i];
            if (i + 1 >= args.Count) throw new ArgumentException($"{name}: a value is required", nameof(args));
            var value = args[i + 1];
            s = name switch
            {
                "--clients" => s with { Clients = Int(name, value, 1, 100_000) },
                "--events-per-second" => s with { EventsPerSecond = Int(name, value, 1, 10_000_000) },
                "--flush" => s with { FlushIntervals = value.Split(',').Select(v => TimeSpan.FromMilliseconds(Int(name, v, 1, 60_000))).ToArray() },
                "--warmup" => s with { Warmup = TimeSpan.FromSeconds(Int(name, value, 0, 3600)) },
                "--seconds" => s with { Duration = TimeSpan.FromSeconds(Int(name, value, 1, 3600)) },
                "--marker-interval" => s with { MarkerInterval = TimeSpan.FromMilliseconds(Int(name, value, 1, 60_000)) },
                "--runs" => s with { Runs = Int(name, value, 1, 100) },
                "--max-rate" => s with { MaxRate = Int(name, value, 1, 1000) },
                "--queues" => s with { Queues = Int(name, value, 1, 100_000) },
                "--layouts" => s with { Layouts = Int(name, value, 1, 100_000) },
                "--queues-per-layout" => s with { QueuesPerLayout = Int(name, value, 0, 199) },
                _ => throw new ArgumentException($"{name}: unknown option (--clients, --events-per-second, --flush, --warmup, --seconds, " +
                    "--marker-interval, --runs, --max-rate, --queues, --layouts, --queues-per-layout)", nameof(args)),
            };
        }
        if (s.QueuesPerLayout > s.Queues) throw new ArgumentException($"--queues-per-layout: at most --queues ({s.Queues}), was {s.QueuesPerLayout}", nameof(args));
        if (s.MarkerInterval.Ticks * s.EventsPerSecond < TimeSpan.TicksPerSecond * 2)
            throw new ArgumentException($"--marker-interval: each marker is two events (its call enters, later leaves the marker queue), which must fit in --events-per-second " +
                $"(at {s.EventsPerSecond} events/s, at least {Math.Ceiling(2000.0 / s.EventsPerSecond)} ms)", nameof(args));
        return s;
    }

    private static int Int(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{name}: a whole number from {min} to {max}, was '{value}'", nameof(value));
}
