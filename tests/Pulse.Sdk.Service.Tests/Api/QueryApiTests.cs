using System.Net;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Service.Tests.Support;
using Pulse.Sdk.Statistics;
using static Pulse.Sdk.Service.Tests.Support.HttpJson;

namespace Pulse.Sdk.Service.Tests.Api;

/// <summary>Values without a widget (docs/api.md, "Query API"): the catalogue, and current values once, filtered by permission.</summary>
public sealed class QueryApiTests
{
    private static readonly (ObjectType, string)[] OnlyQ1 = [(ObjectType.Queue, "q1")];

    [Fact]
    public async Task The_catalogue_lists_each_statistic_once_with_its_kinds_format_and_description()
    {
        await using var host = await ServiceHost.StartAsync();
        host.Permissions.Set("t1", "alice", PulsePrivilege.ViewDashboardRestricted, OnlyQ1);
        var alice = host.Client("alice@t1");

        var all = (await (await alice.GetAsync("/api/wbrt/statistics")).ReadJsonAsync()).GetProperty("items").EnumerateArray().ToList();
        var queue = (await (await alice.GetAsync("/api/wbrt/statistics?type=Queue")).ReadJsonAsync()).GetProperty("items").EnumerateArray().ToList();

        var names = all.Select(s => s.GetProperty("name").GetString()).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Equal(StandardCatalogue.For(ObjectType.Queue).Select(s => s.Name).Order(StringComparer.Ordinal),
            queue.Select(s => s.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
        var entered = all.Single(s => s.GetProperty("name").GetString() == "Entered");
        Assert.Equal("Integer", entered.GetProperty("format").GetString());
        Assert.Equal("TotalNumber", entered.GetProperty("category").GetString());
        Assert.Contains("Queue", entered.GetProperty("objectTypes").EnumerateArray().Select(t => t.GetString()));
        Assert.StartsWith("type:", await (await alice.GetAsync("/api/wbrt/statistics?type=Dragon")).MessageAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_answers_the_current_values_of_the_objects_the_user_may_see_and_no_others()
    {
        await using var host = await ServiceHost.StartAsync();
        host.Permissions.Set("t1", "alice", PulsePrivilege.ViewDashboard, OnlyQ1);
        host.Permissions.Set("t1", "bob", PulsePrivilege.ViewDashboard, all: true);
        host.Scripted.Publish(ServiceHost.Change("t1", "q1", "Waiting", 3), ServiceHost.Change("t1", "q2", "Waiting", 99),
            ServiceHost.Change("t1", "q1", "Entered", 40));
        var alice = host.Client("alice@t1");
        var bob = host.Client("bob@t1");
        const string ByKind = """{"objectTypes":["Queue"],"statistics":["Waiting","Entered"]}""";

        var mine = (await (await alice.PostAsync("/api/wbrt/queries", Json(ByKind))).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Select(v => $"{v.GetProperty("object").GetProperty("id").GetString()}/{v.GetProperty("statistic").GetString()}={v.GetProperty("value").GetDouble()}").ToList();
        var everyone = (await (await bob.PostAsync("/api/wbrt/queries", Json(ByKind))).ReadJsonAsync()).GetProperty("items").EnumerateArray().Count();

        Assert.Equal(["q1/Waiting=3", "q1/Entered=40"], mine);
        Assert.Equal(3, everyone);
        // An object outside the access answers exactly like one that does not exist.
        var hidden = await alice.PostAsync("/api/wbrt/queries", Json("""{"objects":[{"type":"Queue","id":"q2"}],"statistics":["Waiting"]}"""));
        var missing = await alice.PostAsync("/api/wbrt/queries", Json("""{"objects":[{"type":"Queue","id":"q9"}],"statistics":["Waiting"]}"""));
        Assert.Equal(HttpStatusCode.BadRequest, hidden.StatusCode);
        Assert.Equal("objects[0]: no object Queue:q2", await hidden.MessageAsync());
        Assert.Equal("objects[0]: no object Queue:q9", await missing.MessageAsync());
    }

    [Fact]
    public async Task Grouped_by_object_a_query_gives_one_row_per_object_with_its_statistics()
    {
        await using var host = await ServiceHost.StartAsync();
        host.Permissions.Set("t1", "bob", PulsePrivilege.ViewDashboard, all: true);
        host.Scripted.Publish(ServiceHost.Change("t1", "q1", "Waiting", 3), ServiceHost.Change("t1", "q2", "Waiting", 99), ServiceHost.Change("t1", "q1", "Entered", 40));
        var bob = host.Client("bob@t1");

        var rows = (await (await bob.PostAsync("/api/wbrt/queries", Json("""
            {"objects":[{"type":"Queue","id":"q1"},{"type":"Queue","id":"q2"}],"statistics":["Waiting","Entered"],"groupBy":"object"}
            """))).ReadJsonAsync()).GetProperty("items").EnumerateArray().ToList();

        Assert.Equal(["q1", "q2"], rows.Select(r => r.GetProperty("object").GetProperty("id").GetString()));
        Assert.Equal(40, rows[0].GetProperty("values").GetProperty("Entered").GetProperty("value").GetDouble());
        Assert.Equal(99, rows[1].GetProperty("values").GetProperty("Waiting").GetProperty("value").GetDouble());
        Assert.False(rows[1].GetProperty("values").TryGetProperty("Entered", out _));
    }

    [Theory]
    [InlineData("""{"statistics":["Waiting"]}""", "objects: give objects, objectTypes or both")]
    [InlineData("""{"objectTypes":["Queue"],"statistics":[]}""", "statistics: at least one statistic name")]
    [InlineData("""{"objectTypes":["Queue"],"statistics":["Waiting","NoSuchStatistic"]}""", "statistics[1]: no statistic 'NoSuchStatistic'")]
    [InlineData("""{"objectTypes":["Queue"],"statistics":["Waiting"],"groupBy":"tenant"}""", "groupBy: 'object' or absent")]
    [InlineData("""{"objectTypes":["Dragon"],"statistics":["Waiting"]}""", "objectTypes[0]: not a valid value here")]
    [InlineData("""{"objectTypes":["Queue"],"statistics":["Waiting"],"colour":"red"}""", "colour: unknown field")]
    public async Task A_bad_query_is_400_naming_the_field(string body, string message)
    {
        await using var host = await ServiceHost.StartAsync();
        host.Permissions.Set("t1", "bob", PulsePrivilege.ViewDashboard, all: true);

        var response = await host.Client("bob@t1").PostAsync("/api/wbrt/queries", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(message, await response.MessageAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restricted_viewer_may_read_the_catalogue_but_not_query()
    {
        await using var host = await ServiceHost.StartAsync();
        host.Permissions.Set("t1", "carol", PulsePrivilege.ViewDashboardRestricted, all: true);
        var carol = host.Client("carol@t1");

        Assert.Equal(HttpStatusCode.OK, (await carol.GetAsync("/api/wbrt/statistics")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await carol.PostAsync("/api/wbrt/queries", Json("""{"objectTypes":["Queue"],"statistics":["Waiting"]}"""))).StatusCode);
    }
}
