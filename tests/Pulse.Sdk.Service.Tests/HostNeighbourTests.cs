using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Service.Live;
using Pulse.Sdk.Service.Tests.Support;

namespace Pulse.Sdk.Service.Tests;

/// <summary>
/// Pulse in an application that has its own endpoints, authorization result handler and OpenAPI document, and that
/// mounts Pulse under a route prefix (docs/api.md, "Hosting").
/// </summary>
public sealed class HostNeighbourTests
{
    [Fact]
    public async Task Without_UseWebSockets_a_live_WebSocket_request_is_refused_with_a_message_naming_it()
    {
        var logs = new LogCapture();
        await using var host = await ServiceHost.StartAsync(webSockets: false, services: s => s.AddSingleton<ILoggerProvider>(logs));
        host.Permissions.Set("t1", "alice", PulsePrivilege.ManageTabs, all: true);

        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Authorization", $"{TestAuthenticationHandler.SchemeName} alice@t1");
        using var timeout = new CancellationTokenSource(LiveClient.Wait);
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(host.LiveUri, timeout.Token));
        Assert.Equal(HttpStatusCode.InternalServerError, socket.HttpStatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/live");
        request.Headers.Connection.Add("Upgrade");
        request.Headers.Upgrade.Add(new ProductHeaderValue("websocket"));
        using var answer = await host.Client("alice@t1").SendAsync(request);
        Assert.Equal(HttpStatusCode.InternalServerError, answer.StatusCode);
        Assert.Equal(LiveEndpoints.MissingWebSocketMiddlewareMessage, await answer.MessageAsync());
        Assert.Contains("app.UseWebSockets()", LiveEndpoints.MissingWebSocketMiddlewareMessage, StringComparison.Ordinal);
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("call app.UseWebSockets()", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_applications_authorization_result_handler_keeps_its_endpoints_and_Pulses_endpoints_keep_their_bodies()
    {
        await using var host = await ServiceHost.StartAsync(
            services: s => s.AddSingleton<IAuthorizationMiddlewareResultHandler, TeapotHandler>(),
            map: app => app.MapGet("/app/secret", () => "the application's secret").RequireAuthorization());

        using var own = await host.Client(null).GetAsync("/app/secret");
        Assert.Equal((HttpStatusCode)StatusCodes.Status418ImATeapot, own.StatusCode);
        Assert.Equal(TeapotHandler.Body, await own.Content.ReadAsStringAsync());
        using var allowed = await host.Client("alice@t1").GetAsync("/app/secret");
        Assert.Equal("the application's secret", await allowed.Content.ReadAsStringAsync());

        using var pulse = await host.Client(null).GetAsync("/api/wbrt/templates");
        Assert.Equal(HttpStatusCode.Unauthorized, pulse.StatusCode);
        Assert.StartsWith("not authenticated:", await pulse.MessageAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_handler_registered_after_AddPulseService_is_kept_and_MapPulseApi_warns_that_Pulses_bodies_are_lost()
    {
        var logs = new LogCapture();
        var app = Build(logs, s =>
        {
            s.AddPulse().AddConfiguration(ServiceHost.Configuration).AddPulseService();
            s.AddSingleton<IAuthorizationMiddlewareResultHandler, TeapotHandler>();
        });

        app.MapPulseApi();

        Assert.IsType<TeapotHandler>(app.Services.GetRequiredService<IAuthorizationMiddlewareResultHandler>());
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains(typeof(TeapotHandler).FullName!, StringComparison.Ordinal)
            && e.Message.Contains("Register it before AddPulseService", StringComparison.Ordinal));
    }

    [Fact]
    public void A_handler_registered_before_AddPulseService_is_decorated_without_a_warning()
    {
        var logs = new LogCapture();
        IServiceCollection? services = null;
        var app = Build(logs, s =>
        {
            s.AddSingleton<IAuthorizationMiddlewareResultHandler, TeapotHandler>();
            s.AddPulse().AddConfiguration(ServiceHost.Configuration).AddPulseService().AddPulseService();
            services = s;
        });

        app.MapPulseApi();

        Assert.Single(services!, d => d.ServiceType == typeof(IAuthorizationMiddlewareResultHandler));
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task The_applications_default_OpenAPI_document_stays_its_own_and_Pulses_is_named_pulse()
    {
        await using var host = await ServiceHost.StartAsync(services: s => s.AddOpenApi(), map: app =>
        {
            app.MapOpenApi();
            app.MapGet("/app/hello", () => "hello");
        });
        var client = host.Client(null);

        var application = await (await client.GetAsync("/openapi/v1.json")).ReadJsonAsync();
        var pulse = await (await client.GetAsync("/openapi/pulse.json")).ReadJsonAsync();

        Assert.True(application.GetProperty("paths").TryGetProperty("/app/hello", out _));
        Assert.False(application.GetProperty("paths").TryGetProperty("/api/wbrt/templates", out _));
        Assert.False(application.GetProperty("paths").TryGetProperty("/health", out _));
        Assert.True(pulse.GetProperty("paths").TryGetProperty("/api/wbrt/templates", out _));
        Assert.False(pulse.GetProperty("paths").TryGetProperty("/app/hello", out _));
        Assert.Equal("Pulse service API", pulse.GetProperty("info").GetProperty("title").GetString());
    }

    [Fact]
    public async Task Under_a_route_prefix_the_api_health_OpenAPI_live_push_and_Location_headers_take_it()
    {
        await using var host = await ServiceHost.StartAsync(routePrefix: "/pulse");
        host.Permissions.Set("t1", "alice", PulsePrivilege.ManageTabs, all: true);
        var alice = host.Client("alice@t1");

        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/pulse/health")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync("/api/wbrt/tabs")).StatusCode);
        using var created = await alice.PostAsJsonAsync("/pulse/api/wbrt/tabs", new { name = "Floor" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
        Assert.Equal($"/pulse/api/wbrt/tabs/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync(created.Headers.Location)).StatusCode);
        var doc = await (await alice.GetAsync("/pulse/openapi/pulse.json")).ReadJsonAsync();
        Assert.True(doc.GetProperty("paths").TryGetProperty("/pulse/api/wbrt/tabs", out _));

        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"{TestAuthenticationHandler.SchemeName} alice@t1");
        using var timeout = new CancellationTokenSource(LiveClient.Wait);
        await socket.ConnectAsync(new Uri($"ws://{host.BaseAddress.Authority}/pulse/api/live"), timeout.Token);
        Assert.Equal(WebSocketState.Open, socket.State);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
    }

    [Fact]
    public async Task Under_a_route_prefix_the_session_cookie_kiosk_link_and_its_redirect_take_it()
    {
        await using var host = await SessionHost.StartAsync(routePrefix: "/pulse");
        host.Permissions.Set("t1", "alice", PulsePrivilege.ManageSharedDashboards, objects: [(ObjectType.Queue, "q1")], extra: [PulsePrivilege.ManageUsers]);
        var (_, _, tab) = await host.SeedAsync();

        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        using var login = await browser.PostAsJsonAsync("/pulse/api/session/login", new { username = "alice", password = SessionHost.Password });
        Assert.Equal(HttpStatusCode.NoContent, login.StatusCode);
        Assert.Contains("path=/pulse;", login.Headers.GetValues("Set-Cookie").Single(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/pulse/api/session")).StatusCode);

        var creator = await host.BearerClientAsync();
        using var created = await creator.PostAsJsonAsync("/pulse/api/wbrt/kiosk-sessions", new { tabId = tab.Id, name = "Wall" });
        var session = await created.ReadJsonAsync();
        Assert.Equal($"/pulse/api/wbrt/kiosk-sessions/{session.GetProperty("id").GetGuid()}", created.Headers.Location?.OriginalString);
        var link = session.GetProperty("link").GetString()!;
        Assert.StartsWith("/pulse/kiosk/", link, StringComparison.Ordinal);

        using var screen = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        using var opened = await screen.GetAsync(link);
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Equal($"/pulse/#tab={tab.Id}", opened.Headers.Location?.OriginalString);
        Assert.Contains(opened.Headers.GetValues("Set-Cookie"), c => c.StartsWith("pulse_kiosk=", StringComparison.Ordinal) && c.Contains("path=/pulse;", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>An application (not started) logging to <paramref name="logs"/>, with a permission evaluator and <paramref name="services"/>.</summary>
    private static WebApplication Build(LogCapture logs, Action<IServiceCollection> services)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.Services.AddSingleton<IPermissionEvaluator>(new FakePermissionEvaluator());
        services(builder.Services);
        return builder.Build();
    }

    /// <summary>An application's own handler: its refusals are 418 with a text body.</summary>
    private sealed class TeapotHandler : IAuthorizationMiddlewareResultHandler
    {
        public const string Body = "the application's own refusal";

        public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
        {
            if (authorizeResult.Succeeded)
            {
                await next(context);
                return;
            }
            context.Response.StatusCode = StatusCodes.Status418ImATeapot;
            await context.Response.WriteAsync(Body);
        }
    }
}
