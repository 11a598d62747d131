using Microsoft.Extensions.Logging;

namespace Pulse.Sdk.Service.Live;

/// <summary>
/// The live push's log messages, beside its metrics (docs/api.md, "Logging"), under <see cref="LiveConnection"/>'s
/// category. A connection is named by its user, tenant and transport; tokens and kiosk secrets never appear.
/// </summary>
internal static partial class LiveLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "live: user {User} of tenant {Tenant} connected over {Transport}")]
    public static partial void Connected(ILogger logger, string user, string tenant, string transport);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "live: user {User} of tenant {Tenant} disconnected ({Transport})")]
    public static partial void Disconnected(ILogger logger, string user, string tenant, string transport);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "live: dropped user {User} of tenant {Tenant} ({Transport}): a message was not taken within {SendTimeout} (PulseServiceOptions.SendTimeout)")]
    public static partial void SendDeadlineExceeded(ILogger logger, string user, string tenant, string transport, TimeSpan sendTimeout);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "live: refused a message of user {User} of tenant {Tenant} ({Transport}): {Problem}")]
    public static partial void ClientMessageRefused(ILogger logger, string user, string tenant, string transport, string problem);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "live: closed the connection of user {User} of tenant {Tenant} ({Transport}): a message larger than {MaxBytes} bytes (PulseServiceOptions.MaxClientMessageBytes)")]
    public static partial void ClientMessageTooBig(ILogger logger, string user, string tenant, string transport, int maxBytes);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "live: ended the connection of user {User} of tenant {Tenant} ({Transport}): {Reason}")]
    public static partial void AccessEnded(ILogger logger, string user, string tenant, string transport, string reason);
}
