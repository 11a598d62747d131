using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Service.Tests.Support;
using Xunit.Abstractions;

namespace Pulse.Sdk.Service.Tests.Api;

/// <summary>
/// Issue 11: random and near-valid inputs never make a 5xx. Each run draws new samples from a seed it prints (put it in
/// <c>_seed</c> to replay a run); a failure lists the inputs that failed.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int Samples = 400;

    // Text without lone surrogates, which no URL or UTF-8 encoder can carry.
    private static readonly Gen<string> Garbage =
        Gen.ArrayOf(Gen.Frequency((4, Gen.Choose(32, 126)), (1, Gen.Choose(0, 0xD7FF))).Select(c => (char)c)).Select(c => new string(c));

    private static readonly Gen<string> Instants = Gen.Frequency(
        (3, Gen.Elements("0001-01-01T00:00:00Z", "0001-01-01T00:00:00+14:00", "0001-01-01T00:00:00-14:00", "9999-12-31T23:59:59.9999999Z",
            "9999-12-31T23:59:59-14:00", "1969-12-31T23:59:59Z", "1970-01-01T00:00:00Z", "2026-11-26T10:00:00+14:00", "2026-02-30T00:00:00Z",
            "20261126T100000Z", "1e308", "-1", "now")),
        (3, from ticks in Gen.Choose(0, int.MaxValue).Two()
            from offset in Gen.Choose(-14 * 60, 14 * 60)
            select Instant((long)ticks.Item1 * int.MaxValue + ticks.Item2, offset)),
        (1, Garbage));

    private static string Instant(long ticks, int offsetMinutes)
    {
        var t = new DateTime(Math.Clamp(ticks, DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), DateTimeKind.Unspecified);
        return t.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) + (offsetMinutes < 0 ? "-" : "+")
            + TimeSpan.FromMinutes(Math.Abs(offsetMinutes)).ToString(@"hh\:mm", CultureInfo.InvariantCulture);
    }

    private static readonly Gen<string> Resolutions = Gen.Frequency(
        (3, Gen.Elements("1s", "1m", "250ms", "1h", "0s", "-1s", "1", "s", "ms", "9223372036854775807h", "9223372036854775807ms",
            "922337203685477580ms", "99999999999999999999s", "1.5s", "1e3s", " 1s", "1S", "٣s")),
        (2, from n in Gen.Choose(0, int.MaxValue).Two()
            from unit in Gen.Elements("ms", "s", "m", "h", "d", "")
            select $"{(long)n.Item1 * n.Item2}{unit}"),
        (1, Garbage));

    // Weighted towards values that pass, so that the later checks and the handler's end are reached too.
    private static Gen<string?> Sometimes(Gen<string> value, int absent) => Gen.Frequency((4, value.Select(v => (string?)v)), (absent, Gen.Constant((string?)null)));

    private static readonly Gen<string> HistoryQueries =
        from obj in Sometimes(Gen.Frequency((6, Gen.Elements("Queue:q1", "Queue:q2")),
            (2, Gen.Elements("Agent:a1", "Queue:", "Queue", "Dragon:q1", ":q1", "queue:q1", "1:q1")), (1, Garbage)), absent: 1)
        from alias in Sometimes(Gen.Frequency((6, Gen.Elements("Waiting", "SL")), (1, Gen.Elements("waiting", "")), (1, Garbage)), absent: 1)
        from resolution in Sometimes(Resolutions, absent: 4)
        from start in Sometimes(Instants, absent: 4)
        from end in Sometimes(Instants, absent: 4)
        select string.Join('&', new[] { ("object", obj), ("alias", alias), ("resolution", resolution), ("from", start), ("to", end) }
            .Where(p => p.Item2 is not null).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}"));

    private static readonly string[] ValidBodies =
    [
        """{"name":"Floor","shared":true,"layoutIds":[]}""",
        """{"name":"Q","widgetType":"Grid","objectType":"Queue","statistics":[{"alias":"W","statisticType":"Waiting"}]}""",
        """{"templateId":"00000000-0000-0000-0000-000000000001","name":"L","objects":[{"type":"Queue","id":"q1"}]}""",
        """{"templates":[],"layouts":[],"tabs":[{"id":"00000000-0000-0000-0000-000000000002","name":"T","layoutIds":[]}]}""",
        """{"username":"alice","password":"secret"}""",
    ];

    private static readonly Gen<byte> Bytes = Gen.Frequency((3, Gen.Choose(32, 126)), (1, Gen.Elements(0xff, 0xfe, 0xc3, 0xe2, 0xf0, 0x80, 0xed, 0xa0, 0x00)), (1, Gen.Choose(0, 255))).Select(b => (byte)b);

    /// <summary>A valid body with bytes replaced or inserted (invalid UTF-8, cut sequences, broken syntax), a valid one, or noise.</summary>
    private static readonly Gen<byte[]> Bodies = Gen.Frequency(
        (4, from body in Gen.Elements(ValidBodies)
            from edits in Gen.ArrayOf(Gen.Zip(Gen.Choose(0, 1000), Bytes), 4)
            select Mutate(Encoding.UTF8.GetBytes(body), edits)),
        (1, Gen.Elements(ValidBodies).Select(Encoding.UTF8.GetBytes)),
        (1, Gen.Elements("""{"name":"x","layoutIds":[1e400]}""", """{"name":1e400}""", new string('[', 5000), "\"\\ud800\"", """{"name":"\ud800"}""", "")
            .Select(Encoding.UTF8.GetBytes)),
        (1, Gen.ArrayOf(Bytes)));

    private static byte[] Mutate(byte[] body, (int At, byte Value)[] edits)
    {
        var list = body.ToList();
        foreach (var (at, value) in edits)
        {
            var i = at % (list.Count + 1);
            if (at % 2 == 0 && i < list.Count) list[i] = value;
            else list.Insert(i, value);
        }
        return [.. list];
    }

    private readonly ulong _seed = (ulong)Environment.TickCount64;

    private IEnumerable<T> Sample<T>(Gen<T> gen)
    {
        output.WriteLine($"seed {_seed}");
        return Gen.Sample(gen, Samples, new Rnd(_seed), 50);
    }

    [Fact]
    public async Task History_query_parameters_never_make_a_5xx()
    {
        await using var host = await ServiceHost.StartAsync();
        host.Permissions.Set("t1", "alice", PulsePrivilege.ViewDashboard, all: true);
        host.Scripted.HistoryResolutions = [TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), TimeSpan.FromHours(1)];
        var (_, layout, _) = await host.SeedAsync();
        var alice = host.Client("alice@t1");

        var failures = new List<string>();
        var answered = new HashSet<int>();
        foreach (var query in Sample(HistoryQueries))
        {
            using var response = await alice.GetAsync($"/api/wbrt/layouts/{layout.Id}/history?{query}");
            answered.Add((int)response.StatusCode);
            if ((int)response.StatusCode >= 500) failures.Add($"{(int)response.StatusCode} for ?{query}: {await response.Content.ReadAsStringAsync()}");
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(20)));
        Assert.Contains(200, answered); // the generator reaches the handler's end, not only its first check
        Assert.Contains(400, answered);
    }

    [Fact]
    public async Task Json_bodies_never_make_a_5xx()
    {
        await using var host = await ServiceHost.StartAsync();
        host.Permissions.Set("t1", "alice", PulsePrivilege.ManageTemplates, all: true);
        var alice = host.Client("alice@t1");
        string[] paths = ["/api/wbrt/tabs", "/api/wbrt/templates", "/api/wbrt/layouts", "/api/wbrt/widgets", "/api/wbrt/import"];

        var failures = new List<string>();
        var answered = new HashSet<int>();
        foreach (var (body, i) in Sample(Bodies).Select((b, i) => (b, i)))
        {
            var content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
            using var response = await alice.PostAsync(paths[i % paths.Length], content);
            answered.Add((int)response.StatusCode);
            if ((int)response.StatusCode >= 500)
                failures.Add($"{(int)response.StatusCode} for POST {paths[i % paths.Length]} {Convert.ToHexString(body)}: {await response.Content.ReadAsStringAsync()}");
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(20)));
        Assert.Contains(201, answered);
        Assert.Contains(400, answered);
    }
}
