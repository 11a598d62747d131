using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Service.Api;
using Pulse.Sdk.Service.Api.Contracts;
using Pulse.Sdk.Storage;

namespace Pulse.Sdk.Service.Live;

/// <summary><c>GET /api/live</c> (WebSocket) and <c>GET /api/live/sse</c> (Server-Sent Events): see docs/api.md, "Live push".</summary>
internal static class LiveEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/live", WebSocketAsync).WithName("LiveWebSocket").WithDescription("WebSocket upgrade: subscribe to layouts, receive a snapshot then deltas (docs/api.md).");
        api.MapGet("/live/sse", (Func<HttpContext, Task<IResult>>)ServerSentEventsAsync).WithName("LiveServerSentEvents").WithDescription("Server-Sent Events: ?layouts=<guid>,<guid>&maxRate=4");
    }

    private static LiveConnection Connect(HttpContext http, ILiveTransport transport)
    {
        var sp = http.RequestServices;
        var caller = PulseCaller.Of(http);
        return new LiveConnection(caller, transport, sp.GetRequiredService<LiveHub>(), sp.GetRequiredService<IMetadataStore>(),
            sp.GetRequiredService<IStatisticValueSource>(), sp.GetRequiredService<IPermissionEvaluator>(),
            sp.GetRequiredService<IOptions<PulseServiceOptions>>().Value, sp.GetRequiredService<TimeProvider>(), _ => SessionEndAsync(http),
            caller.Kiosk is null ? null : sp.GetRequiredService<IOptions<KioskSessionOptions>>().Value.CheckInterval, sp.GetService<IPulseConfigurationProvider>(),
            sp.GetService<ILogger<LiveConnection>>());
    }

    /// <summary>The answer to a WebSocket request when the application did not add the WebSocket middleware.</summary>
    internal const string MissingWebSocketMiddlewareMessage = "the server cannot accept WebSockets: the application must call app.UseWebSockets() (use /api/live/sse meanwhile)";

    // HTTP/1.1 "Upgrade: websocket", or HTTP/2's extended CONNECT with :protocol websocket.
    private static bool AsksForWebSocket(HttpRequest request) =>
        request.Headers.Upgrade.Any(static v => v is not null && v.Contains("websocket", StringComparison.OrdinalIgnoreCase))
        || request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpExtendedConnectFeature>() is { IsExtendedConnect: true, Protocol: var p }
            && string.Equals(p, "websocket", StringComparison.OrdinalIgnoreCase);

    /// <summary>The message ending a live connection whose credential is refused now.</summary>
    internal const string SessionEndedMessage = "the session ended (logged out or expired): log in again";

    /// <summary>The message ending a live connection whose credential cannot be checked now.</summary>
    internal const string SessionUncheckableMessage = "the session cannot be checked now (the authentication service answered 503): reconnect later";

    /// <summary>
    /// Authenticates the connection's request again with the default scheme (its cookie or bearer token, read again): a
    /// logout that revoked the token, or its expiry, ends the connection at the next permission refresh, and so does a
    /// credential the scheme cannot check now (its challenge would answer 503, e.g. the revocation list is unreachable),
    /// with a message of its own. Null while the credential is accepted, and when the application has no default scheme
    /// (nothing to check again).
    /// </summary>
    private static async Task<string?> SessionEndAsync(HttpContext http)
    {
        var schemes = http.RequestServices.GetService<IAuthenticationSchemeProvider>();
        if (schemes is null || await schemes.GetDefaultAuthenticateSchemeAsync().ConfigureAwait(false) is null) return null;
        // A handler caches its result for its request: ask a fresh one, in a scope of its own, with the same credentials.
        await using var scope = http.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        var probe = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        probe.Request.Scheme = http.Request.Scheme;
        probe.Request.Host = http.Request.Host;
        probe.Request.Path = http.Request.Path;
        probe.Connection.RemoteIpAddress = http.Connection.RemoteIpAddress;
        foreach (var name in (string[])["Cookie", "Authorization"])
            if (http.Request.Headers.TryGetValue(name, out var value)) probe.Request.Headers[name] = value;
        var result = await probe.AuthenticateAsync().ConfigureAwait(false);
        if (result.Succeeded && PulseCaller.ClaimsOf(result.Principal) == PulseCaller.ClaimsOf(http.User)) return null;
        if (result.Failure is null) return SessionEndedMessage;
        // A failure may be a refusal or a check that could not be made: the scheme's own answer tells them apart
        // (written to the probe's response, which goes nowhere).
        await probe.ChallengeAsync().ConfigureAwait(false);
        return probe.Response.StatusCode == StatusCodes.Status503ServiceUnavailable ? SessionUncheckableMessage : SessionEndedMessage;
    }

    private static async Task<IResult> WebSocketAsync(HttpContext http, IOptions<PulseServiceOptions> options)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpWebSocketFeature>() is null && AsksForWebSocket(http.Request))
            {
                // Without the middleware the upgrade cannot be accepted: say so, rather than a 400 blaming the client.
                ServiceLog.WebSocketMiddlewareMissing(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LiveEndpoints).FullName!));
                return ApiResults.Error(StatusCodes.Status500InternalServerError, MissingWebSocketMiddlewareMessage);
            }
            return ApiResults.BadRequest("not a WebSocket request: connect to this path with a WebSocket client, or use /api/live/sse");
        }
        await using var accepted = await LingeringWebSocket.AcceptAsync(http).ConfigureAwait(false);
        var socket = accepted.Socket;
        await using var connection = Connect(http, new WebSocketLiveTransport(socket));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        var sending = RunThenStopAsync(connection, socket, stop);
        var closeStatus = WebSocketCloseStatus.NormalClosure;
        string? closeReason = null;
        try
        {
            closeStatus = await ReceiveAsync(socket, connection, options.Value.MaxClientMessageBytes, stop.Token).ConfigureAwait(false);
            if (closeStatus == WebSocketCloseStatus.MessageTooBig)
            {
                closeReason = "message too large";
                connection.ClientMessageTooBig(options.Value.MaxClientMessageBytes);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The client went away.
        }
        catch (Exception e)
        {
            // A bug, not the client: the client gets a close frame naming the logged id rather than a cut socket.
            (closeStatus, closeReason) = (WebSocketCloseStatus.InternalServerError, InternalError(http, e));
        }
        await stop.CancelAsync().ConfigureAwait(false);
        try { await sending.ConfigureAwait(false); }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException) { }
        catch (Exception e)
        {
            (closeStatus, closeReason) = (WebSocketCloseStatus.InternalServerError, InternalError(http, e));
        }
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            try
            {
                using var closing = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await socket.CloseAsync(closeStatus, closeReason, closing.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException) { }
        }
        return Results.Empty;
    }

    /// <summary>Logs an exception of a live socket with the request's correlation id; the close reason quoting it.</summary>
    private static string InternalError(HttpContext http, Exception e)
    {
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LiveEndpoints).FullName!);
        return $"internal error; correlation id {UnhandledExceptionMiddleware.LogUnhandled(logger, http, e)}";
    }

    /// <summary>
    /// Runs the send loop. When the server ends it (the user's permissions were withdrawn) the socket is closed politely and
    /// the receive side ends with the client's answer (or 5 s later); when a send fails or times out the receive side is
    /// cancelled, which aborts the socket.
    /// </summary>
    private static async Task RunThenStopAsync(LiveConnection connection, WebSocket socket, CancellationTokenSource stop)
    {
        try
        {
            await connection.RunAsync(stop.Token).ConfigureAwait(false);
            if (socket.State == WebSocketState.Open)
                await socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, "permissions withdrawn", stop.Token).ConfigureAwait(false);
            stop.CancelAfter(TimeSpan.FromSeconds(5));
        }
        catch
        {
            await stop.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Reads client messages until the client closes, the sender stops or a message is too large.</summary>
    private static async Task<WebSocketCloseStatus> ReceiveAsync(WebSocket socket, LiveConnection connection, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (!cancellationToken.IsCancellationRequested && socket.State is WebSocketState.Open or WebSocketState.CloseSent)
        {
            buffer.ResetWrittenCount();
            ValueWebSocketReceiveResult result;
            do
            {
                if (buffer.WrittenCount >= maxBytes) return WebSocketCloseStatus.MessageTooBig;
                result = await socket.ReceiveAsync(buffer.GetMemory(Math.Min(4096, maxBytes - buffer.WrittenCount + 1)), cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close) return WebSocketCloseStatus.NormalClosure;
                buffer.Advance(result.Count);
            }
            while (!result.EndOfMessage);
            if (buffer.WrittenCount > maxBytes) return WebSocketCloseStatus.MessageTooBig;
            if (result.MessageType != WebSocketMessageType.Text)
            {
                connection.SendError(null, "messages must be JSON text");
                continue;
            }
            await HandleAsync(buffer.WrittenMemory, connection, cancellationToken).ConfigureAwait(false);
        }
        return WebSocketCloseStatus.NormalClosure;
    }

    /// <summary>Applies one client message: subscribe, unsubscribe, resync or ping; anything else gets an error message.</summary>
    internal static async Task HandleAsync(ReadOnlyMemory<byte> json, LiveConnection connection, CancellationToken cancellationToken)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 }); }
        catch (JsonException) { connection.SendError(null, "message: not valid JSON"); return; }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) { connection.SendError(null, "message: a JSON object is required"); return; }
            var op = root.TryGetProperty("op", out var o) && o.ValueKind == JsonValueKind.String ? TextOf(o) : null;
            if (op == "ping") { connection.HeartbeatDue(); return; }
            string? sub = null;
            if (root.TryGetProperty("sub", out var s))
            {
                if (s.ValueKind != JsonValueKind.String || TextOf(s) is not { Length: > 0 and <= 100 } name)
                {
                    connection.SendError(null, "sub: a name of 1 to 100 characters");
                    return;
                }
                sub = name;
            }
            switch (op)
            {
                case "subscribe":
                    if (sub is null) { connection.SendError(null, "sub: required"); return; }
                    double? rate = null;
                    if (root.TryGetProperty("maxRate", out var r) && r.ValueKind != JsonValueKind.Null)
                    {
                        // TryGetDouble: a number past double's range (1e400) is refused rather than thrown.
                        if (r.ValueKind != JsonValueKind.Number || !r.TryGetDouble(out var requested)) { connection.SendError(sub, "maxRate: a number of messages per second"); return; }
                        rate = requested;
                    }
                    if (root.TryGetProperty("query", out var q))
                    {
                        QueryBody? body;
                        try { body = q.Deserialize<QueryBody>(ApiJson.Options); }
                        catch (JsonException e) { connection.SendError(sub, "query." + JsonBody.Describe(e)); return; }
                        if (body is null) { connection.SendError(sub, "query: a JSON object is required"); return; }
                        if (await connection.SubscribeAsync(sub, body, rate, cancellationToken).ConfigureAwait(false) is { } refused) connection.SendError(sub, refused);
                        return;
                    }
                    if (!root.TryGetProperty("layouts", out var l) || l.ValueKind != JsonValueKind.Array) { connection.SendError(sub, "layouts: an array of layout ids is required (or a query)"); return; }
                    var layouts = new List<Guid>();
                    var i = 0;
                    foreach (var item in l.EnumerateArray())
                    {
                        if (item.ValueKind != JsonValueKind.String || !Guid.TryParse(TextOf(item), out var id)) { connection.SendError(sub, $"layouts[{i}]: not a GUID"); return; }
                        layouts.Add(id);
                        i++;
                    }
                    if (await connection.SubscribeAsync(sub, layouts, rate, cancellationToken).ConfigureAwait(false) is { } problem) connection.SendError(sub, problem);
                    return;
                case "unsubscribe":
                    if (sub is null || !connection.Unsubscribe(sub)) connection.SendError(sub, "sub: no such subscription");
                    return;
                case "resync":
                    if (sub is null || !connection.Resync(sub)) connection.SendError(sub, "sub: no such subscription");
                    return;
                default:
                    connection.SendError(sub, "op: one of subscribe, unsubscribe, resync, ping");
                    return;
            }
        }
    }

    /// <summary>A JSON string's text, or null when it cannot be one (an escaped lone surrogate, <c>"\ud800"</c>): a client's mistake, not a bug.</summary>
    private static string? TextOf(JsonElement value)
    {
        try { return value.GetString(); }
        catch (InvalidOperationException) { return null; }
    }

    private static async Task<IResult> ServerSentEventsAsync(HttpContext http)
    {
        var query = http.Request.Query;
        var layouts = new List<Guid>();
        var parts = query["layouts"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            if (!Guid.TryParse(parts[i], out var id)) return ApiResults.BadRequest($"layouts[{i}]: '{RequestValues.Shorten(parts[i])}' is not a GUID");
            layouts.Add(id);
        }
        double? rate = null;
        if (query["maxRate"].ToString() is { Length: > 0 } rateText)
        {
            if (!double.TryParse(rateText, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var r))
                return ApiResults.BadRequest($"maxRate: '{RequestValues.Shorten(rateText)}' is not a number");
            rate = r;
        }
        var response = http.Response;
        await using var connection = Connect(http, new ServerSentEventsLiveTransport(response));
        if (await connection.SubscribeAsync("sse", layouts, rate, http.RequestAborted).ConfigureAwait(false) is { } problem)
            return problem.StartsWith("missing privilege", StringComparison.Ordinal)
                ? ApiResults.Error(StatusCodes.Status403Forbidden, problem)
                : problem.Contains("no layout", StringComparison.Ordinal) ? ApiResults.Error(StatusCodes.Status404NotFound, problem) : ApiResults.BadRequest(problem);
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.StartAsync(http.RequestAborted).ConfigureAwait(false);
        try
        {
            await connection.RunAsync(http.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested) { }
        catch (IOException) { }
        return Results.Empty;
    }
}
