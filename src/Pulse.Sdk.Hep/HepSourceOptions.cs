using System.Net;
using Pulse.Sdk.Events;

namespace Pulse.Sdk.Hep;

/// <summary>Options of <see cref="HepEventSource"/>.</summary>
public sealed record HepSourceOptions
{
    /// <summary>The conventional HEP port, 9060.</summary>
    public const int DefaultPort = 9060;

    /// <summary>The dialog tracker's options; its <see cref="SipDialogTrackerOptions.Tenant"/> is required.</summary>
    public SipDialogTrackerOptions Dialogs { get; init; } = new();

    /// <summary>UDP endpoints to listen on (one datagram is one HEP packet). Default <c>0.0.0.0:9060</c>; empty for none.</summary>
    public IReadOnlyList<IPEndPoint> UdpEndpoints { get; init; } = [new IPEndPoint(IPAddress.Any, DefaultPort)];

    /// <summary>TCP endpoints to listen on (a stream of HEP packets framed by their length). Default <c>0.0.0.0:9060</c>; empty for none.</summary>
    public IReadOnlyList<IPEndPoint> TcpEndpoints { get; init; } = [new IPEndPoint(IPAddress.Any, DefaultPort)];

    /// <summary>When set, packets whose auth key (chunk 14) differs are rejected (<c>auth_failed</c>).</summary>
    public string? AuthKey { get; init; }

    /// <summary>How often half-open dialogs are checked against the timeouts. Default 1 s.</summary>
    public TimeSpan ExpireInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Parsed messages buffered between the listeners and the reader; listeners wait when it is full. Default 65,536.</summary>
    public int QueueCapacity { get; init; } = 65_536;

    /// <summary>The most TCP connections served at once; further ones are closed at once. Default 256.</summary>
    public int MaxTcpConnections { get; init; } = 256;

    /// <summary>Called for each rejected packet (from listener threads), after it is counted.</summary>
    public Action<EventRejectedException>? OnRejected { get; init; }

    /// <summary>Every problem of these options and of <see cref="Dialogs"/>, each naming the setting and what to set; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Dialogs is null) errors.Add("HepSourceOptions.Dialogs must not be null: set Dialogs = new SipDialogTrackerOptions { Tenant = \"...\" }");
        else errors.AddRange(Dialogs.Validate());
        if (UdpEndpoints is null || TcpEndpoints is null)
            errors.Add("HepSourceOptions.UdpEndpoints and TcpEndpoints must not be null (use an empty list for none)");
        else if (UdpEndpoints.Count + TcpEndpoints.Count == 0)
            errors.Add("HepSourceOptions.UdpEndpoints and TcpEndpoints: none given; give at least one UDP or TCP endpoint, for example 0.0.0.0:9060");
        if (ExpireInterval <= TimeSpan.Zero) errors.Add("HepSourceOptions.ExpireInterval must be positive, for example 1 second");
        if (QueueCapacity < 1) errors.Add("HepSourceOptions.QueueCapacity must be at least 1, for example 65536");
        if (MaxTcpConnections < 1) errors.Add("HepSourceOptions.MaxTcpConnections must be at least 1, for example 256");
        return errors;
    }
}
