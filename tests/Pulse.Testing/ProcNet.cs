using System.Globalization;
using System.Net;

namespace Pulse.Testing;

/// <summary>Socket state read from Linux's /proc/net tables: what a test can wait for without racing a process for a port.</summary>
public static class ProcNet
{
    /// <summary>Whether a process has a UDP socket bound to <paramref name="port"/>.</summary>
    public static bool UdpPortTaken(int port) =>
        Rows("udp").Any(r => r.LocalPort == port);

    /// <summary>
    /// Whether everything sent either way on the loopback TCP connection between <paramref name="a"/> and <paramref name="b"/>
    /// was read by the other end: both ends' sockets are listed and their send and receive queues are empty.
    /// </summary>
    public static bool TcpQueuesEmpty(IPEndPoint a, IPEndPoint b)
    {
        var ends = Rows("tcp").Where(r => (r.LocalPort, r.RemotePort) == (a.Port, b.Port) || (r.LocalPort, r.RemotePort) == (b.Port, a.Port)).ToList();
        return ends.Count == 2 && ends.All(r => r.Queued == 0);
    }

    private static IEnumerable<(int LocalPort, int RemotePort, long Queued)> Rows(string protocol) =>
        new[] { $"/proc/net/{protocol}", $"/proc/net/{protocol}6" }.Where(File.Exists).SelectMany(File.ReadLines).Skip(1)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length > 4 && f[1].Contains(':') && f[4].Contains(':'))
            .Select(f => (Port(f[1]), Port(f[2]), f[4].Split(':').Sum(q => long.Parse(q, NumberStyles.HexNumber, CultureInfo.InvariantCulture))));

    private static int Port(string address) => int.Parse(address[(address.LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
