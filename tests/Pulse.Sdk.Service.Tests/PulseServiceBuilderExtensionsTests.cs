using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Service.Live;
using Pulse.Sdk.Service.Tests.Support;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Storage;

namespace Pulse.Sdk.Service.Tests;

public sealed class PulseServiceBuilderExtensionsTests
{
    [Fact]
    public async Task Without_a_database_the_defaults_are_in_memory_and_the_units_flushes_feed_the_value_source()
    {
        var services = new ServiceCollection();
        services.AddPulse(o => o.OpenStandardCatalogue = false).AddConfiguration(ServiceHost.Configuration).AddPulseService();
        await using var sp = services.BuildServiceProvider();

        var source = Assert.IsType<InProcessStatisticValueSource>(sp.GetRequiredService<IStatisticValueSource>());
        Assert.IsType<InMemoryMetadataStore>(sp.GetRequiredService<IMetadataStore>());
        Assert.Contains(sp.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations, r => r.Name == "pulse-live" && r.Factory(sp) is LiveHub);
        var unit = sp.GetRequiredService<DataCollectionUnit>();
        await unit.OpenAsync(new StatisticRequest(StandardCatalogue.Waiting, new ObjectRef("t1", ObjectType.Queue, "q1")));
        await unit.DrainAsync();

        var value = Assert.Single(await source.GetValuesAsync(new ObjectRef("t1", ObjectType.Queue, "q1")));
        Assert.Equal("Waiting", value.Statistic);
    }

    [Fact]
    public void Invalid_options_fail_at_start_with_messages_that_say_what_to_set()
    {
        var services = new ServiceCollection();
        services.AddPulse().AddConfiguration(ServiceHost.Configuration).AddPulseService(o =>
        {
            o.MaxPushRatePerSecond = 0;
            o.HeartbeatInterval = TimeSpan.Zero;
            o.MaxBodyBytes = 10;
            o.AllowedOrigins = ["https://pulse.example.com", "*", "https://pulse.example.com/wallboard"];
        });
        using var sp = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<PulseServiceOptions>>().Value);

        Assert.Contains(error.Failures, f => f.StartsWith("PulseServiceOptions.MaxPushRatePerSecond must be from 0.01 to 1000", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("PulseServiceOptions.AllowedOrigins[1] must be an origin", StringComparison.Ordinal) && f.EndsWith("was '*'", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("PulseServiceOptions.AllowedOrigins[2] must be an origin", StringComparison.Ordinal));
        Assert.DoesNotContain(error.Failures, f => f.StartsWith("PulseServiceOptions.AllowedOrigins[0]", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("PulseServiceOptions.HeartbeatInterval must be at least 100 ms", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("PulseServiceOptions.MaxBodyBytes must be at least 1024 bytes", StringComparison.Ordinal));
    }

    [Fact]
    public void MapPulseApi_without_a_permission_evaluator_says_what_to_register()
    {
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
        builder.Services.AddPulse().AddConfiguration(ServiceHost.Configuration).AddPulseService();
        var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => Microsoft.AspNetCore.Builder.PulseEndpointRouteBuilderExtensions.MapPulseApi(app));

        Assert.Contains("IPermissionEvaluator", error.Message, StringComparison.Ordinal);
    }
}
