using System.Net;
using System.Text.Json;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Service.Tests.Support;
using Pulse.Sdk.Statistics;
using static Pulse.Sdk.Service.Tests.Support.HttpJson;

namespace Pulse.Sdk.Service.Tests.Api;

/// <summary>
/// Statistic definitions in templates through the REST API (docs/api.md, "Statistic definitions"), on real Kestrel: checked on
/// save field by field, stored with the name they give, and their values read under that name like a catalogue statistic's.
/// </summary>
public sealed class TemplateDefinitionTests
{
    private const string Fast = """{"category":"TotalNumberInTimeRange","mainMask":"CallAnswered","timeRange":"0-10","filter":"Media(Voice)","notification":"TimeBased(2)"}""";

    private static string Template(params string[] statistics) =>
        $$"""{"name":"Defined","widgetType":"Grid","objectType":"Queue","statistics":[{{string.Join(',', statistics)}}]}""";

    private static string Defined(string alias, string definition) => $$"""{"alias":"{{alias}}","definition":{{definition}},"displayFormat":"Integer"}""";

    private static HttpClient Manager(ServiceHost host)
    {
        host.Permissions.Set("t1", "alice", PulsePrivilege.ManageTemplates, all: true);
        return host.Client("alice@t1");
    }

    [Fact]
    public async Task A_saved_definition_reads_back_with_its_name_and_its_values_and_formulas_over_it_are_read_under_that_name()
    {
        await using var host = await ServiceHost.StartAsync();
        var alice = Manager(host);
        var name = JsonSerializer.Deserialize<StatisticDefinition>(Fast, JsonSerializerOptions.Web)!.NameFor(ObjectType.Queue);

        var created = await alice.PostAsync("/api/wbrt/templates", Json(Template(
            """{"alias":"Answered","statisticType":"Answered"}""", Defined("Fast", Fast),
            """{"alias":"FastPct","formula":"Result = G.Percent(Data.Fast.Value, Data.Answered.Value);","displayFormat":"Percent"}""")));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var template = await created.ReadJsonAsync();
        var id = template.GetProperty("id").GetGuid();
        var layout = await host.Store.SaveLayoutAsync(new Layout
        {
            Id = Guid.NewGuid(), Tenant = "t1", TemplateId = id, Name = "Defined", Owner = "alice", Objects = [new(ObjectType.Queue, "q1")],
        });
        await host.Store.SaveTabAsync(new Tab { Id = Guid.NewGuid(), Tenant = "t1", Owner = "alice", Name = "Main", LayoutIds = [layout.Id] });
        host.Scripted.Publish(ServiceHost.Change("t1", "q1", "Answered", 40), ServiceHost.Change("t1", "q1", name, 30));

        var fast = template.GetProperty("statistics")[1];
        Assert.Equal(name, fast.GetProperty("statisticType").GetString());
        Assert.Equal("TotalNumberInTimeRange", fast.GetProperty("definition").GetProperty("category").GetString());
        Assert.Equal("0-10", fast.GetProperty("definition").GetProperty("timeRange").GetString());
        Assert.Equal("TimeBased(2)", fast.GetProperty("definition").GetProperty("notification").GetString());
        Assert.False(fast.GetProperty("definition").TryGetProperty("subject", out _));
        var stored = (await host.Store.GetTemplateAsync("t1", id))!.Statistics[1];
        Assert.Equal(name, stored.StatisticType);
        Assert.Equal("Media(Voice)", stored.Definition!.Filter);

        var values = (await (await alice.GetAsync($"/api/wbrt/layouts/{layout.Id}/snapshot")).ReadJsonAsync()).GetProperty("values").EnumerateArray()
            .ToDictionary(v => v.GetProperty("alias").GetString()!);
        Assert.Equal(30, values["Fast"].GetProperty("value").GetDouble());
        Assert.Equal(name, values["Fast"].GetProperty("statistic").GetString());
        Assert.Equal(75, values["FastPct"].GetProperty("value").GetDouble(), 9);

        // The query API reads it by its name, as the catalogue's statistics; a name of that form no layout has gives nothing.
        var queried = await alice.PostAsync("/api/wbrt/queries", Json($$"""{"objects":[{"type":"Queue","id":"q1"}],"statistics":["{{name}}","def_0123456789abcdef"]}"""));
        Assert.Equal(HttpStatusCode.OK, queried.StatusCode);
        var item = Assert.Single((await queried.ReadJsonAsync()).GetProperty("items").EnumerateArray());
        Assert.Equal(name, item.GetProperty("statistic").GetString());
        Assert.Equal(30, item.GetProperty("value").GetDouble());

        // What a GET answers can be sent back as it is (an editor's round trip).
        var put = await alice.PutAsync($"/api/wbrt/templates/{id}", Json(template.GetRawText()));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
    }

    [Theory]
    [InlineData("""{"category":"TotalNumber","mainMask":"CallAnsw"}""", "statistics[1].definition.mainMask: action mask term 'CallAnsw' matches no action")]
    [InlineData("""{"category":"TotalNumberInTimeRange","mainMask":"CallAnswered"}""", "statistics[1].definition: category TotalNumberInTimeRange needs a Range")]
    [InlineData("""{"category":"CurrentState"}""", "statistics[1].definition: category CurrentState applies to Agent objects only")]
    [InlineData("""{"category":"TotalNumber","mainMask":"CallAnswered","filter":"Media(Fax)"}""", "statistics[1].definition.filter: 'Fax' is not a media type")]
    [InlineData("""{"category":"TotalNumber","mainMask":"CallAnswered","notification":"Sometimes"}""", "statistics[1].definition.notification: 'Sometimes' is not a notification mode")]
    [InlineData("""{"category":"TotalNumber","mainMask":"CallAnswered","objectTypes":["Agent"]}""", "statistics[1].definition.objectTypes: the template shows Queue objects")]
    public async Task A_definition_that_is_not_valid_is_refused_400_naming_the_field_and_nothing_is_stored(string definition, string message)
    {
        await using var host = await ServiceHost.StartAsync();
        var alice = Manager(host);

        var post = await alice.PostAsync("/api/wbrt/templates", Json(Template("""{"alias":"Answered","statisticType":"Answered"}""", Defined("Bad", definition))));

        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.StartsWith(message, await post.MessageAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await host.Store.GetUscnAsync("t1"));
    }

    [Fact]
    public async Task A_definition_with_a_formula_or_with_another_statistics_name_is_refused()
    {
        await using var host = await ServiceHost.StartAsync();
        var alice = Manager(host);

        var withFormula = await alice.PostAsync("/api/wbrt/templates", Json(Template($$"""{"alias":"F","formula":"Result = 1;","definition":{{Fast}}}""")));
        var misnamed = await alice.PostAsync("/api/wbrt/templates", Json(Template($$"""{"alias":"F","statisticType":"Answered","definition":{{Fast}}}""")));
        var noCategory = await alice.PostAsync("/api/wbrt/templates", Json(Template("""{"alias":"F","definition":{"mainMask":"CallAnswered"}}""")));

        Assert.Equal(HttpStatusCode.BadRequest, withFormula.StatusCode);
        Assert.StartsWith("statistics[0].definition: a statistic with a formula has no definition", await withFormula.MessageAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, misnamed.StatusCode);
        Assert.StartsWith("statistics[0].statisticType: a statistic with a definition is named by it (def_", await misnamed.MessageAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, noCategory.StatusCode);
        Assert.Contains("category", await noCategory.MessageAsync(), StringComparison.Ordinal);
    }
}
