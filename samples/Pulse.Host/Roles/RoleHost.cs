using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Pulse.Host.Roles;

/// <summary>
/// What every role process shares: a <see cref="WebApplication"/> (logs through <see cref="ILogger"/> to standard
/// error), Kestrel on one address, <c>GET /health</c>, and Prometheus metrics of the SDK's meters at <c>GET /metrics</c>.
/// </summary>
internal static class RoleHost
{
    /// <summary>
    /// Logs of what a role does before its web application exists and after (its configuration's client), in the format of
    /// the application's logs. Lives as long as the process.
    /// </summary>
    public static ILoggerFactory StartupLoggers { get; } = LoggerFactory.Create(ConfigureLogging);

    /// <summary>
    /// The longest wait between a feed client's connection attempts in the site's roles (the SDK's default is 30 s): an
    /// upstream back from a restart is read again within 5 s, while its ring still holds what the gap missed.
    /// </summary>
    public static readonly TimeSpan FeedReconnectCap = TimeSpan.FromSeconds(5);

    /// <summary>A web application builder for <paramref name="role"/> listening on <paramref name="bind"/>:<paramref name="port"/> (Kestrel; 0 = a free port).</summary>
    public static WebApplicationBuilder CreateBuilder(string role, IPAddress bind, int port)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "Pulse.Host." + role,
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        ConfigureLogging(builder.Logging);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        // Every role reports its components' health checks at /health (MapHealthAndMetrics).
        builder.Services.AddHealthChecks();
        // Every Pulse.Sdk* meter at /metrics, under the published Pulse names (docs/metrics.md).
        builder.Services.AddPulsePrometheusExporter();
        builder.WebHost.ConfigureKestrel(k => k.Listen(bind, port));
        return builder;
    }

    private static void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        // Standard output stays free for what a command prints; logs go to standard error.
        logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
    }

    /// <summary>
    /// Maps <c>GET /health</c> and <c>GET /health/detail</c> (the role's health checks: 200
    /// <c>{"status":"Healthy"}</c> or <c>"Degraded"</c>, 503 when unhealthy) and <c>GET /metrics</c> (Prometheus text format).
    /// </summary>
    public static void MapHealthAndMetrics(WebApplication app, string role, bool health = true)
    {
        // /health and /health/detail merge what the role's parts report (a DCU's Redis writer, a replica's Redis and PostgreSQL).
        if (health) app.MapPulseHealth();
        app.MapPulseMetrics();
    }

    /// <summary>
    /// Starts <paramref name="app"/>, logs where it listens, and runs until <paramref name="cancellationToken"/> (Ctrl+C,
    /// SIGTERM) or the host stops. A port taken or an invalid setting found at start is logged and exits with 1.
    /// </summary>
    public static async Task<int> RunAsync(WebApplication app, string role, HostConsole console, CancellationToken cancellationToken)
    {
        await using (app.ConfigureAwait(false))
        {
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or Microsoft.Extensions.Options.OptionsValidationException
                or InvalidOperationException or Pulse.Sdk.Configuration.ConfigurationException or ArgumentException)
            {
                await console.Error.WriteLineAsync($"{role}: cannot start: {e.GetBaseException().Message}").ConfigureAwait(false);
                return ExitCodes.InputError;
            }
            RoleLog.HttpListening(app.Logger, role, app.Urls);
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
    }
}
