using Microsoft.Extensions.Logging;

namespace Pulse.Sdk.Service;

/// <summary>
/// The service's log messages (user access, authorization, hosting mistakes): source-generated, so a disabled level
/// costs nothing.
/// </summary>
internal static partial class ServiceLog
{
    /// <summary>The category of the user-access messages.</summary>
    public const string UserAccessCategory = "Pulse.Sdk.Service.UserAccess";

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Access of user {User} of tenant {Tenant} assigned by {Caller} (version {Version})")]
    public static partial void AccessAssigned(ILogger logger, string user, string tenant, string caller, long version);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Access assigned to user {User} of tenant {Tenant} removed by {Caller}")]
    public static partial void AccessRemoved(ILogger logger, string user, string tenant, string caller);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "The IAuthorizationMiddlewareResultHandler {Handler} was registered after AddPulseService and replaces Pulse's: the Pulse API's 401 and 403 answers lose their {{\"message\"}} bodies. Register it before AddPulseService; Pulse then decorates it.")]
    public static partial void AuthorizationHandlerReplaced(ILogger logger, string? handler);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "A live WebSocket request was refused: the WebSocket middleware is not in the pipeline; call app.UseWebSockets() before the endpoints (docs/api.md, \"Hosting\")")]
    public static partial void WebSocketMiddlewareMissing(ILogger logger);
}
