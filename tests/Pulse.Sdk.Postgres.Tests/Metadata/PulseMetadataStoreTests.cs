using System.Text.Json;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Postgres.Metadata;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Postgres.Tests.Metadata;

/// <summary>The metadata store contract against a real, migrated PostgreSQL.</summary>
public sealed class PulseMetadataStoreTests(MigratedDatabase database) : MetadataStoreContract, IClassFixture<MigratedDatabase>
{
    protected override IMetadataStore CreateStore() => new PulseMetadataStore(database.DataSource);

    [Fact]
    public async Task A_formula_statistic_round_trips_and_a_catalogue_statistics_json_is_as_before()
    {
        var store = CreateStore();
        var tenant = "t" + Guid.NewGuid().ToString("N")[..12];
        var template = new WidgetTemplate
        {
            Id = Guid.NewGuid(), Tenant = tenant, Name = "SL", ObjectType = ObjectType.Queue,
            Statistics =
            [
                new("Answered", "Answered") { DisplayFormat = ValueFormat.Integer },
                new("SL", "") { DisplayAlias = "Service level", DisplayFormat = ValueFormat.Percent, Formula = "Result = G.Percent(Data.Answered.Value, 10);\n// é \"q\"" },
            ],
        };

        await store.SaveTemplateAsync(template);
        var read = await store.GetTemplateAsync(tenant, template.Id);
        await using var command = database.DataSource.CreateCommand("SELECT statistics::text FROM pulse_widget_templates WHERE tenant = $1 AND id = $2");
        command.Parameters.Add(new() { Value = tenant });
        command.Parameters.Add(new() { Value = template.Id });
        var json = (string)(await command.ExecuteScalarAsync())!;

        Assert.Equal(template.Statistics, read!.Statistics);
        using var stored = JsonDocument.Parse(json);
        // The catalogue statistic is stored as before formulas existed: no "formula" key.
        Assert.Equal(["alias", "displayFormat", "statisticType"], stored.RootElement[0].EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(template.Statistics[1].Formula, stored.RootElement[1].GetProperty("formula").GetString());
    }

    [Fact]
    public async Task Display_options_round_trip_in_the_statistics_json()
    {
        var store = CreateStore();
        var tenant = "t" + Guid.NewGuid().ToString("N")[..12];
        var template = new WidgetTemplate
        {
            Id = Guid.NewGuid(), Tenant = tenant, Name = "Agents", ObjectType = ObjectType.Agent,
            Statistics =
            [
                new("State", "CurrentState")
                {
                    DisplayFormat = ValueFormat.Status,
                    StatusDisplay = new StatusDisplay { ShowIcon = true, ShowDuration = false, ShowMedia = true, ShowDnd = true, Template = "${status} ${media} é" },
                },
                new("Aht", "AHT") { DisplayFormat = ValueFormat.Number, Decimals = 0 },
            ],
        };

        await store.SaveTemplateAsync(template);
        var read = await store.GetTemplateAsync(tenant, template.Id);

        Assert.Equal(template.Statistics, read!.Statistics);
        Assert.Equal(0, read.Statistics[1].Decimals);
        Assert.Null(read.Statistics[1].StatusDisplay);
    }
}
