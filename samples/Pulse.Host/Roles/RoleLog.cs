using System.Net;
using Microsoft.Extensions.Logging;

namespace Pulse.Host.Roles;

/// <summary>The roles' start-up messages: source-generated, so a disabled level costs nothing.</summary>
internal static partial class RoleLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "hep: HEP v3 on {Bind}:{Port} (UDP and TCP), tenant {Tenant}")]
    public static partial void HepListening(ILogger logger, IPAddress bind, int port, string tenant);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "{Command}: re-broadcasting {Host}:{Port}")]
    public static partial void LdsRebroadcasting(ILogger logger, string command, string host, int port);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "{Role}: HTTP on {Urls}")]
    public static partial void HttpListening(ILogger logger, string role, IEnumerable<string> urls);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "{Command}: serving {Identity}")]
    public static partial void UpstreamServing(ILogger logger, string command, string identity);
}
