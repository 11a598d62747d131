namespace Pulse.Testing;

/// <summary>Waiting for something to happen (on another thread, process or socket), never a fixed sleep as a check.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Polls <paramref name="condition"/> until it holds (true) or the deadline passes (false, for the caller's assertions to say what differs).</summary>
    public static async Task<bool> HoldsAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(10); // the poll interval
        }
        return true;
    }

    /// <inheritdoc cref="HoldsAsync(Func{Task{bool}}, TimeSpan?)"/>
    public static Task<bool> HoldsAsync(Func<bool> condition, TimeSpan? timeout = null) => HoldsAsync(() => Task.FromResult(condition()), timeout);

    /// <summary>Polls <paramref name="condition"/> until it holds; throws a <see cref="TimeoutException"/> naming <paramref name="what"/> at the deadline.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        if (!await HoldsAsync(condition, timeout)) throw new TimeoutException($"not within {timeout ?? DefaultTimeout}: {what}");
    }

    /// <inheritdoc cref="UntilAsync(Func{Task{bool}}, string, TimeSpan?)"/>
    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) => UntilAsync(() => Task.FromResult(condition()), what, timeout);

    /// <summary>Polls <paramref name="probe"/> until <paramref name="done"/> holds or the deadline passes; returns the last value (for the caller to assert on).</summary>
    public static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> done, double seconds = 30)
    {
        T value = default!;
        await HoldsAsync(async () => done(value = await probe()), TimeSpan.FromSeconds(seconds));
        return value;
    }
}
