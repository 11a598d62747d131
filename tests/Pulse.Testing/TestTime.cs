namespace Pulse.Testing;

/// <summary>Where the tests' fake clocks start unless a test needs another time (FakeTimeProvider's own default is 2000-01-01).</summary>
public static class TestTime
{
    public static readonly DateTimeOffset Start = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
}
