using System.Net;
using System.Net.Http.Json;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Service.Tests.Support;
using static Pulse.Sdk.Service.Tests.Support.HttpJson;

namespace Pulse.Sdk.Service.Tests.Api;

/// <summary>A template's <c>widgetType</c>: the wallboard's types (Bar and Line included) are stored and read back; others are refused.</summary>
public sealed class WidgetTypeApiTests
{
    private static object Template(string widgetType) => new
    {
        name = "Queues", widgetType, objectType = "Queue",
        statistics = new[] { new { alias = "Waiting", statisticType = "Waiting", displayFormat = "Integer" } },
    };

    [Theory]
    [InlineData("Kpi")]
    [InlineData("Bar")]
    [InlineData("Line")]
    public async Task A_template_of_a_wallboard_widget_type_is_saved_and_read_back(string widgetType)
    {
        await using var host = await ServiceHost.StartAsync();
        host.Permissions.Set("t1", "alice", PulsePrivilege.ManageTemplates, all: true);
        var alice = host.Client("alice@t1");

        var created = await alice.PostAsJsonAsync("/api/wbrt/templates", Template(widgetType));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
        var read = await (await alice.GetAsync($"/api/wbrt/templates/{id}")).ReadJsonAsync();
        Assert.Equal(widgetType, read.GetProperty("widgetType").GetString());
    }

    [Fact]
    public async Task A_template_of_an_unknown_widget_type_is_refused()
    {
        await using var host = await ServiceHost.StartAsync();
        host.Permissions.Set("t1", "alice", PulsePrivilege.ManageTemplates, all: true);

        var response = await host.Client("alice@t1").PostAsJsonAsync("/api/wbrt/templates", Template("Pie"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
