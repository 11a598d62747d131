using Microsoft.Extensions.Logging;

namespace Pulse.Sdk.Postgres;

/// <summary>The PostgreSQL package's log messages (layout listener, schema migrator, layout statistics): source-generated, so a disabled level costs nothing.</summary>
internal static partial class PostgresLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "pulse_layouts listener: connection lost; reconnecting in {Delay}")]
    public static partial void ListenerConnectionLost(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "pulse_layouts listener: ignored a notification that is not a layout change: {Payload}")]
    public static partial void ListenerBadNotification(ILogger logger, Exception exception, string payload);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "pulse_layouts listener: an event handler threw")]
    public static partial void ListenerHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Pulse schema: applied version {Version} ({Description})")]
    public static partial void MigrationApplied(ILogger logger, int version, string description);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "layout statistics of tenant '{Tenant}': opened {Opened}, closed {Closed}, {Open} open")]
    public static partial void LayoutStatisticsSynchronized(ILogger logger, string tenant, int opened, int closed, int open);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "layout statistics: a Synchronized handler threw")]
    public static partial void SynchronizedHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "layout statistics: {Problem}")]
    public static partial void LayoutStatisticsProblem(ILogger logger, Exception? exception, string problem);

    [LoggerMessage(EventId = 8, Level = LogLevel.Error, Message = "layout statistics: the problem callback threw")]
    public static partial void ProblemCallbackFailed(ILogger logger, Exception exception);
}
