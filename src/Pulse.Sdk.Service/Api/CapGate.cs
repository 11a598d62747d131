using System.Collections.Concurrent;

namespace Pulse.Sdk.Service.Api;

/// <summary>
/// Serialises, per user, the requests that check a cap and then create (tabs, widgets), so two requests of one user on
/// one replica cannot both pass the check. Requests on two replicas at the same instant can still pass it together.
/// </summary>
internal sealed class CapGate
{
    private readonly ConcurrentDictionary<(string Tenant, string User), SemaphoreSlim> _gates = new();

    public async Task<IDisposable> EnterAsync(string tenant, string user, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd((tenant, user), static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) gate.Release();
        }
    }
}
