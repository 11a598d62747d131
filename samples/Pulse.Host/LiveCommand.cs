using System.Diagnostics;
using System.Globalization;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Events;
using Pulse.Sdk.Sources;
using Pulse.Sdk.Simulation;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Storage;

namespace Pulse.Host;

/// <summary>
/// The live mode: the demo <see cref="ContactCenterSimulator"/>, paced in real time (times <c>--speed</c>),
/// feeds a <see cref="DataCollectionUnit"/> with the standard catalogue open, and a <see cref="LiveTable"/>
/// shows the queue, agent-group and tenant KPIs every second until Ctrl+C or <c>--duration</c>.
/// </summary>
/// <remarks>
/// The engine clock is <see cref="TimeProvider.System"/> at speed 1; at another speed it is a
/// <see cref="ScaledTimeProvider"/> running as fast as the simulator, so durations stay in simulated seconds.
/// The header's time is that clock; <c>--duration</c> and the refresh are in real time.
/// </remarks>
internal sealed class LiveCommand(HostConsole console)
{
    /// <summary>How often the table is refreshed (real time).</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a plain snapshot is printed when standard output is redirected (real time).</summary>
    public TimeSpan PlainInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Called with the web application's address once it listens (tests use it to find a free port's number).</summary>
    public Action<Uri>? WebStarted { get; init; }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled or the duration has passed; returns the exit code.</summary>
    public async Task<int> RunAsync(LiveOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var now = TimeProvider.System.GetUtcNow();
        var start = options.Start ?? new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        if (options.Until <= start)
        {
            await console.Error.WriteLineAsync($"--until: {options.Until:O} is not after the start {start:O}").ConfigureAwait(false);
            return ExitCodes.InputError;
        }
        var sim = new ContactCenterSimulator(SimulatorOptions.Demo with { Start = start, Seed = options.Seed }, TimeProvider.System)
        {
            Speed = options.Speed,
        };
        // With --start or --until: paced on a clock anchored at the start, as the upstream services are, so this
        // process and a topology started with the same seed, start and speed serve the same events.
        var anchored = options.Start is null && options.Until is null ? null : ScaledTimeProvider.AnchoredAt(TimeProvider.System, start, options.Speed);
        IEventSource source = anchored is null ? sim : new PacedEventSource("simulator", sim.Generate(), anchored) { Until = options.Until };
        var configuration = sim.Configuration;
        if (options.HttpPort is not null) configuration = DemoSite.WithUsers(configuration);
        // The web application pushes what the engine flushes: its statistics notify on change, and the last
        // 15 minutes are kept for the wallboard's charts. Without it, the table reads snapshots only.
        var pushed = options.HttpPort is null ? null : new InProcessStatisticValueSource(TimeSpan.FromMinutes(15));
        TimeProvider engineClock = anchored ?? (options.Speed == 1 ? TimeProvider.System : new ScaledTimeProvider(TimeProvider.System, start, options.Speed));

        var table = new LiveTable(console.Out, !console.IsOutputRedirected, PlainInterval);
        var title = string.Create(CultureInfo.InvariantCulture,
            $"Pulse.Host live (simulator seed {options.Seed}, speed {options.Speed}x)");
        table.Start(string.Create(CultureInfo.InvariantCulture,
            $"{title}: standard output is not a terminal, so a snapshot is printed every {PlainInterval.TotalSeconds:0.#} s and at the end; Ctrl+C stops."));

        var dcu = new DataCollectionUnit(new StaticConfigurationProvider(configuration), new DataCollectionUnitOptions
        {
            TimeProvider = engineClock,
            Clock = options.Clock,
            FlushInterval = TimeSpan.FromMilliseconds(100 * options.Speed),
            // Every second of real time, values that moved with time alone (a longest wait, a state's duration) are sent too.
            RefreshInterval = TimeSpan.FromMilliseconds(1000 * options.Speed),
        }, pushed is null ? null : [pushed]);
        using var stopRun = new CancellationTokenSource();
        Task? run = null;
        PulseWebHost? web = null;
        var clock = Stopwatch.StartNew();
        try
        {
            await dcu.OpenStandardCatalogueAsync(pushed is null ? NotificationMode.None : NotificationMode.ChangesBased(), CancellationToken.None).ConfigureAwait(false);
            if (options.HttpPort is { } httpPort)
            {
                try
                {
                    web = await PulseWebHost.StartAsync(configuration, dcu, pushed!, httpPort, cancellationToken).ConfigureAwait(false);
                }
                catch (IOException e)
                {
                    await console.Error.WriteLineAsync($"--http-port: cannot listen on localhost:{httpPort} ({e.GetBaseException().Message}); " +
                        "give another port, 0 for any free port, or off").ConfigureAwait(false);
                    return ExitCodes.InputError;
                }
                await console.Error.WriteLineAsync($"wallboard: {web.Address} (log in as {DemoSite.Supervisor} / {DemoSite.Password} or {DemoSite.TeamLead} / {DemoSite.Password})")
                    .ConfigureAwait(false);
                WebStarted?.Invoke(web.Address);
            }
            run = Task.Run(async () =>
            {
                await dcu.RunAsync(source, stopRun.Token).ConfigureAwait(false);
                // Past --until the events stop and the wallboard keeps serving what they gave, until Ctrl+C or --duration.
                if (options.Until is not null) await Task.Delay(Timeout.Infinite, stopRun.Token).ConfigureAwait(false);
            }, CancellationToken.None);

            var lastApplied = 0L;
            var lastAt = TimeSpan.Zero;
            var nextFrame = RefreshInterval;
            var final = false;
            while (!final)
            {
                var until = options.Duration is { } d && d < nextFrame ? d : nextFrame;
                await WaitAsync(until - clock.Elapsed, run, cancellationToken).ConfigureAwait(false);
                var elapsed = clock.Elapsed;
                final = cancellationToken.IsCancellationRequested || run.IsCompleted || elapsed >= options.Duration;
                if (!final && elapsed < nextFrame) continue;
                while (nextFrame <= elapsed) nextFrame += RefreshInterval;

                if (final)
                {
                    // Stop the feed first, so that the last frame shows everything that was read.
                    await stopRun.CancelAsync().ConfigureAwait(false);
                    await StopAsync(run).ConfigureAwait(false);
                }
                var values = await dcu.SnapshotAsync(CancellationToken.None).ConfigureAwait(false);
                var counters = await dcu.CountersAsync(CancellationToken.None).ConfigureAwait(false);
                var rate = elapsed > lastAt ? (counters.Applied - lastApplied) / (elapsed - lastAt).TotalSeconds : 0;
                lastApplied = counters.Applied;
                lastAt = elapsed;
                var frame = KpiSnapshot.From(values, engineClock.GetUtcNow(), counters.Applied, rate);
                table.Show(KpiTableRenderer.Render(frame, title), elapsed, final);
            }
        }
        finally
        {
            await stopRun.CancelAsync().ConfigureAwait(false);
            if (run is not null) await StopAsync(run).ConfigureAwait(false);
            if (web is not null) await web.DisposeAsync().ConfigureAwait(false);
            await dcu.DisposeAsync().ConfigureAwait(false);
            table.Stop();
        }

        if (run.IsFaulted)
        {
            await console.Error.WriteLineAsync($"live: the simulator feed failed: {run.Exception!.GetBaseException().Message}").ConfigureAwait(false);
            return ExitCodes.InputError;
        }
        return ExitCodes.Ok;
    }

    /// <summary>Waits for <paramref name="delay"/>, or less if the feed ends or the command is cancelled.</summary>
    private static async Task WaitAsync(TimeSpan delay, Task run, CancellationToken cancellationToken)
    {
        if (delay <= TimeSpan.Zero || run.IsCompleted || cancellationToken.IsCancellationRequested) return;
        using var cancelDelay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timer = Task.Delay(delay, cancelDelay.Token);
        await Task.WhenAny(timer, run).ConfigureAwait(false);
        await cancelDelay.CancelAsync().ConfigureAwait(false);
        try { await timer.ConfigureAwait(false); }
        catch (OperationCanceledException) { }
    }

    /// <summary>Waits for the feed to stop; cancellation is its normal end.</summary>
    private static async Task StopAsync(Task run)
    {
        try { await run.ConfigureAwait(false); }
        catch (OperationCanceledException) { }
        catch (Exception) when (run.IsFaulted) { } // reported by RunAsync
    }
}
