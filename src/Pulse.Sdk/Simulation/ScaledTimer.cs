namespace Pulse.Sdk.Simulation;

/// <summary>A timer of a <see cref="ScaledTimeProvider"/>: an inner timer whose due time and period are scaled.</summary>
internal sealed class ScaledTimer(ITimer inner, ScaledTimeProvider clock) : ITimer
{
    /// <inheritdoc />
    public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(clock.Scale(dueTime), clock.Scale(period));

    /// <inheritdoc />
    public void Dispose() => inner.Dispose();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
