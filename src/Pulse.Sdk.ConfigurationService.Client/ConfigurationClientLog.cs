using Microsoft.Extensions.Logging;

namespace Pulse.Sdk.ConfigurationService.Client;

/// <summary>The configuration client's log messages (<see cref="HttpConfigurationProvider"/>): source-generated, so a disabled level costs nothing.</summary>
internal static partial class ConfigurationClientLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "configuration: version {Version} from {Address}")]
    public static partial void Loaded(ILogger logger, long version, Uri address);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "configuration: {Address} cannot be reached ({Reason}); starting from the last-known-good copy {Path} (version {Version})")]
    public static partial void StartedFromCopy(ILogger logger, Uri address, string reason, string path, long version);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "configuration: {Address} is at version {Newest}, older than version {Seen} seen before; following it")]
    public static partial void WentBack(ILogger logger, Uri address, long newest, long seen);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "configuration: version {Version} from {Address} refused, version {Current} stays in effect: {Error}")]
    public static partial void Refused(ILogger logger, long version, Uri address, long current, string? error);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "configuration: version {Version} from {Address} in effect")]
    public static partial void Applied(ILogger logger, long version, Uri address);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "configuration: a handler of version {Version} threw")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, long version);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "configuration: {Address} cannot be reached ({Reason}); version {Version} stays in effect, retrying")]
    public static partial void Unreachable(ILogger logger, Uri address, string reason, long version);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "configuration: {Address} answers again")]
    public static partial void Reachable(ILogger logger, Uri address);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "configuration: cannot write the last-known-good copy {Path}: {Error}")]
    public static partial void CopyNotWritten(ILogger logger, string path, string error);
}
