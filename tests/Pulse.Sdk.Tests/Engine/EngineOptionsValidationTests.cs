using Pulse.Sdk.Configuration;
using Pulse.Sdk.Engine;

namespace Pulse.Sdk.Tests.Engine;

/// <summary>The core engine's options, constructed without DI: each bad setting is refused by the constructor, named as written.</summary>
public sealed class EngineOptionsValidationTests
{
    public static TheoryData<DataCollectionUnitOptions, string> InvalidUnitOptions => new()
    {
        { new DataCollectionUnitOptions { Partitions = 0 }, "DataCollectionUnitOptions.Partitions must be 1 to 256, was 0" },
        { new DataCollectionUnitOptions { FlushInterval = TimeSpan.Zero }, "DataCollectionUnitOptions.FlushInterval must be positive" },
        { new DataCollectionUnitOptions { QueueCapacity = 15 }, "DataCollectionUnitOptions.QueueCapacity must be at least 16, was 15" },
        { new DataCollectionUnitOptions { TimeProvider = null! }, "DataCollectionUnitOptions.TimeProvider is required" },
        { new DataCollectionUnitOptions { RefreshInterval = TimeSpan.FromSeconds(-1) }, "DataCollectionUnitOptions.RefreshInterval must be 0 (off)" },
        { new DataCollectionUnitOptions { MaxConsecutiveSinkFailures = 0 }, "DataCollectionUnitOptions.MaxConsecutiveSinkFailures must be at least 1, was 0" },
        { new DataCollectionUnitOptions { SinkTimeout = TimeSpan.Zero }, "DataCollectionUnitOptions.SinkTimeout must be positive" },
        { new DataCollectionUnitOptions { StaleAfter = TimeSpan.FromHours(2) }, "DataCollectionUnitOptions.StaleAfter must be more than 0 and at most 1 hour" },
        { new DataCollectionUnitOptions { ReorderWindow = TimeSpan.FromMinutes(2) }, "DataCollectionUnitOptions.ReorderWindow must be 0 to 1 minute" },
    };

    [Theory]
    [MemberData(nameof(InvalidUnitOptions))]
    public void A_unit_option_out_of_range_is_refused_at_construction_naming_the_setting(DataCollectionUnitOptions options, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => new DataCollectionUnit(new StaticConfigurationProvider(PulseConfiguration.Empty), options));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Equal("options", e.ParamName);
    }

    [Fact]
    public void Every_unit_option_out_of_range_is_reported_together()
    {
        var e = Assert.Throws<ArgumentException>(() => new DataCollectionUnit(
            new StaticConfigurationProvider(PulseConfiguration.Empty), new DataCollectionUnitOptions { Partitions = 0, FlushInterval = TimeSpan.Zero }));
        Assert.StartsWith("DataCollectionUnitOptions.Partitions must be 1 to 256, was 0; DataCollectionUnitOptions.FlushInterval must be positive, was 00:00:00", e.Message, StringComparison.Ordinal);
    }

    public static TheoryData<StatisticsEngineOptions, string> InvalidEngineOptions => new()
    {
        { new StatisticsEngineOptions { TimeProvider = null! }, "StatisticsEngineOptions.TimeProvider is required" },
        { new StatisticsEngineOptions { MaxConsecutiveSinkFailures = 0 }, "StatisticsEngineOptions.MaxConsecutiveSinkFailures must be at least 1, was 0" },
    };

    [Theory]
    [MemberData(nameof(InvalidEngineOptions))]
    public void An_engine_option_out_of_range_is_refused_at_construction_naming_the_setting(StatisticsEngineOptions options, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => new StatisticsEngine(PulseConfiguration.Empty, options));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Equal("options", e.ParamName);
    }

    [Fact]
    public void Every_engine_option_out_of_range_is_reported_together()
    {
        Assert.Equal(
            ["StatisticsEngineOptions.TimeProvider is required (use TimeProvider.System for live data)", "StatisticsEngineOptions.MaxConsecutiveSinkFailures must be at least 1, was 0"],
            new StatisticsEngineOptions { TimeProvider = null!, MaxConsecutiveSinkFailures = 0 }.Validate());
        Assert.Empty(new StatisticsEngineOptions().Validate());
    }
}
