using System.Net;
using System.Text.Json;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Service.Tests.Support;
using Pulse.Sdk.Statistics;
using static Pulse.Sdk.Service.Tests.Support.HttpJson;

namespace Pulse.Sdk.Service.Tests.Api;

/// <summary>
/// The display options of a template's statistics (docs/api.md, "Display formats"): <c>decimals</c> and
/// <c>statusDisplay</c> saved and read back, absent when not set, refused with the field's name when wrong.
/// </summary>
public sealed class TemplateDisplayFormatTests
{
    private static string Template(string objectType, params string[] statistics) =>
        $$"""{"name":"Display","objectType":"{{objectType}}","statistics":[{{string.Join(',', statistics)}}]}""";

    private const string Waiting = """{"alias":"W","statisticType":"Waiting","displayFormat":"Integer"}""";

    private static async Task<HttpClient> AliceAsync(ServiceHost host)
    {
        host.Permissions.Set("t1", "alice", PulsePrivilege.ManageTemplates, all: true);
        return host.Client("alice@t1");
    }

    [Fact]
    public async Task Display_options_are_saved_and_read_back_and_absent_when_not_set()
    {
        await using var host = await ServiceHost.StartAsync();
        var alice = await AliceAsync(host);
        var body = Template("Agent",
            """{"alias":"State","statisticType":"CurrentState","displayFormat":"Status","statusDisplay":{"showStatus":true,"showIcon":true,"showDuration":false,"showMedia":true,"showDnd":true,"template":"${status} ${media} ${duration}"}}""",
            """{"alias":"Plain","statisticType":"CurrentState","displayFormat":"Status"}""");

        var created = await alice.PostAsync("/api/wbrt/templates", Json(body));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
        var read = await (await alice.GetAsync($"/api/wbrt/templates/{id}")).ReadJsonAsync();

        var statistics = read.GetProperty("statistics");
        var display = statistics[0].GetProperty("statusDisplay");
        Assert.Equal("""{"showStatus":true,"showIcon":true,"showDuration":false,"showMedia":true,"showDnd":true,"template":"${status} ${media} ${duration}"}""", display.GetRawText().Replace("\\u0024", "$"));
        Assert.False(statistics[1].TryGetProperty("statusDisplay", out _));
        Assert.False(statistics[1].TryGetProperty("decimals", out _));
        var stored = await host.Store.GetTemplateAsync("t1", id);
        Assert.Equal(new StatusDisplay { ShowIcon = true, ShowDuration = false, ShowMedia = true, ShowDnd = true, Template = "${status} ${media} ${duration}" }, stored!.Statistics[0].StatusDisplay);
        Assert.Null(stored.Statistics[1].StatusDisplay);
    }

    [Fact]
    public async Task Decimals_are_saved_and_shape_the_formatted_value()
    {
        await using var host = await ServiceHost.StartAsync();
        var alice = await AliceAsync(host);
        var created = await alice.PostAsync("/api/wbrt/templates", Json(Template("Queue", """{"alias":"Asa","statisticType":"ASA","displayFormat":"Number","decimals":4}""")));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
        var layout = await host.Store.SaveLayoutAsync(new Layout { Id = Guid.NewGuid(), Tenant = "t1", TemplateId = id, Name = "L", Owner = "alice", Objects = [new(ObjectType.Queue, "q1")] });
        await host.Store.SaveTabAsync(new Tab { Id = Guid.NewGuid(), Tenant = "t1", Owner = "alice", Name = "Main", LayoutIds = [layout.Id] });
        host.Permissions.Set("t1", "alice", PulsePrivilege.ViewDashboard, all: true);
        host.Scripted.Publish(ServiceHost.Change("t1", "q1", "ASA", 12.345678));

        var snapshot = await (await alice.GetAsync($"/api/wbrt/layouts/{layout.Id}/snapshot?values=formatted")).ReadJsonAsync();

        Assert.Equal(4, (await (await alice.GetAsync($"/api/wbrt/templates/{id}")).ReadJsonAsync()).GetProperty("statistics")[0].GetProperty("decimals").GetInt32());
        Assert.Equal("12.3457", snapshot.GetProperty("values")[0].GetProperty("formatted").GetString());
    }

    public static TheoryData<string, string, string> Invalid => new()
    {
        { "Queue", """{"alias":"X","statisticType":"Waiting","displayFormat":"Integer","decimals":2}""", "statistics[1].decimals: only with displayFormat Number, was Integer" },
        { "Queue", """{"alias":"X","statisticType":"Waiting","displayFormat":"Number","decimals":7}""", "statistics[1].decimals: 0 to 6, was 7" },
        { "Queue", """{"alias":"X","statisticType":"Waiting","displayFormat":"Number","decimals":-1}""", "statistics[1].decimals: 0 to 6, was -1" },
        { "Queue", """{"alias":"X","statisticType":"Waiting","displayFormat":"Time","statusDisplay":{}}""", "statistics[1].statusDisplay: only with displayFormat Status, was Time" },
        { "Agent", """{"alias":"S","statisticType":"CurrentState","displayFormat":"Status","statusDisplay":{"template":"${status} ${foo}"}}""",
            "statistics[1].statusDisplay.template: unknown variable ${foo}; use ${status}, ${media}, ${duration}, ${dnd}, ${reason}" },
        { "Agent", """{"alias":"S","statisticType":"CurrentState","displayFormat":"Status","statusDisplay":{"template":"  "}}""", "statistics[1].statusDisplay.template: must not be empty" },
        { "Agent", """{"alias":"S","statisticType":"CurrentState","displayFormat":"Status","statusDisplay":{"template":"a\nb"}}""", "statistics[1].statusDisplay.template: must not contain control characters" },
        { "Agent", """{"alias":"S","statisticType":"CurrentState","displayFormat":"Status","statusDisplay":{"showStatus":false,"showDuration":false,"showDnd":true}}""",
            "statistics[1].statusDisplay: shows nothing; set showStatus, showIcon, showDuration, showMedia or a template" },
        { "Agent", """{"alias":"S","statisticType":"CurrentState","displayFormat":"Status","statusDisplay":{"showColour":true}}""", "statistics[1].statusDisplay.showColour: unknown field" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task Wrong_display_options_are_400_naming_the_field(string objectType, string statistic, string expected)
    {
        await using var host = await ServiceHost.StartAsync();
        var alice = await AliceAsync(host);
        var first = objectType == "Queue" ? Waiting : """{"alias":"First","statisticType":"CurrentState","displayFormat":"Status"}""";

        var response = await alice.PostAsync("/api/wbrt/templates", Json(Template(objectType, first, statistic)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(expected, await response.MessageAsync(), StringComparison.Ordinal);
        Assert.Empty(await host.Store.GetTemplatesAsync("t1"));
    }

    [Fact]
    public async Task A_long_template_is_refused_with_its_length()
    {
        await using var host = await ServiceHost.StartAsync();
        var alice = await AliceAsync(host);
        var statistic = JsonSerializer.Serialize(new { alias = "S", statisticType = "CurrentState", displayFormat = "Status", statusDisplay = new { template = new string('x', 1001) } });

        var response = await alice.PostAsync("/api/wbrt/templates", Json(Template("Agent", statistic)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("statistics[0].statusDisplay.template: at most 1000 characters, was 1001", await response.MessageAsync(), StringComparison.Ordinal);
    }
}
