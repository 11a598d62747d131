using System.Collections.Concurrent;
using System.Net;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Events;

namespace Pulse.Sdk.Hep.Tests.Support;

/// <summary>Runs a <see cref="HepEventSource"/> on loopback ports chosen by the system and collects what it yields.</summary>
internal sealed class SourceRunner : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;

    public SourceRunner(IPulseConfigurationProvider config, TimeProvider? time = null, bool udp = true, bool tcp = true)
    {
        Source = new HepEventSource(config, new HepSourceOptions
        {
            Dialogs = new SipDialogTrackerOptions { Tenant = "t1", TimeProvider = time ?? TimeProvider.System },
            UdpEndpoints = udp ? [new IPEndPoint(IPAddress.Loopback, 0)] : [],
            TcpEndpoints = tcp ? [new IPEndPoint(IPAddress.Loopback, 0)] : [],
            OnRejected = Rejected.Enqueue,
        });
        _reader = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in Source.ReadAllAsync(_stop.Token)) Events.Enqueue(e);
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    public HepEventSource Source { get; }
    public ConcurrentQueue<PulseEvent> Events { get; } = new();
    public ConcurrentQueue<EventRejectedException> Rejected { get; } = new();

    public async Task StartedAsync() => await Source.Listening.WaitAsync(TimeSpan.FromSeconds(10));

    public async Task WaitForAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"timed out waiting for {what}; events: {string.Join(", ", Events.Select(e => e.Type))}; rejected: {string.Join(" | ", Rejected.Select(r => r.Message))}");
            await Task.Delay(20); // the poll interval (the failure lists the events and rejects then, hence not Eventually)
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _reader.WaitAsync(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }
}
