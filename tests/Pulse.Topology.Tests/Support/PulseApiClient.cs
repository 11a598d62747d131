using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pulse.Topology.Tests.Support;

/// <summary>A user of the Pulse REST API through the ingress: logs in (session cookie), creates templates and layouts, reads snapshots.</summary>
internal sealed class PulseApiClient : IDisposable
{
    private readonly HttpClient _http;

    public PulseApiClient(Uri ingress)
    {
        Cookies = new CookieContainer();
        _http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies }) { BaseAddress = ingress, Timeout = TimeSpan.FromSeconds(20) };
        // As the wallboard's page in a browser: a session cookie's changes come from the ingress's own origin (docs/api.md).
        _http.DefaultRequestHeaders.Add("Origin", Origin(ingress));
        Ingress = ingress;
    }

    public CookieContainer Cookies { get; }

    public Uri Ingress { get; }

    public async Task LoginAsync(string user, string password)
    {
        using var r = await _http.PostAsJsonAsync("api/session/login", new { username = user, password });
        if (r.StatusCode != HttpStatusCode.NoContent) throw new InvalidOperationException($"login as {user}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
    }

    public async Task<Guid> CreateTemplateAsync(string name, string objectType, IEnumerable<string> statistics)
    {
        var body = new
        {
            name,
            widgetType = "Grid",
            objectType,
            statistics = statistics.Select(s => new { alias = s, statisticType = s }).ToArray(),
        };
        return await PostAsync("api/wbrt/templates", body);
    }

    public async Task<Guid> CreateLayoutAsync(Guid template, string name, string objectType, IEnumerable<string> objects) =>
        await PostAsync("api/wbrt/layouts", new { templateId = template, name, objects = objects.Select(id => new { type = objectType, id }).ToArray() });

    private async Task<Guid> PostAsync(string path, object body) => (await CreateAsync(path, body))["id"]!.GetValue<Guid>();

    /// <summary>A POST that must answer 201; the created resource's JSON.</summary>
    public async Task<JsonNode> CreateAsync(string path, object body)
    {
        // Right after start the ingress may still send a request to a replica that is not listening yet (502): asked again
        // until one answers, for at most 30 s.
        for (var deadline = DateTime.UtcNow.AddSeconds(30); ; await Task.Delay(200)) // the poll interval
        {
            using var r = await _http.PostAsJsonAsync(path, body);
            var text = await r.Content.ReadAsStringAsync();
            if (r.StatusCode == HttpStatusCode.Created) return JsonNode.Parse(text)!;
            if (r.StatusCode is not (HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable) || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"POST {path}: {(int)r.StatusCode} {text}");
        }
    }

    /// <summary>A request with a JSON body (or none); the status, or an exception naming the answer when it is not <paramref name="expected"/>.</summary>
    public async Task SendAsync(HttpMethod method, string path, object? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var r = await _http.SendAsync(request);
        if (r.StatusCode != expected) throw new InvalidOperationException($"{method} {path}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
    }

    /// <summary>The layout's values by <c>Type:id/statistic</c>; null when the request failed (a replica going away).</summary>
    public async Task<Dictionary<string, LiveValue>?> SnapshotAsync(Guid layout)
    {
        try
        {
            using var r = await _http.GetAsync($"api/wbrt/layouts/{layout}/snapshot");
            if (!r.IsSuccessStatusCode) return null;
            var doc = JsonNode.Parse(await r.Content.ReadAsStringAsync())!;
            return doc["values"]!.AsArray().Select(v => LiveValue.From(v!)).ToDictionary(v => v.Key, v => v);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary><c>POST /api/wbrt/queries</c> (docs/api.md, "Query API"): the values by <c>Type:id/statistic</c>.</summary>
    public async Task<Dictionary<string, LiveValue>> QueryAsync(object query)
    {
        using var r = await _http.PostAsync("api/wbrt/queries", JsonContent.Create(query));
        var text = await r.Content.ReadAsStringAsync();
        if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"POST api/wbrt/queries: {(int)r.StatusCode} {text}");
        return JsonNode.Parse(text)!["items"]!.AsArray().Select(v => LiveValue.From(v!)).ToDictionary(v => v.Key, v => v);
    }

    /// <summary>A GET's body as text; throws naming the answer when it is not 200.</summary>
    public async Task<string> GetTextAsync(string path)
    {
        using var r = await _http.GetAsync(path);
        var text = await r.Content.ReadAsStringAsync();
        return r.IsSuccessStatusCode ? text : throw new InvalidOperationException($"GET {path}: {(int)r.StatusCode} {text}");
    }

    public string CookieHeader => Cookies.GetCookieHeader(Ingress);

    /// <summary>The origin a page served from <paramref name="site"/> sends: scheme, host and port.</summary>
    public static string Origin(Uri site) => site.GetLeftPart(UriPartial.Authority);

    public void Dispose() => _http.Dispose();
}

/// <summary>One value as the API shows it; <paramref name="Stale"/> when it carries <c>"stale": true</c> (docs/api.md).</summary>
internal sealed record LiveValue(string Key, double? Number, string? State, string? Reason, bool Stale = false)
{
    public static LiveValue From(JsonNode v)
    {
        var obj = v["object"]!;
        var key = $"{obj["type"]!.GetValue<string>()}:{obj["id"]!.GetValue<string>()}/{v["statistic"]!.GetValue<string>()}";
        var number = v["value"] is JsonValue n && n.GetValueKind() == JsonValueKind.Number ? n.GetValue<double>() : (double?)null;
        return new LiveValue(key, number, v["state"]?.GetValue<string>(), v["reason"]?.GetValue<string>(), v["stale"]?.GetValue<bool>() ?? false);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Number?.ToString("R", CultureInfo.InvariantCulture) ?? "null"}{(State is null ? "" : " " + State)}{(Reason is null ? "" : " (" + Reason + ")")}{(Stale ? " stale" : "")}");
}
