using System.Net;
using System.Net.Sockets;

namespace Pulse.Sdk.Feed;

/// <summary>Socket set-up shared by the feed's listeners: the server's port and, in the push direction, the client's.</summary>
internal static class FeedSockets
{
    /// <summary>A TCP socket bound to <paramref name="endPoint"/> and listening.</summary>
    /// <exception cref="SocketException">The address cannot be bound.</exception>
    public static Socket Listen(IPEndPoint endPoint, int backlog)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // A restarted process takes its port back at once, past its old connections' TIME_WAIT.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(endPoint);
            socket.Listen(backlog);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The peer's address as text, or <paramref name="fallback"/> when the socket cannot say: reading it asks the kernel
    /// for a dialled socket, which fails once the peer has reset the connection.
    /// </summary>
    public static string Peer(Socket socket, string fallback = "?")
    {
        try
        {
            return socket.RemoteEndPoint?.ToString() ?? fallback;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return fallback;
        }
    }
}
