using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Pulse.Sdk.Feed.Tests.Support;

/// <summary>
/// Listens to every instrument of the <c>Pulse.Sdk.Feed</c> meter and keeps, per instrument, the sum of its long
/// measurements by tag set. The meter is static and tests run in parallel: filter by a name unique to the test.
/// </summary>
public sealed class FeedMetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Instrument, string Tags), long> _sums = new();

    public FeedMetricsRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == FeedMeter.Name) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) => Record(instrument, 0, tags));
        _listener.Start();
    }

    /// <summary>The sum of <paramref name="instrument"/>'s measurements whose tags include every one of <paramref name="tags"/>.</summary>
    public long Sum(string instrument, params (string Key, string Value)[] tags) =>
        _sums.Where(kv => kv.Key.Instrument == instrument && tags.All(t => kv.Key.Tags.Split(';').Contains($"{t.Key}={t.Value}"))).Sum(kv => kv.Value);

    /// <summary>The distinct series (<c>instrument{key=value;...}</c>) seen so far with a tag value containing <paramref name="marker"/>.</summary>
    public IReadOnlyList<string> Series(string marker)
    {
        _listener.RecordObservableInstruments();
        return [.. _sums.Keys.Where(k => k.Tags.Contains(marker, StringComparison.Ordinal)).Select(k => $"{k.Instrument}{{{k.Tags}}}").Order(StringComparer.Ordinal)];
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var parts = new List<string>(tags.Length);
        foreach (var tag in tags) parts.Add($"{tag.Key}={tag.Value}");

        parts.Sort(StringComparer.Ordinal);
        _sums.AddOrUpdate((instrument.Name, string.Join(';', parts)), value, (_, sum) => sum + value);
    }
}
