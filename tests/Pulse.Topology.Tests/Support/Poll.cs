namespace Pulse.Topology.Tests.Support;

/// <summary>Waiting on conditions across processes (never a fixed sleep as a check).</summary>
internal static class Poll
{
    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="what"/> when given, else returns false, at the deadline.</summary>
    public static async Task<bool> Eventually(Func<Task<bool>> condition, TimeSpan timeout, string? what)
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition()) return true;
            }
            catch (Exception e) when (e is InvalidOperationException or HttpRequestException or TaskCanceledException)
            {
                last = e;
            }
            await Task.Delay(250); // the poll interval
        }
        if (what is not null) throw new TimeoutException($"timed out waiting for {what}" + (last is null ? "" : ": " + last.Message), last);
        return false;
    }
}
