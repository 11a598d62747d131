using Microsoft.Extensions.Logging;

namespace Pulse.Sdk.Permissions;

/// <summary>The permissions role's log messages (<see cref="PermissionsRole"/>): source-generated, so a disabled level costs nothing.</summary>
internal static partial class PermissionsLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Permissions: {Problem}")]
    public static partial void AccessRejected(ILogger logger, string problem);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Permissions written for {Changed} tenant(s)")]
    public static partial void Written(ILogger logger, int changed);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "The configuration cannot be turned into permissions; the stored permissions stay as they were")]
    public static partial void ConfigurationInvalid(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "A permissions pass failed (reading the access assigned in Pulse or writing the permission store); trying again in {RetryDelay}")]
    public static partial void PassFailed(ILogger logger, Exception exception, TimeSpan retryDelay);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "Reading the version of the assigned access failed")]
    public static partial void VersionReadFailed(ILogger logger, Exception exception);
}
