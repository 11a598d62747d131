namespace Pulse.Sdk.Authentication.Throttling;

/// <summary>
/// Bounds the password checks running at once, so that anonymous clients cannot hold every core with PBKDF2 work
/// (docs/api.md, "Login limits"). A check waits at most the queue timeout for a slot, then is refused.
/// </summary>
public sealed class PasswordHashingGate : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly TimeSpan _wait;

    /// <summary>A gate of <paramref name="maxConcurrent"/> slots.</summary>
    /// <param name="maxConcurrent">Checks at once (at least 1).</param>
    /// <param name="queueTimeout">How long a check waits for a slot (zero: not at all). Wall time: it bounds a wait, not a security decision.</param>
    public PasswordHashingGate(int maxConcurrent, TimeSpan queueTimeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrent, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(queueTimeout, TimeSpan.Zero);
        _slots = new SemaphoreSlim(maxConcurrent, maxConcurrent);
        _wait = queueTimeout;
    }

    /// <summary>Takes a slot; false when none came free in time. Give it back with <see cref="Release"/>.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public Task<bool> TryEnterAsync(CancellationToken cancellationToken = default) => _slots.WaitAsync(_wait, cancellationToken);

    /// <summary>Gives a slot back.</summary>
    public void Release() => _slots.Release();

    /// <summary>Releases the semaphore.</summary>
    public void Dispose() => _slots.Dispose();
}
