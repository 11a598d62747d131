using Pulse.Sdk.Configuration;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Events;
using Pulse.Sdk.Sources;
using Pulse.Sdk.Statistics;

namespace Pulse.Host;

/// <summary>
/// <c>replay</c>: applies the events of a JSON-lines file to a <see cref="StatisticsEngine"/> driven by a
/// <see cref="ReplayClock"/>, up to <see cref="ReplayOptions.At"/>, and prints every statistic of the standard
/// catalogue at that instant as JSON lines (<see cref="StatisticJsonLineWriter"/>).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>The clock starts at the first event's time (at <c>--at</c> when there is no event up to it), so the
/// Growing statistics start at the midnight before it, in each tenant's zone.</item>
/// <item>Each event is applied with the clock advanced to its <c>time</c>; reading stops before the first event
/// whose time is after <c>--at</c> (the rest of the input is not read); then the clock is advanced to <c>--at</c>.</item>
/// <item>The clock never goes back: an event older than the clock is applied at the clock's time.</item>
/// <item>A rejected line is reported on standard error as <c>file:line: reason</c> and skipped; the replay goes
/// on, and the exit code is <see cref="ExitCodes.InputError"/> at the end.</item>
/// </list>
/// </remarks>
internal sealed class ReplayCommand(HostConsole console)
{
    /// <summary>Runs the replay; returns the exit code.</summary>
    public async Task<int> RunAsync(ReplayOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var error = console.Error;

        PulseConfiguration configuration;
        try
        {
            configuration = ConfigurationJson.Load(options.ConfigPath);
        }
        catch (ConfigurationException e)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return ExitCodes.InputError;
        }

        long rejected = 0;
        var sourceOptions = new JsonLinesSourceOptions
        {
            OnRejected = e =>
            {
                rejected++;
                error.WriteLine(e.Message);
            },
        };
        var isStdin = options.EventsPath == ReplayOptions.StandardInput;
        if (!isStdin && Directory.Exists(options.EventsPath))
        {
            await error.WriteLineAsync($"{options.EventsPath}: cannot read the event file: it is a directory").ConfigureAwait(false);
            return ExitCodes.InputError;
        }
        var source = isStdin
            ? new JsonLinesEventSource(console.OpenStandardInput(), "stdin", sourceOptions, leaveOpen: true)
            : new JsonLinesEventSource(options.EventsPath, sourceOptions);

        ReplayClock? clock = null;
        StatisticsEngine? engine = null;
        try
        {
            await foreach (var e in source.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (e.Time > options.At) break;
                if (engine is null) (clock, engine) = CreateEngine(configuration, e.Time);
                clock!.AdvanceTo(e.Time);
                engine.Apply(e);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"{source.Name}: cannot read the event file: {e.Message}").ConfigureAwait(false);
            return ExitCodes.InputError;
        }

        if (engine is null) (clock, engine) = CreateEngine(configuration, options.At);
        clock!.AdvanceTo(options.At);

        new StatisticJsonLineWriter().WriteAll(console.Out, engine.Snapshot());
        await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);

        await ReportSkipped(engine.Counters).ConfigureAwait(false);
        if (rejected > 0)
        {
            await error.WriteLineAsync($"{source.Name}: {rejected} {(rejected == 1 ? "line was" : "lines were")} rejected (see above); the other events were applied").ConfigureAwait(false);
            return ExitCodes.InputError;
        }
        return ExitCodes.Ok;
    }

    private static (ReplayClock, StatisticsEngine) CreateEngine(PulseConfiguration configuration, DateTimeOffset start)
    {
        var clock = new ReplayClock(start);
        var engine = new StatisticsEngine(configuration, new StatisticsEngineOptions { TimeProvider = clock });
        engine.OpenStandardCatalogue(NotificationMode.None);
        return (clock, engine);
    }

    /// <summary>Events the engine dropped or applied in part are not input errors, but worth a note on standard error.</summary>
    private async Task ReportSkipped(EngineCounters c)
    {
        var parts = new List<string>();
        if (c.Duplicates > 0) parts.Add($"{c.Duplicates} duplicate");
        if (c.OutOfOrder > 0) parts.Add($"{c.OutOfOrder} out of sequence order");
        if (c.UnknownTenant > 0) parts.Add($"{c.UnknownTenant} for an unknown tenant");
        if (c.Invalid > 0) parts.Add($"{c.Invalid} invalid");
        if (c.UnknownObject > 0) parts.Add($"{c.UnknownObject} naming an unknown DN, agent, queue, call or interaction (applied in part)");
        if (parts.Count > 0)
            await console.Error.WriteLineAsync($"replay: note: of {c.Total} events, {string.Join(", ", parts)} (docs/statistics.md §7)").ConfigureAwait(false);
    }
}
