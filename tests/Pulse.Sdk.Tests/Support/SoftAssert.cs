using System.Globalization;

namespace Pulse.Sdk.Tests.Support;

/// <summary>
/// Collects every mismatch of a test before failing, so one run reports all the wrong values of a
/// hand-computed scenario instead of stopping at the first.
/// </summary>
internal sealed class SoftAssert
{
    private readonly List<string> _failures = [];

    public void Equal(double expected, double actual, string what, double tolerance = 1e-9)
    {
        if (!(Math.Abs(expected - actual) <= tolerance))
            _failures.Add(string.Create(CultureInfo.InvariantCulture, $"{what}: expected {expected:R}, actual {actual:R}"));
    }

    public void Equal<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
            _failures.Add($"{what}: expected {Show(expected)}, actual {Show(actual)}");
    }

    public void True(bool condition, string what)
    {
        if (!condition) _failures.Add(what);
    }

    public void Verify()
    {
        if (_failures.Count > 0)
            Assert.Fail($"{_failures.Count} mismatch(es):{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", _failures));
    }

    private static string Show<T>(T value) => value is null ? "null" : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null";
}
