using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Service.Api.Export;
using Pulse.Sdk.Service.Tests.Support;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Storage;

namespace Pulse.Sdk.Service.Tests.Api.Export;

/// <summary>
/// Snapshot and history as CSV or JSON (docs/api.md, "Export"), on real Kestrel: the CSV holds what the JSON holds, chosen by
/// <c>Accept</c> or <c>?format=</c>, filtered by the same permissions, quoted and guarded against formulas, and streamed.
/// </summary>
public sealed class LayoutExportTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    private const string HistoryQuery = "object=Queue:q1&alias=SL&resolution=1s&from=2026-11-26T10:00:00Z&to=2026-11-26T10:01:00Z";

    [Fact]
    public async Task Snapshot_csv_parsed_back_equals_the_json()
    {
        await using var host = await ServiceHost.StartAsync();
        host.Permissions.Set("t1", "alice", PulsePrivilege.ViewDashboard, all: true);
        var (_, layout, _) = await host.SeedAsync();
        host.Scripted.Publish(
            ServiceHost.Change("t1", "q1", "Waiting", 3),
            ServiceHost.Change("t1", "q1", "ServiceLevel1", 0) with { Value = new StatisticValue(87.25) { Stale = true } },
            ServiceHost.Change("t1", "q2", "Waiting", -1.5, T0.AddMilliseconds(250)),
            ServiceHost.Change("t1", "q2", "ServiceLevel1", 0) with { Value = new StatisticValue(12, AgentStatus.NotReadyForNextCall, "Lunch, \"long\"") });
        var alice = host.Client("alice@t1");

        var json = await (await alice.GetAsync($"/api/wbrt/layouts/{layout.Id}/snapshot")).ReadJsonAsync();
        var csv = await CsvAsync(alice, $"/api/wbrt/layouts/{layout.Id}/snapshot?format=csv");

        var expected = json.GetProperty("values").EnumerateArray().Select(v => new Dictionary<string, string>
        {
            ["objectType"] = v.GetProperty("object").GetProperty("type").GetString()!,
            ["objectId"] = v.GetProperty("object").GetProperty("id").GetString()!,
            ["alias"] = v.GetProperty("alias").GetString()!,
            ["statistic"] = v.GetProperty("statistic").GetString()!,
            ["value"] = Number(v.GetProperty("value")),
            ["state"] = v.GetProperty("state").GetString() ?? "",
            ["reason"] = v.GetProperty("reason").GetString() ?? "",
            ["time"] = v.GetProperty("time").ValueKind == JsonValueKind.Null ? "" : Utc(v.GetProperty("time").GetDateTimeOffset()),
            ["stale"] = v.TryGetProperty("stale", out var stale) && stale.GetBoolean() ? "true" : "false",
        }).ToList();
        Assert.Equal(4, expected.Count);
        Assert.Equal(expected, CsvReader.Records(csv));
        Assert.StartsWith("objectType,objectId,alias,statistic,value,state,reason,time,stale\r\n", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_csv_parsed_back_equals_the_json()
    {
        await using var host = await ServiceHost.StartAsync();
        host.Permissions.Set("t1", "alice", PulsePrivilege.ViewDashboard, all: true);
        var (_, layout, _) = await host.SeedAsync();
        host.Scripted.HistoryResolutions = [TimeSpan.FromSeconds(1)];
        host.Scripted.History.AddRange([
            new(T0, new StatisticValue(86.5) { Stale = true }),
            new(T0.AddSeconds(1), new StatisticValue(88)),
            new(T0.AddSeconds(2), new StatisticValue(30, AgentStatus.AfterCallWork, "=wrap")),
        ]);
        var alice = host.Client("alice@t1");

        var json = await (await alice.GetAsync($"/api/wbrt/layouts/{layout.Id}/history?{HistoryQuery}")).ReadJsonAsync();
        var csv = await CsvAsync(alice, $"/api/wbrt/layouts/{layout.Id}/history?{HistoryQuery}&format=csv");

        var expected = json.GetProperty("points").EnumerateArray().Select(p => new Dictionary<string, string>
        {
            ["time"] = Utc(p.GetProperty("time").GetDateTimeOffset()),
            ["objectType"] = "Queue",
            ["objectId"] = "q1",
            ["alias"] = "SL",
            ["statistic"] = "ServiceLevel1",
            ["value"] = Number(p.GetProperty("value")),
            ["state"] = p.TryGetProperty("state", out var state) ? state.GetString()! : "",
            // The guard's quote is the only difference: a reason starting with = is a formula to a spreadsheet.
            ["reason"] = p.TryGetProperty("reason", out var reason) ? "'" + reason.GetString() : "",
            ["stale"] = p.TryGetProperty("stale", out var stale) && stale.GetBoolean() ? "true" : "false",
        }).ToList();
        Assert.Equal(3, expected.Count);
        Assert.Equal(expected, CsvReader.Records(csv));
        Assert.Equal("'=wrap", expected[2]["reason"]);
        Assert.StartsWith("time,objectType,objectId,alias,statistic,value,state,reason,stale\r\n2026-11-26T10:00:00Z,", csv, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "text/csv", true)]
    [InlineData("", "text/csv;q=0.9, application/json;q=0.5", true)]
    [InlineData("", "application/json", false)]
    [InlineData("", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", false)]
    [InlineData("", "text/*", true)]
    [InlineData("", null, false)]
    [InlineData("?format=csv", null, true)]
    [InlineData("?format=CSV", "application/json", true)]
    [InlineData("?format=json", "text/csv", false)]
    [InlineData("?format=json&values=raw", null, false)]
    public async Task Accept_and_the_format_parameter_both_choose_and_the_parameter_wins(string query, string? accept, bool csv)
    {
        await using var host = await ServiceHost.StartAsync();
        host.Permissions.Set("t1", "alice", PulsePrivilege.ViewDashboard, all: true);
        var (_, layout, _) = await host.SeedAsync();
        host.Scripted.HistoryResolutions = [TimeSpan.FromSeconds(1)];
        host.Scripted.History.Add(new(T0, new StatisticValue(1)));
        host.Scripted.Publish(ServiceHost.Change("t1", "q1", "Waiting", 3));
        var alice = host.Client("alice@t1");

        foreach (var (path, kind) in new[] { ($"/api/wbrt/layouts/{layout.Id}/snapshot{query}", "snapshot"),
                                            ($"/api/wbrt/layouts/{layout.Id}/history?{HistoryQuery}{query.Replace('?', '&')}", "history") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
            using var response = await alice.SendAsync(request);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(csv ? "text/csv" : "application/json", response.Content.Headers.ContentType?.MediaType);
            if (csv)
            {
                Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
                Assert.Equal($"attachment; filename=\"Queues-{kind}.csv\"", response.Content.Headers.ContentDisposition?.ToString());
                Assert.Single(CsvReader.Records(await response.Content.ReadAsStringAsync()));
            }
            else Assert.Equal(JsonValueKind.Object, (await response.ReadJsonAsync()).ValueKind);
        }
    }

    [Theory]
    [InlineData("format=xml", null, 400, "format: 'xml' is not one of csv, json")]
    [InlineData("format=", "application/xml", 406, "Accept: 'application/xml' names neither application/json nor text/csv; send one of them, or ?format=json|csv")]
    [InlineData("values=pretty", null, 400, "values: 'pretty' is not one of raw, formatted")]
    [InlineData("values=formatted", "image/png, text/csv;q=0", 406, "Accept: 'image/png, text/csv;q=0' names neither")]
    [InlineData("format=xml", "text/csv", 400, "format: 'xml'")]
    public async Task An_unknown_format_is_400_naming_the_parameter_and_an_accept_neither_type_satisfies_is_406(string query, string? accept, int status, string message)
    {
        await using var host = await ServiceHost.StartAsync();
        host.Permissions.Set("t1", "alice", PulsePrivilege.ViewDashboard, all: true);
        var (_, layout, _) = await host.SeedAsync();
        host.Scripted.HistoryResolutions = [TimeSpan.FromSeconds(1)];
        var alice = host.Client("alice@t1");

        foreach (var path in new[] { $"/api/wbrt/layouts/{layout.Id}/snapshot?{query}", $"/api/wbrt/layouts/{layout.Id}/history?{HistoryQuery}&{query}" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
            using var response = await alice.SendAsync(request);

            Assert.Equal(status, (int)response.StatusCode);
            Assert.StartsWith(message, await response.MessageAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_restricted_users_csv_lacks_what_their_json_lacks_and_another_tenants_layout_is_404()
    {
        await using var host = await ServiceHost.StartAsync();
        host.Permissions.Set("t1", "alice", PulsePrivilege.ViewDashboard, [(ObjectType.Queue, "q1")]);
        host.Permissions.Set("t2", "eve", PulsePrivilege.ViewDashboard, all: true);
        var (_, layout, _) = await host.SeedAsync();
        host.Scripted.HistoryResolutions = [TimeSpan.FromSeconds(1)];
        host.Scripted.History.Add(new(T0, new StatisticValue(99)));
        host.Scripted.Publish(ServiceHost.Change("t1", "q1", "Waiting", 3), ServiceHost.Change("t1", "q2", "Waiting", 99));
        var alice = host.Client("alice@t1");
        var eve = host.Client("eve@t2");

        var json = await (await alice.GetAsync($"/api/wbrt/layouts/{layout.Id}/snapshot")).ReadJsonAsync();
        var csv = await CsvAsync(alice, $"/api/wbrt/layouts/{layout.Id}/snapshot?format=csv");
        var q2History = $"/api/wbrt/layouts/{layout.Id}/history?object=Queue:q2&alias=Waiting&resolution=1s&from=2026-11-26T10:00:00Z&to=2026-11-26T10:01:00Z";

        Assert.Equal("q1", Assert.Single(json.GetProperty("values").EnumerateArray()).GetProperty("object").GetProperty("id").GetString());
        var row = Assert.Single(CsvReader.Records(csv));
        Assert.Equal(("q1", "3"), (row["objectId"], row["value"]));
        Assert.DoesNotContain("99", csv, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync(q2History)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync(q2History + "&format=csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await eve.GetAsync($"/api/wbrt/layouts/{layout.Id}/snapshot?format=csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await eve.GetAsync($"/api/wbrt/layouts/{layout.Id}/history?{HistoryQuery}&format=csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client("bob@t1").GetAsync($"/api/wbrt/layouts/{layout.Id}/snapshot?format=csv")).StatusCode);
    }

    [Fact]
    public async Task Commas_quotes_and_line_breaks_are_quoted_and_cells_a_spreadsheet_would_run_are_prefixed()
    {
        await using var host = await ServiceHost.StartAsync();
        host.Permissions.Set("t1", "alice", PulsePrivilege.ViewDashboard, all: true);
        var (_, layout, _) = await host.SeedAsync();
        string[] ids = ["=HYPERLINK(\"http://x\",\"y\")", "+1", "-2", "@SUM(A1)", "a,b", "line\r\nbreak \"quoted\""];
        await host.Store.SaveLayoutAsync(layout with { Name = "Sales \"floor\"/../é x", Objects = [.. ids.Select(i => new LayoutObject(ObjectType.Queue, i))] });
        host.Scripted.Publish([.. ids.Select(i => ServiceHost.Change("t1", i, "Waiting", -1.5))]);
        var alice = host.Client("alice@t1");

        using var response = await alice.GetAsync($"/api/wbrt/layouts/{layout.Id}/snapshot?format=csv");
        var csv = await response.Content.ReadAsStringAsync();

        Assert.Equal("attachment; filename=\"Sales_floor_.._x-snapshot.csv\"", response.Content.Headers.ContentDisposition?.ToString());
        var records = CsvReader.Records(csv);
        Assert.Equal(["'=HYPERLINK(\"http://x\",\"y\")", "'+1", "'-2", "'@SUM(A1)", "a,b", "line\r\nbreak \"quoted\""], records.Select(r => r["objectId"]));
        Assert.All(records, r => Assert.Equal("-1.5", r["value"])); // a number the service wrote is no formula
        Assert.Contains("\r\nQueue,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",Waiting,", csv, StringComparison.Ordinal);
        Assert.Contains("\r\nQueue,'+1,Waiting,Waiting,-1.5,", csv, StringComparison.Ordinal);
        Assert.Contains("\r\nQueue,\"line\r\nbreak \"\"quoted\"\"\",Waiting,", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Formatted_values_follow_the_templates_display_formats_in_csv_and_json()
    {
        await using var host = await ServiceHost.StartAsync();
        host.Permissions.Set("t1", "alice", PulsePrivilege.ViewDashboard, all: true);
        var (_, layout, _) = await host.SeedAsync(); // Waiting: Integer, SL: Percent
        host.Scripted.HistoryResolutions = [TimeSpan.FromSeconds(1)];
        host.Scripted.History.Add(new(T0, new StatisticValue(87.54)));
        host.Scripted.Publish(ServiceHost.Change("t1", "q1", "Waiting", 3.6), ServiceHost.Change("t1", "q1", "ServiceLevel1", 87.54));
        var alice = host.Client("alice@t1");

        var csv = CsvReader.Records(await CsvAsync(alice, $"/api/wbrt/layouts/{layout.Id}/snapshot?format=csv&values=formatted"));
        var json = await (await alice.GetAsync($"/api/wbrt/layouts/{layout.Id}/snapshot?values=formatted")).ReadJsonAsync();
        var raw = await (await alice.GetAsync($"/api/wbrt/layouts/{layout.Id}/snapshot")).ReadJsonAsync();
        var history = CsvReader.Records(await CsvAsync(alice, $"/api/wbrt/layouts/{layout.Id}/history?{HistoryQuery}&format=csv&values=formatted"));
        var historyJson = await (await alice.GetAsync($"/api/wbrt/layouts/{layout.Id}/history?{HistoryQuery}&values=formatted")).ReadJsonAsync();

        Assert.Equal(new Dictionary<string, string> { ["Waiting"] = "4", ["SL"] = "87.5%" }, csv.ToDictionary(r => r["alias"], r => r["value"]));
        Assert.Equal(new Dictionary<string, string> { ["Waiting"] = "4", ["SL"] = "87.5%" },
            json.GetProperty("values").EnumerateArray().ToDictionary(v => v.GetProperty("alias").GetString()!, v => v.GetProperty("formatted").GetString()!));
        Assert.Equal(3.6, json.GetProperty("values").EnumerateArray().First(v => v.GetProperty("alias").GetString() == "Waiting").GetProperty("value").GetDouble());
        Assert.All(raw.GetProperty("values").EnumerateArray(), v => Assert.False(v.TryGetProperty("formatted", out _)));
        Assert.Equal("87.5%", Assert.Single(history)["value"]);
        Assert.Equal("87.5%", Assert.Single(historyJson.GetProperty("points").EnumerateArray()).GetProperty("formatted").GetString());
    }

    [Fact]
    public async Task The_snapshot_csv_sends_the_first_objects_rows_before_the_next_object_is_read()
    {
        var scripted = new ScriptedValueSource();
        var gated = new GatedValueSource(scripted, new ObjectRef("t1", ObjectType.Queue, "q2"));
        await using var host = await ServiceHost.StartAsync(values: gated);
        host.Permissions.Set("t1", "alice", PulsePrivilege.ViewDashboard, all: true);
        var (_, layout, _) = await host.SeedAsync();
        scripted.Publish(ServiceHost.Change("t1", "q1", "Waiting", 1), ServiceHost.Change("t1", "q2", "Waiting", 2));
        var alice = host.Client("alice@t1");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        // The server cannot finish the body until q2 is read, and q2 is read only once this client has q1's row.
        using var response = await alice.GetAsync($"/api/wbrt/layouts/{layout.Id}/snapshot?format=csv", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var body = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var header = await body.ReadLineAsync(timeout.Token);
        var first = await body.ReadLineAsync(timeout.Token);
        Assert.False(gated.Released.Task.IsCompleted);
        gated.Released.SetResult();
        var rest = await body.ReadToEndAsync(timeout.Token);

        Assert.StartsWith("objectType,", header, StringComparison.Ordinal);
        Assert.StartsWith("Queue,q1,Waiting,Waiting,1,", first, StringComparison.Ordinal);
        Assert.StartsWith("Queue,q2,Waiting,Waiting,2,", rest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_history_csv_is_written_while_the_points_are_enumerated_not_after()
    {
        const int count = 20_000;
        const int openAt = CsvRowWriter.RowsPerFlush * 4;
        using var clientHasRows = new ManualResetEventSlim();
        var points = new ProducedPoints(count, openAt, clientHasRows);
        var source = new HistoryValueSource(points);
        await using var host = await ServiceHost.StartAsync(values: source);
        host.Permissions.Set("t1", "alice", PulsePrivilege.ViewDashboard, all: true);
        var (_, layout, _) = await host.SeedAsync();
        var alice = host.Client("alice@t1");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        // The source stops producing at point openAt until this client has read rows: only a streamed body gets past it.
        using var response = await alice.GetAsync($"/api/wbrt/layouts/{layout.Id}/history?{HistoryQuery}&format=csv",
            HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var body = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var lines = 0;
        while (lines < 1 + CsvRowWriter.RowsPerFlush && await body.ReadLineAsync(timeout.Token) is not null) lines++;
        Assert.False(points.ProducedAll);
        clientHasRows.Set();
        while (await body.ReadLineAsync(timeout.Token) is { } line)
        {
            lines++;
            if (lines == 1 + count) Assert.StartsWith(Utc(T0.AddSeconds(count - 1)) + ",Queue,q1,SL,ServiceLevel1,", line, StringComparison.Ordinal);
        }

        Assert.Equal(1 + count, lines);
        Assert.True(points.WaitedForClient, "the source's wait for the client's first rows timed out: the body was held back");
    }

    [Fact]
    public async Task The_openapi_document_lists_csv_and_json_answers_of_snapshot_and_history()
    {
        await using var host = await ServiceHost.StartAsync();

        var doc = await (await host.Client(null).GetAsync("/openapi/pulse.json")).ReadJsonAsync();

        foreach (var path in new[] { "/api/wbrt/layouts/{id}/snapshot", "/api/wbrt/layouts/{id}/history" })
        {
            var responses = doc.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("responses");
            var content = responses.GetProperty("200").GetProperty("content");
            Assert.True(content.TryGetProperty("application/json", out _), path);
            Assert.True(content.TryGetProperty("text/csv", out _), path);
            Assert.True(responses.TryGetProperty("406", out _), path);
        }
    }

    private static async Task<string> CsvAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    private static string Number(JsonElement value) =>
        value.ValueKind == JsonValueKind.Null ? "" : value.GetDouble().ToString("R", CultureInfo.InvariantCulture);

    private static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>A value source whose current values of one object wait until the test releases them.</summary>
    private sealed class GatedValueSource(ScriptedValueSource inner, ObjectRef gated) : IStatisticValueSource
    {
        public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyList<TimeSpan> HistoryResolutions => inner.HistoryResolutions;

        public async ValueTask<IReadOnlyList<StatisticChange>> GetValuesAsync(ObjectRef obj, CancellationToken cancellationToken = default)
        {
            if (obj == gated) await Released.Task.WaitAsync(cancellationToken);
            return await inner.GetValuesAsync(obj, cancellationToken);
        }

        public ValueTask<IReadOnlyList<StatisticHistoryPoint>> GetHistoryAsync(ObjectRef obj, string statistic, TimeSpan resolution,
            DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
            inner.GetHistoryAsync(obj, statistic, resolution, from, to, cancellationToken);

        public ValueTask<IAsyncDisposable> SubscribeAsync(string tenant, IStatisticChangeObserver observer, CancellationToken cancellationToken = default) =>
            inner.SubscribeAsync(tenant, observer, cancellationToken);
    }

    /// <summary>A value source whose history is <see cref="ProducedPoints"/>.</summary>
    private sealed class HistoryValueSource(ProducedPoints points) : IStatisticValueSource
    {
        public IReadOnlyList<TimeSpan> HistoryResolutions { get; } = [TimeSpan.FromSeconds(1)];

        public ValueTask<IReadOnlyList<StatisticChange>> GetValuesAsync(ObjectRef obj, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<IReadOnlyList<StatisticChange>>([]);

        public ValueTask<IReadOnlyList<StatisticHistoryPoint>> GetHistoryAsync(ObjectRef obj, string statistic, TimeSpan resolution,
            DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) => ValueTask.FromResult<IReadOnlyList<StatisticHistoryPoint>>(points);

        public ValueTask<IAsyncDisposable> SubscribeAsync(string tenant, IStatisticChangeObserver observer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<IAsyncDisposable>(new NoSubscription());

        private sealed class NoSubscription : IAsyncDisposable
        {
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    /// <summary>
    /// A history made as it is enumerated, one point a second from <see cref="T0"/>, that blocks before point
    /// <paramref name="openAt"/> until <paramref name="clientHasRows"/> is set (at most 20 s, then <see cref="WaitedForClient"/> is false).
    /// </summary>
    private sealed class ProducedPoints(int count, int openAt, ManualResetEventSlim clientHasRows) : IReadOnlyList<StatisticHistoryPoint>
    {
        public bool WaitedForClient { get; private set; }

        public bool ProducedAll { get; private set; }

        public int Count => count;

        public StatisticHistoryPoint this[int index] => new(T0.AddSeconds(index), new StatisticValue(index % 100));

        public IEnumerator<StatisticHistoryPoint> GetEnumerator()
        {
            for (var i = 0; i < count; i++)
            {
                if (i == openAt) WaitedForClient = clientHasRows.Wait(TimeSpan.FromSeconds(20));
                yield return this[i];
            }
            ProducedAll = true;
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
