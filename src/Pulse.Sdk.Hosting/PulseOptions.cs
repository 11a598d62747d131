using Pulse.Sdk.Engine;

namespace Pulse.Sdk.Hosting;

/// <summary>
/// Settings of the Data Collection Unit that <c>services.AddPulse(...)</c> registers, and of the
/// hosted service that runs it. Validated when the host starts (<c>ValidateOnStart</c>); each
/// message names the option and what to set.
/// </summary>
public sealed class PulseOptions
{
    /// <summary>Number of engine partitions (1 to 256); tenants are spread over them by a stable hash. Default 1.</summary>
    public int Partitions { get; set; } = 1;

    /// <summary>How often changed values are flushed to the sinks (positive). Default 100 ms.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Events buffered per partition before a source waits (at least 16). Default 65,536.</summary>
    public int QueueCapacity { get; set; } = 65_536;

    /// <summary>
    /// A JSON configuration file (see <c>docs/configuration.md</c>), read when no
    /// <see cref="Pulse.Sdk.Configuration.IPulseConfigurationProvider"/> is registered (neither by
    /// <c>AddConfiguration(...)</c> / <c>AddConfigurationFile(...)</c> nor directly). Default null.
    /// </summary>
    public string? ConfigurationPath { get; set; }

    /// <summary>With <see cref="ConfigurationPath"/>: reload the file when it changes. Default false.</summary>
    public bool WatchConfiguration { get; set; }

    /// <summary>Open the standard catalogue on every configured object when the host starts. Default true.</summary>
    public bool OpenStandardCatalogue { get; set; } = true;

    /// <summary>What the engines take as "now": the wall clock (default) or the events' own time (docs/architecture.md, "Clocks").</summary>
    public PulseClock Clock { get; set; } = PulseClock.Wall;

    /// <summary>The most one stream may lag another and still be applied in the time-ordered merge (docs/statistics.md, "Joining the streams"); 0 to 1 minute. Default 0 (on arrival).</summary>
    public TimeSpan ReorderWindow { get; set; } = TimeSpan.Zero;

    /// <summary>How long a source may stay disconnected from its upstream before its streams' statistics are marked stale (docs/statistics.md, "Data quality"). Default 5 s.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A sink that throws this many times in a row is disabled (docs/architecture.md, "Faults"). Default 10.</summary>
    public int MaxConsecutiveSinkFailures { get; set; } = 10;

    /// <summary>How often a flush also re-sends values that moved with time alone (longest wait, state durations); 0 (default) never. At least <see cref="FlushInterval"/>.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.Zero;

    /// <summary>How often the unit's checkpoint is saved when an <c>ICheckpointStore</c> is registered (100 ms to 1 hour). Default 1 s.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The name the checkpoint is stored under (one per Data Collection Unit). Default <c>dcu</c>.</summary>
    public string CheckpointName { get; set; } = "dcu";

    /// <summary>
    /// Split the statistics by object over several Data Collection Units (docs/architecture.md, "DCU partitions"): the
    /// partition count of the deployment and the partitions this unit runs. Each partition's checkpoint is stored as
    /// <c>{CheckpointName}-p{partition}</c>. Needs <see cref="OpenStandardCatalogue"/>; leave <see cref="Partitions"/> at 1.
    /// Default null: this unit holds every object.
    /// </summary>
    public ObjectPartitioning? ObjectPartitions { get; set; }

    /// <summary>The name partition <paramref name="partition"/>'s checkpoint is stored under.</summary>
    public string PartitionCheckpointName(int partition) => $"{CheckpointName}-p{partition}";

    /// <summary>The settings of the Data Collection Unit these options describe.</summary>
    /// <param name="timeProvider">The clock of every partition.</param>
    public DataCollectionUnitOptions ToDataCollectionUnitOptions(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return new DataCollectionUnitOptions
        {
            Partitions = Partitions,
            FlushInterval = FlushInterval,
            QueueCapacity = QueueCapacity,
            TimeProvider = timeProvider,
            Clock = Clock,
            ReorderWindow = ReorderWindow,
            RefreshInterval = RefreshInterval,
            StaleAfter = StaleAfter,
            MaxConsecutiveSinkFailures = MaxConsecutiveSinkFailures,
            ObjectPartitions = ObjectPartitions,
        };
    }
}
