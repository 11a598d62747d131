using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Pulse.Sdk.Service.Api;

/// <summary>
/// The last resort of the service's pipeline (added first by <c>AddPulseService</c>, so a host's own exception handler,
/// inside it, still comes first): an exception no handler caught is logged with the request's correlation id and
/// answered 500 <see cref="InternalErrorBody"/> naming that id. A response already started is aborted instead (the
/// client then sees a cut, never a truncated body that looks complete). Kestrel's bad-request exceptions keep their
/// status (400, 413, ...), and a request the client gave up is not an error.
/// </summary>
internal sealed partial class UnhandledExceptionMiddleware(RequestDelegate next, ILogger<UnhandledExceptionMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await ApiResults.Error(e.StatusCode, $"bad request: {e.Message}").ExecuteAsync(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception e)
        {
            var id = LogUnhandled(logger, context, e);
            if (context.Response.HasStarted)
            {
                context.Abort();
                return;
            }
            context.Response.Clear();
            await Results.Json(new InternalErrorBody($"internal error: the service logged it with correlation id {id}", id), ApiJson.Options,
                statusCode: StatusCodes.Status500InternalServerError).ExecuteAsync(context).ConfigureAwait(false);
        }
    }

    /// <summary>Logs <paramref name="exception"/> with the method, path and correlation id (no query, headers or body); returns the id.</summary>
    public static string LogUnhandled(ILogger logger, HttpContext context, Exception exception)
    {
        var id = context.TraceIdentifier;
        LogError(logger, exception, context.Request.Method, context.Request.Path.Value ?? "", id);
        return id;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}; correlation id {CorrelationId}")]
    private static partial void LogError(ILogger logger, Exception exception, string method, string path, string correlationId);

    /// <summary>Puts the middleware in front of the application's pipeline.</summary>
    internal sealed class StartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseMiddleware<UnhandledExceptionMiddleware>();
            next(app);
        };
    }
}
