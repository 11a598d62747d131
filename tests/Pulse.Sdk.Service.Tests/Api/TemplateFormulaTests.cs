using System.Globalization;
using System.Net;
using System.Text.Json;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Service.Tests.Support;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Storage;
using static Pulse.Sdk.Service.Tests.Support.HttpJson;

namespace Pulse.Sdk.Service.Tests.Api;

/// <summary>
/// Formula statistics of templates in the web service (docs/formulas.md, "Templates in the web service"), on real Kestrel:
/// checked on save with line and column, computed when a layout's values are read, an error for one cell only.
/// </summary>
public sealed class TemplateFormulaTests
{
    private const string Sl = "Result = G.Percent(Data.Within.Value, Data.Answered.Value + Data.Abandoned.Value);";

    private static string Template(params string[] statistics) =>
        $$"""{"name":"Formulas","widgetType":"Grid","objectType":"Queue","statistics":[{{string.Join(',', statistics)}}]}""";

    private static string Stat(string alias, string type, string format = "Integer") => $$"""{"alias":"{{alias}}","statisticType":"{{type}}","displayFormat":"{{format}}"}""";

    private static string Formula(string alias, string formula, string format = "Number") =>
        $$"""{"alias":"{{alias}}","formula":{{JsonSerializer.Serialize(formula)}},"displayFormat":"{{format}}"}""";

    private static readonly string[] Inputs = [Stat("Answered", "Answered"), Stat("Abandoned", "Abandoned"), Stat("Within", "AnsweredWithinThreshold")];

    private static async Task<(HttpClient Alice, Guid Layout)> SaveAsync(ServiceHost host, string template)
    {
        host.Permissions.Set("t1", "alice", PulsePrivilege.ManageTemplates, all: true);
        var alice = host.Client("alice@t1");
        var response = await alice.PostAsync("/api/wbrt/templates", Json(template));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
        var layout = await host.Store.SaveLayoutAsync(new Layout
        {
            Id = Guid.NewGuid(), Tenant = "t1", TemplateId = id, Name = "Formulas", Owner = "alice", Objects = [new(ObjectType.Queue, "q1"), new(ObjectType.Queue, "q2")],
        });
        await host.Store.SaveTabAsync(new Tab { Id = Guid.NewGuid(), Tenant = "t1", Owner = "alice", Name = "Main", LayoutIds = [layout.Id] });
        return (alice, layout.Id);
    }

    private static void Publish(ServiceHost host, string queue, double answered, double abandoned, double within) => host.Scripted.Publish(
        ServiceHost.Change("t1", queue, "Answered", answered), ServiceHost.Change("t1", queue, "Abandoned", abandoned),
        ServiceHost.Change("t1", queue, "AnsweredWithinThreshold", within));

    private static Dictionary<(string Id, string Alias), JsonElement> Values(JsonElement snapshot) =>
        snapshot.GetProperty("values").EnumerateArray().ToDictionary(v => (v.GetProperty("object").GetProperty("id").GetString()!, v.GetProperty("alias").GetString()!));

    [Fact]
    public async Task A_saved_formulas_snapshot_value_is_the_same_arithmetic_over_the_published_values()
    {
        await using var host = await ServiceHost.StartAsync();
        var (alice, layout) = await SaveAsync(host, Template([.. Inputs, Formula("SL", Sl, "Percent"), Formula("Aht", "Result = G.FormatTime(Data.Answered.Value * 61);", "String")]));
        Publish(host, "q1", 40, 10, 30);
        Publish(host, "q2", 7, 2, 3);

        var template = (await (await alice.GetAsync("/api/wbrt/templates")).ReadJsonAsync()).GetProperty("items")[0];
        var values = Values(await (await alice.GetAsync($"/api/wbrt/layouts/{layout}/snapshot")).ReadJsonAsync());
        var formatted = Values(await (await alice.GetAsync($"/api/wbrt/layouts/{layout}/snapshot?values=formatted")).ReadJsonAsync());

        var sl = template.GetProperty("statistics")[3];
        Assert.Equal(Sl, sl.GetProperty("formula").GetString());
        Assert.False(sl.TryGetProperty("statisticType", out _));
        Assert.False(template.GetProperty("statistics")[0].TryGetProperty("formula", out _));
        Assert.Equal(100.0 * 30 / (40 + 10), values[("q1", "SL")].GetProperty("value").GetDouble(), 9);
        Assert.Equal(100.0 * 3 / (7 + 2), values[("q2", "SL")].GetProperty("value").GetDouble(), 9);
        Assert.Equal("", values[("q1", "SL")].GetProperty("statistic").GetString());
        Assert.False(values[("q1", "SL")].TryGetProperty("error", out _));
        Assert.Equal("60.0%", formatted[("q1", "SL")].GetProperty("formatted").GetString());
        Assert.Equal("00:40:40", values[("q1", "Aht")].GetProperty("text").GetString());
        Assert.Equal(JsonValueKind.Null, values[("q1", "Aht")].GetProperty("value").ValueKind);
        Assert.Equal(40, values[("q1", "Answered")].GetProperty("value").GetDouble());
    }

    [Theory]
    [InlineData("Result = (Data.Answered.Value;", "statistics[3].formula: line 1, column ")]
    [InlineData("var x = 1;\nResult = Data.Entred.Value;", "statistics[3].formula: line 2, column 15: unknown alias 'Entred'")]
    [InlineData("Result = Data.Bad.Value + 1;", "statistics[3].formula: 'Bad' reads itself through other formulas (Bad): a formula may read another only if that one does not read it back")]
    [InlineData("Result = Data.Other.Value;", "statistics[3].formula: 'Bad' reads itself through other formulas (Bad, Other): a formula may read another only if that one does not read it back")]
    [InlineData("", "statistics[3].formula: must not be empty")]
    public async Task A_formula_that_does_not_compile_is_refused_400_with_line_and_column_by_post_put_and_import(string formula, string message)
    {
        await using var host = await ServiceHost.StartAsync();
        host.Permissions.Set("t1", "alice", PulsePrivilege.ManageTemplates, all: true);
        var alice = host.Client("alice@t1");
        var body = Template([.. Inputs, Formula("Bad", formula), Formula("Other", "Result = Data.Bad.Value;")]);
        var id = Guid.NewGuid();

        var post = await alice.PostAsync("/api/wbrt/templates", Json(body));
        var put = await alice.PutAsync($"/api/wbrt/templates/{id}", Json(body));
        var import = await alice.PostAsync("/api/wbrt/import", Json($$"""{"templates":[{{body.Insert(1, $"\"id\":\"{id}\",")}}]}"""));

        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.StartsWith(message, await post.MessageAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.StartsWith(message, await put.MessageAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, import.StatusCode);
        Assert.StartsWith("templates[0]." + message, await import.MessageAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await host.Store.GetUscnAsync("t1"));
    }

    [Fact]
    public async Task A_formula_with_a_statistic_type_or_longer_than_4000_characters_is_refused()
    {
        await using var host = await ServiceHost.StartAsync();
        host.Permissions.Set("t1", "alice", PulsePrivilege.ManageTemplates, all: true);
        var alice = host.Client("alice@t1");

        var both = await alice.PostAsync("/api/wbrt/templates", Json(Template(Stat("A", "Answered"), """{"alias":"F","statisticType":"Answered","formula":"Result = 1;"}""")));
        var tooLong = await alice.PostAsync("/api/wbrt/templates", Json(Template(Stat("A", "Answered"), Formula("F", "Result = 1;" + new string(' ', 4000)))));

        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        Assert.StartsWith("statistics[1].statisticType: a statistic with a formula has no statisticType", await both.MessageAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal("statistics[1].formula: at most 4000 characters, was 4011", await tooLong.MessageAsync());
    }

    [Fact]
    public async Task A_formula_that_throws_or_loops_gives_its_message_for_that_cell_and_the_other_cells_have_numbers()
    {
        await using var host = await ServiceHost.StartAsync();
        var (alice, layout) = await SaveAsync(host, Template([.. Inputs,
            Formula("Boom", "if (Data.Answered.Value > 5) throw new Error('too many calls: ' + Data.Answered.Value);\nResult = 1;"),
            Formula("Loop", "while (true) {}"),
            Formula("SL", Sl, "Percent")]));
        Publish(host, "q1", 40, 10, 30);
        Publish(host, "q2", 4, 0, 4);

        var values = Values(await (await alice.GetAsync($"/api/wbrt/layouts/{layout}/snapshot")).ReadJsonAsync());

        Assert.Equal("too many calls: 40", values[("q1", "Boom")].GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, values[("q1", "Boom")].GetProperty("value").ValueKind);
        Assert.Equal(1, values[("q2", "Boom")].GetProperty("value").GetDouble());
        Assert.False(values[("q2", "Boom")].TryGetProperty("error", out _));
        foreach (var q in new[] { "q1", "q2" })
        {
            Assert.Contains("FormulaOptions.", values[(q, "Loop")].GetProperty("error").GetString(), StringComparison.Ordinal);
            Assert.Equal(JsonValueKind.Number, values[(q, "SL")].GetProperty("value").ValueKind);
            Assert.Equal(JsonValueKind.Number, values[(q, "Answered")].GetProperty("value").ValueKind);
        }
        Assert.Equal(100, values[("q2", "SL")].GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task Formulas_reading_formulas_are_computed_after_them_whatever_their_order_in_the_template()
    {
        await using var host = await ServiceHost.StartAsync();
        // Declared readers first: the order of computation comes from what each formula reads, not from the template.
        var (alice, layout) = await SaveAsync(host, Template([.. Inputs,
            Formula("Twice", "Result = 2 * Data.Share.Value;"),
            Formula("Share", "Result = G.Percent(Data.Within.Value, Data.Ended.Value);", "Percent"),
            Formula("Ended", "Result = Data.Answered.Value + Data.Abandoned.Value;"),
            Formula("Label", "Result = Data.Share.Value > 50 ? 'good' : 'poor';", "String"),
            Formula("FromLabel", "Result = Data.Label.Value + 1;"),
            Formula("Boom", "throw new Error('no');"),
            Formula("AfterBoom", "Result = Data.Boom.Value;")]));
        Publish(host, "q1", 40, 10, 30);

        var values = Values(await (await alice.GetAsync($"/api/wbrt/layouts/{layout}/snapshot")).ReadJsonAsync());

        Assert.Equal(50, values[("q1", "Ended")].GetProperty("value").GetDouble());
        Assert.Equal(100.0 * 30 / 50, values[("q1", "Share")].GetProperty("value").GetDouble());
        Assert.Equal(2 * (100.0 * 30 / 50), values[("q1", "Twice")].GetProperty("value").GetDouble());
        Assert.Equal("good", values[("q1", "Label")].GetProperty("text").GetString());
        // A text result reads as NaN, and NaN is no result.
        Assert.StartsWith("Result is NaN", values[("q1", "FromLabel")].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("reads 'Boom', which has no value", values[("q1", "AfterBoom")].GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_stored_cycle_gives_an_error_for_its_formulas_and_those_reading_them_and_the_others_have_values()
    {
        await using var host = await ServiceHost.StartAsync();
        host.Permissions.Set("t1", "alice", PulsePrivilege.ManageTemplates, all: true);
        var alice = host.Client("alice@t1");
        // Saving refuses a cycle; a store written by other code may still hold one.
        var template = await host.Store.SaveTemplateAsync(new WidgetTemplate
        {
            Id = Guid.NewGuid(), Tenant = "t1", Name = "cycle", ObjectType = ObjectType.Queue,
            Statistics =
            [
                new("Answered", "Answered"),
                new("A", "") { Formula = "Result = Data.B.Value + 1;" },
                new("B", "") { Formula = "Result = Data.A.Value + 1;" },
                new("C", "") { Formula = "Result = Data.B.Value;" },
                new("D", "") { Formula = "Result = Data.Answered.Value * 3;" },
            ],
        });
        var layout = await host.Store.SaveLayoutAsync(new Layout { Id = Guid.NewGuid(), Tenant = "t1", TemplateId = template.Id, Name = "c", Owner = "alice", Objects = [new(ObjectType.Queue, "q1")] });
        await host.Store.SaveTabAsync(new Tab { Id = Guid.NewGuid(), Tenant = "t1", Owner = "alice", Name = "Main", LayoutIds = [layout.Id] });
        host.Scripted.Publish(ServiceHost.Change("t1", "q1", "Answered", 7));

        var values = Values(await (await alice.GetAsync($"/api/wbrt/layouts/{layout.Id}/snapshot")).ReadJsonAsync());

        Assert.StartsWith("'A' reads itself through other formulas (A, B)", values[("q1", "A")].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("'B' reads itself through other formulas (A, B)", values[("q1", "B")].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("reads 'B', which has no value", values[("q1", "C")].GetProperty("error").GetString());
        Assert.Equal(21, values[("q1", "D")].GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task The_csv_export_carries_the_formula_values_and_errors()
    {
        await using var host = await ServiceHost.StartAsync();
        var (alice, layout) = await SaveAsync(host, Template([.. Inputs, Formula("SL", Sl, "Percent"), Formula("Boom", "throw 'no calls yet';")]));
        Publish(host, "q1", 3, 1, 2);

        var csv = CsvReader.Records(await (await alice.GetAsync($"/api/wbrt/layouts/{layout}/snapshot?format=csv")).Content.ReadAsStringAsync());
        var formatted = CsvReader.Records(await (await alice.GetAsync($"/api/wbrt/layouts/{layout}/snapshot?format=csv&values=formatted")).Content.ReadAsStringAsync());

        var sl = Assert.Single(csv, r => r["alias"] == "SL");
        Assert.Equal((100.0 * 2 / 4).ToString("R", CultureInfo.InvariantCulture), sl["value"]);
        Assert.Equal("", sl["statistic"]);
        Assert.Equal("#ERROR: no calls yet", Assert.Single(csv, r => r["alias"] == "Boom")["value"]);
        Assert.Equal("50.0%", Assert.Single(formatted, r => r["alias"] == "SL")["value"]);
        Assert.Equal(5, csv.Count);
    }

    [Fact]
    public async Task The_live_push_snapshot_carries_formula_values_and_errors()
    {
        await using var host = await ServiceHost.StartAsync();
        var (_, layout) = await SaveAsync(host, Template([.. Inputs, Formula("SL", Sl, "Percent"), Formula("Boom", "throw new Error('no calls yet');")]));
        Publish(host, "q1", 3, 1, 2);
        await using var live = await LiveClient.ConnectAsync(host, "alice@t1");

        await live.SendAsync(new { op = "subscribe", sub = "s1", layouts = new[] { layout } });
        var values = Values(await live.ReceiveAsync("snapshot"));

        Assert.Equal(50, values[("q1", "SL")].GetProperty("value").GetDouble());
        Assert.Equal("no calls yet", values[("q1", "Boom")].GetProperty("error").GetString());
        Assert.Equal(3, values[("q1", "Answered")].GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task A_live_delta_carries_the_formula_cells_of_the_rows_whose_inputs_changed()
    {
        await using var host = await ServiceHost.StartAsync();
        var (_, layout) = await SaveAsync(host, Template([.. Inputs, Formula("SL", Sl, "Percent")]));
        Publish(host, "q1", 3, 1, 2);
        Publish(host, "q2", 1, 1, 1);
        await using var live = await LiveClient.ConnectAsync(host, "alice@t1");
        await live.SendAsync(new { op = "subscribe", sub = "s1", layouts = new[] { layout } });
        Assert.Equal(50, Values(await live.ReceiveAsync("snapshot"))[("q1", "SL")].GetProperty("value").GetDouble());

        host.Scripted.Publish(ServiceHost.Change("t1", "q1", "Answered", 4));
        var delta = Values(await live.ReceiveAsync("delta"));

        Assert.Equal(4, delta[("q1", "Answered")].GetProperty("value").GetDouble());
        Assert.Equal(40, delta[("q1", "SL")].GetProperty("value").GetDouble()); // 2 within of 4 + 1
        Assert.False(delta.ContainsKey(("q2", "SL")), "q2's inputs did not change");
    }

    [Fact]
    public async Task A_formulas_history_is_computed_from_the_histories_of_what_it_reads_through_other_formulas()
    {
        await using var host = await ServiceHost.StartAsync();
        var (alice, layout) = await SaveAsync(host, Template([.. Inputs, Formula("Ended", "Result = Data.Answered.Value + Data.Abandoned.Value;"),
            Formula("SL", "Result = G.Percent(Data.Within.Value, Data.Ended.Value);", "Percent")]));
        host.Scripted.HistoryResolutions = [TimeSpan.FromSeconds(1)];
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-5);
        StatisticHistoryPoint P(int second, double value) => new(t0.AddSeconds(second), new StatisticValue(value));
        // Each statistic has points at its own times; between two, the last one holds.
        host.Scripted.HistoryOf["Answered"] = [P(0, 10), P(2, 12)];
        host.Scripted.HistoryOf["Abandoned"] = [P(0, 0), P(1, 2)];
        host.Scripted.HistoryOf["AnsweredWithinThreshold"] = [P(0, 5), P(2, 9)];
        host.Scripted.History.Add(P(0, 1e9)); // any other statistic: the formula must not read it

        var response = await alice.GetAsync($"/api/wbrt/layouts/{layout}/history?object=Queue:q1&alias=SL&resolution=1s&from={Uri.EscapeDataString(t0.AddSeconds(-1).ToString("O"))}");
        var points = (await response.ReadJsonAsync()).GetProperty("points").EnumerateArray()
            .Select(p => (p.GetProperty("time").GetDateTimeOffset(), p.GetProperty("value").GetDouble())).ToList();

        Assert.Equal([(t0, 100.0 * 5 / 10), (t0.AddSeconds(1), 100.0 * 5 / 12), (t0.AddSeconds(2), 100.0 * 9 / 14)], points);
    }

    [Fact]
    public async Task The_out_of_the_box_formulas_are_accepted_by_the_api_and_compute_their_shares()
    {
        await using var host = await ServiceHost.StartAsync();
        host.Permissions.Set("t1", "alice", PulsePrivilege.ManageTemplates, all: true);
        var alice = host.Client("alice@t1");
        var templates = StandardTemplates.For("t1");
        Assert.Contains(templates, t => t.Statistics.Any(s => s.Formula is not null));
        foreach (var t in templates)
        {
            // Saved through the API, so each formula passes the same checks as a user's.
            var get = await alice.PostAsync("/api/wbrt/templates", Json(JsonSerializer.Serialize(new
            {
                id = t.Id, name = t.Name, widgetType = t.WidgetType.ToString(), objectType = t.ObjectType.ToString(),
                statistics = t.Statistics.Select(s => s.Formula is null
                    ? (object)new { alias = s.Alias, statisticType = s.StatisticType, displayFormat = s.DisplayFormat.ToString() }
                    : new { alias = s.Alias, formula = s.Formula, displayFormat = s.DisplayFormat.ToString() }),
            })));
            Assert.True(get.StatusCode == HttpStatusCode.Created, $"{t.Name}: {await get.Content.ReadAsStringAsync()}");
        }
        var layout = await host.Store.SaveLayoutAsync(new Layout
        {
            Id = Guid.NewGuid(), Tenant = "t1", TemplateId = StandardTemplates.IdFor("t1", "Agent Group Status"), Name = "Groups", Owner = "alice",
            Objects = [new(ObjectType.GroupAgents, "Sales")],
        });
        var tenant = await host.Store.SaveLayoutAsync(new Layout
        {
            Id = Guid.NewGuid(), Tenant = "t1", TemplateId = StandardTemplates.IdFor("t1", "Tenant Summary"), Name = "Tenant", Owner = "alice",
            Objects = [new(ObjectType.Tenant, "t1")],
        });
        await host.Store.SaveTabAsync(new Tab { Id = Guid.NewGuid(), Tenant = "t1", Owner = "alice", Name = "Main", LayoutIds = [layout.Id, tenant.Id] });
        var sales = new ObjectRef("t1", ObjectType.GroupAgents, "Sales");
        var t1 = new ObjectRef("t1", ObjectType.Tenant, "t1");
        host.Scripted.Publish(
            new StatisticChange(sales, "AgentsLoggedIn", new StatisticValue(8), null), new StatisticChange(sales, "AgentsReady", new StatisticValue(6), null),
            new StatisticChange(sales, "AgentsNotReady", new StatisticValue(1), null),
            new StatisticChange(t1, "Entered", new StatisticValue(200), null), new StatisticChange(t1, "Abandoned", new StatisticValue(15), null));

        var groups = Values(await (await alice.GetAsync($"/api/wbrt/layouts/{layout.Id}/snapshot")).ReadJsonAsync());
        var summary = Values(await (await alice.GetAsync($"/api/wbrt/layouts/{tenant.Id}/snapshot")).ReadJsonAsync());

        Assert.Equal(100.0 * 6 / 8, groups[("Sales", "ReadyPct")].GetProperty("value").GetDouble(), 9);
        Assert.Equal(100.0 * 1 / 8, groups[("Sales", "NotReadyPct")].GetProperty("value").GetDouble(), 9);
        Assert.Equal(100.0 * 15 / 200, summary[("t1", "AbandonedPct")].GetProperty("value").GetDouble(), 9);
        Assert.Equal(0, summary[("t1", "ReadyPct")].GetProperty("value").GetDouble());
    }
}
