using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Pulse.Sdk.Configuration;

namespace Pulse.Sdk.ConfigurationService;

/// <summary>The HTTP API of the configuration service under <c>/config/v1</c> (docs/api.md, "Configuration service").</summary>
internal sealed class ConfigurationEndpoints(ConfigurationStore store, ConfigurationVersionMonitor monitor, BearerSecrets secrets, IOptions<ConfigurationServiceOptions> options,
    IHostApplicationLifetime lifetime, ConfigurationServiceMetrics metrics)
{
    public const string Prefix = "/config/v1";

    /// <summary>The header a writer may name itself in, kept in the history (<c>changed_by</c>).</summary>
    public const string ChangedByHeader = "X-Pulse-Changed-By";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private readonly ConfigurationServiceOptions _options = options.Value;

    public void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(Prefix);
        // As Delegate: a handler of HttpContext alone would be taken for a RequestDelegate, and its result dropped.
        api.MapGet("/configuration", (Delegate)GetConfigurationAsync);
        api.MapPut("/configuration", (Delegate)PutConfigurationAsync);
        api.MapGet("/changes", (Delegate)GetChangesAsync);
        api.MapGet("/tenants/{tenant}/{kind}/{id}", GetObject);
        api.MapPut("/tenants/{tenant}/{kind}/{id}", PutObjectAsync);
        api.MapDelete("/tenants/{tenant}/{kind}/{id}", DeleteObjectAsync);
    }

    private async Task<IResult> GetConfigurationAsync(HttpContext http)
    {
        if (Refuse(http, admin: false) is { } refused) return refused;
        var query = http.Request.Query;
        var file = query["format"].ToString() switch
        {
            "" or "envelope" => false,
            "file" => true,
            var other => (bool?)null,
        };
        if (file is null) return Error(400, $"format: '{query["format"]}' is not a format; give file (the configuration file's format) or leave it out");
        long? after = null;
        if (query["after"].ToString() is { Length: > 0 } afterText)
        {
            if (!long.TryParse(afterText, NumberStyles.None, CultureInfo.InvariantCulture, out var a)) return Error(400, $"after: '{afterText}' is not a version (0 or more)");
            after = a;
        }
        var wait = TimeSpan.Zero;
        if (query["wait"].ToString() is { Length: > 0 } waitText)
        {
            if (!double.TryParse(waitText, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !(seconds >= 0) || double.IsInfinity(seconds))
                return Error(400, $"wait: '{waitText}' is not a number of seconds (0 or more)");
            // A client may ask longer than this service holds a request: it gets the longest, then asks again.
            wait = seconds * TimeSpan.TicksPerSecond >= _options.MaxWait.Ticks ? _options.MaxWait : TimeSpan.FromSeconds(seconds);
        }
        var known = TryParseTag(http.Request.Headers.IfNoneMatch.ToString(), out var tagged) ? tagged : (long?)null;
        after ??= known;

        if (!monitor.Loaded)
        {
            // Just started: read the store now rather than answer 503 until the monitor's first read.
            try { await monitor.RefreshAsync(http.RequestAborted).ConfigureAwait(false); }
            catch (NpgsqlException) { /* answered 503 below */ }
        }
        var current = monitor.Current;
        if (after is { } seen && (current is null || current.Version <= seen) && wait > TimeSpan.Zero)
        {
            // A stopping service answers its long polls at once (304) rather than hold its shutdown for them; the clients ask again.
            using var ended = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
            try
            {
                current = await monitor.WaitForNewerAsync(seen, wait, ended.Token).ConfigureAwait(false) ?? monitor.Current;
            }
            catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
            {
                return Results.Empty;
            }
            catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
            {
                current = monitor.Current;
            }
        }
        http.Response.Headers.CacheControl = "no-cache";
        if (current is null)
            return monitor.Loaded
                ? Error(404, "the configuration store is empty: seed it with PUT /config/v1/configuration (If-Match: \"0\") or Pulse.Host config --import FILE")
                : Error(503, "the configuration store has not been read yet (PostgreSQL unreachable?); retry");
        http.Response.Headers.ETag = current.ETag;
        if (after is { } last && current.Version <= last) return Results.StatusCode(StatusCodes.Status304NotModified);
        if (file == true)
            return current.FileDocument is { } document
                ? Results.Text(document, "application/json", Encoding.UTF8)
                : Error(500, $"stored version {current.Version} is not a valid configuration: {current.Error}");
        return Results.Bytes(current.Envelope, "application/json");
    }

    private async Task<IResult> PutConfigurationAsync(HttpContext http)
    {
        if (Refuse(http, admin: true) is { } refused) return refused;
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (ifMatch.Length == 0)
            return Error(428, "If-Match is required: give the version the document replaces, as \"N\" (the ETag of GET /config/v1/configuration; \"0\" for an empty store)");
        if (!TryParseTag(ifMatch, out var expected)) return Error(400, $"If-Match: '{ifMatch}' is not a version; give it as \"N\"");
        if (await ReadBodyAsync(http).ConfigureAwait(false) is not { } body) return Error(413, $"the body is larger than {_options.MaxRequestBytes} bytes");
        PulseConfiguration configuration;
        try
        {
            configuration = ConfigurationJson.Parse(body, "body");
        }
        catch (ConfigurationException e)
        {
            metrics.Changes.Add(1, new KeyValuePair<string, object?>("result", "invalid"));
            return Error(400, e.Message);
        }
        return await CommitAsync(http, expected, created: false,
            ct => store.ReplaceAsync(configuration, "PUT configuration", ChangedBy(http), expected, "body", ct)).ConfigureAwait(false);
    }

    private async Task<IResult> GetChangesAsync(HttpContext http)
    {
        if (Refuse(http, admin: false) is { } refused) return refused;
        var text = http.Request.Query["after"].ToString();
        long after = 0;
        if (text.Length > 0 && !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out after))
            return Error(400, $"after: '{text}' is not a version (0 or more)");
        try
        {
            var changes = await store.GetChangesAsync(after, 1000, http.RequestAborted).ConfigureAwait(false);
            return Results.Json(new ChangesBody(changes), Json);
        }
        catch (NpgsqlException e)
        {
            return Error(503, $"the configuration store is unreachable: {e.Message}");
        }
    }

    private IResult GetObject(HttpContext http, string tenant, string kind, string id)
    {
        if (Refuse(http, admin: false) is { } refused) return refused;
        if (!ConfigurationObjectKind.All.TryGetValue(kind, out var k)) return UnknownKind(kind);
        if (monitor.Current?.Configuration is not { } configuration) return Error(404, "the configuration store holds no valid configuration");
        var t = configuration.Tenants.FirstOrDefault(x => x.Id == tenant);
        if (t is null) return Error(404, $"tenant '{tenant}' is not configured");
        if (k.Find(t, id) is not { } json) return Error(404, $"tenant '{tenant}' has no {k.Name} '{id}'");
        http.Response.Headers.ETag = monitor.Current.ETag;
        return Results.Text(json, "application/json", Encoding.UTF8);
    }

    private async Task<IResult> PutObjectAsync(HttpContext http, string tenant, string kind, string id)
    {
        if (Refuse(http, admin: true) is { } refused) return refused;
        if (!ConfigurationObjectKind.All.TryGetValue(kind, out var k)) return UnknownKind(kind);
        if (!TryParseOptionalIfMatch(http, out var expected)) return Error(400, $"If-Match: '{http.Request.Headers.IfMatch}' is not a version; give it as \"N\"");
        if (await ReadBodyAsync(http).ConfigureAwait(false) is not { } body) return Error(413, $"the body is larger than {_options.MaxRequestBytes} bytes");
        var created = false;
        return await CommitAsync(http, expected, () => created,
            ct => store.UpdateAsync(c => EditTenant(c, tenant, t => k.Put(t, id, body, "body", out created)),
                $"PUT tenants/{tenant}/{kind}/{id}", ChangedBy(http), expected, "body", ct)).ConfigureAwait(false);
    }

    private async Task<IResult> DeleteObjectAsync(HttpContext http, string tenant, string kind, string id)
    {
        if (Refuse(http, admin: true) is { } refused) return refused;
        if (!ConfigurationObjectKind.All.TryGetValue(kind, out var k)) return UnknownKind(kind);
        if (!TryParseOptionalIfMatch(http, out var expected)) return Error(400, $"If-Match: '{http.Request.Headers.IfMatch}' is not a version; give it as \"N\"");
        return await CommitAsync(http, expected, created: false,
            ct => store.UpdateAsync(c => EditTenant(c, tenant, t => k.Delete(t, id) ?? throw new ConfigurationObjectNotFoundException($"tenant '{tenant}' has no {k.Name} '{id}'")),
                $"DELETE tenants/{tenant}/{kind}/{id}", ChangedBy(http), expected, "body", ct)).ConfigureAwait(false);
    }

    private static PulseConfiguration EditTenant(PulseConfiguration configuration, string tenant, Func<TenantConfig, TenantConfig> edit)
    {
        var index = configuration.Tenants.ToList().FindIndex(t => t.Id == tenant);
        if (index < 0) throw new ConfigurationObjectNotFoundException($"tenant '{tenant}' is not configured; add it with PUT /config/v1/configuration");
        var tenants = configuration.Tenants.ToList();
        tenants[index] = edit(tenants[index]);
        return configuration with { Tenants = tenants };
    }

    private Task<IResult> CommitAsync(HttpContext http, long? expected, bool created, Func<CancellationToken, Task<ConfigurationWriteResult>> write) =>
        CommitAsync(http, expected, () => created, write);

    private async Task<IResult> CommitAsync(HttpContext http, long? expected, Func<bool> created, Func<CancellationToken, Task<ConfigurationWriteResult>> write)
    {
        ConfigurationWriteResult result;
        try
        {
            result = await write(http.RequestAborted).ConfigureAwait(false);
        }
        catch (ConfigurationException e)
        {
            metrics.Changes.Add(1, new KeyValuePair<string, object?>("result", "invalid"));
            return Error(400, e.Message);
        }
        catch (ConfigurationObjectNotFoundException e)
        {
            return Error(404, e.Message);
        }
        catch (NpgsqlException e)
        {
            return Error(503, $"the configuration store is unreachable: {e.Message}; nothing was changed");
        }
        metrics.Changes.Add(1, new KeyValuePair<string, object?>("result", result.Status.ToString().ToLowerInvariant()));
        http.Response.Headers.ETag = ServedConfiguration.Tag(result.Version);
        if (result.Status == ConfigurationWriteStatus.Stale)
            return expected is null
                ? Error(409, "the configuration changed during the write; retry")
                : Results.Json(new ErrorBody($"If-Match: version {expected} is not the newest ({result.Version}); read the configuration again and redo the change", result.Version), Json,
                    statusCode: StatusCodes.Status412PreconditionFailed);
        if (result.Status == ConfigurationWriteStatus.Written)
        {
            // Serve it from this replica at once; the notification that follows finds nothing newer.
            try { await monitor.RefreshAsync(http.RequestAborted).ConfigureAwait(false); }
            catch (NpgsqlException) { /* written; the monitor catches up when it reconnects */ }
        }
        var written = result.Status == ConfigurationWriteStatus.Written;
        return Results.Json(new WriteBody(result.Version, written), Json, statusCode: written && created() ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    private IResult? Refuse(HttpContext http, bool admin)
    {
        var access = secrets.Check(http.Request);
        if (access == SecretAccess.Admin || (!admin && (access == SecretAccess.Read || !secrets.ReadsNeedSecret))) return null;
        if (access == SecretAccess.Read) return Error(403, "the read secret cannot change the configuration; changes need the admin secret");
        http.Response.Headers.WWWAuthenticate = "Bearer realm=\"pulse-config\"";
        return Error(401, admin
            ? "a change needs the admin secret: Authorization: Bearer <secret>"
            : "a read needs the read (or admin) secret: Authorization: Bearer <secret>");
    }

    private async Task<string?> ReadBodyAsync(HttpContext http)
    {
        if (http.Request.ContentLength > _options.MaxRequestBytes) return null;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = _options.MaxRequestBytes;
        try
        {
            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
            return await reader.ReadToEndAsync(http.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
    }

    private static string? ChangedBy(HttpContext http)
    {
        var text = http.Request.Headers[ChangedByHeader].ToString().Trim();
        if (text.Length == 0) return null;
        text = new string([.. text.Where(c => !char.IsControl(c))]);
        return text.Length > 200 ? text[..200] : text;
    }

    private static bool TryParseOptionalIfMatch(HttpContext http, out long? expected)
    {
        expected = null;
        var text = http.Request.Headers.IfMatch.ToString();
        if (text.Length == 0 || text == "*") return true;
        if (!TryParseTag(text, out var version)) return false;
        expected = version;
        return true;
    }

    /// <summary>Reads a version from an entity tag: <c>"12"</c>, <c>W/"12"</c> or <c>12</c>.</summary>
    internal static bool TryParseTag(string text, out long version)
    {
        var tag = text.Trim();
        if (tag.StartsWith("W/", StringComparison.Ordinal)) tag = tag[2..];
        tag = tag.Trim('"');
        return long.TryParse(tag, NumberStyles.None, CultureInfo.InvariantCulture, out version);
    }

    private static IResult UnknownKind(string kind) =>
        Error(404, $"'{kind}' is not a kind of object; give one of {string.Join(", ", ConfigurationObjectKind.All.Keys)}");

    private static IResult Error(int status, string message) => Results.Json(new ErrorBody(message), Json, statusCode: status);

    private sealed record ErrorBody(string Message, long? Version = null);

    private sealed record WriteBody(long Version, bool Changed);

    private sealed record ChangesBody(IReadOnlyList<ConfigurationChange> Changes);
}
