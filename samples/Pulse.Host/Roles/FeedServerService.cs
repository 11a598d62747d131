using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pulse.Sdk.Feed;

namespace Pulse.Host.Roles;

/// <summary>Runs a <see cref="FeedServer"/> (an upstream service) or an <see cref="Lds"/> as a hosted service: listens on start, closes on stop.</summary>
internal sealed partial class FeedServerService(FeedServer server, Lds? lds, IPEndPoint endPoint, ILogger<FeedServerService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (lds is not null) lds.Start(endPoint);
        else server.Start(endPoint);
        LogListening(logger, server.Name, server.LocalEndPoint!.ToString(), server.StreamId);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (lds is not null) await lds.DisposeAsync().ConfigureAwait(false);
        else await server.DisposeAsync().ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Name}: feed protocol on {EndPoint} (stream id {StreamId})")]
    private static partial void LogListening(ILogger logger, string name, string endPoint, string streamId);
}
