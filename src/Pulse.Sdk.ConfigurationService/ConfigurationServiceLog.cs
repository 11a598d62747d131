using Microsoft.Extensions.Logging;

namespace Pulse.Sdk.ConfigurationService;

/// <summary>The configuration service's log messages (<see cref="ConfigurationVersionMonitor"/>): source-generated, so a disabled level costs nothing.</summary>
internal static partial class ConfigurationServiceLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "configuration service: PostgreSQL connection lost ({Error}); serving version {Version} from memory, reconnecting in {Delay}")]
    public static partial void ConnectionLost(ILogger logger, string error, long version, TimeSpan delay);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "configuration service: stored version {Version} is not a valid configuration; served as stored, clients will refuse it: {Error}")]
    public static partial void InvalidVersion(ILogger logger, long version, string error);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "configuration service: version {Version} ({Change})")]
    public static partial void Serving(ILogger logger, long version, string change);
}
