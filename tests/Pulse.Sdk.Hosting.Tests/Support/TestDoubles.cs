using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Events;
using Pulse.Sdk.Simulation;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Hosting.Tests.Support;

/// <summary>A finite source over a list; with <paramref name="failAfter"/>, throws after that many events.</summary>
internal sealed class ListSource(IReadOnlyList<PulseEvent> events, string name = "list", int failAfter = -1) : IEventSource, IDisposable
{
    public string Name => name;

    public bool Disposed { get; private set; }

    public async IAsyncEnumerable<PulseEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < events.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (i == failAfter) throw new InvalidOperationException($"{name}: broken after {failAfter} events");
            yield return events[i];
        }
        await Task.CompletedTask;
    }

    public void Dispose() => Disposed = true;
}

internal class CollectingSink : IStatisticSink
{
    private readonly List<StatisticUpdate> _updates = [];

    public int Count
    {
        get { lock (_updates) return _updates.Count; }
    }

    public void OnUpdates(ReadOnlySpan<StatisticUpdate> updates)
    {
        lock (_updates) _updates.AddRange(updates.ToArray());
    }
}

/// <summary>A sink the container constructs (AddSink&lt;T&gt;).</summary>
internal sealed class TypedSink : CollectingSink;

/// <summary>A user-owned provider that records whether anyone disposed it.</summary>
internal sealed class TrackingProvider(PulseConfiguration configuration) : IPulseConfigurationProvider, IDisposable, IAsyncDisposable
{
    public PulseConfiguration Current => configuration;

    public event Action<PulseConfiguration>? Changed
    {
        add { }
        remove { }
    }

    public bool Disposed { get; private set; }

    public void Dispose() => Disposed = true;

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}

internal sealed record LogEntry(string Category, LogLevel Level, string Message, Exception? Exception);

internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception), exception));
    }
}

internal static class TestData
{
    /// <summary>The demo simulator (seed 3) and its first <paramref name="count"/> events.</summary>
    public static (ContactCenterSimulator Simulator, List<PulseEvent> Events) Demo(int count = 2000)
    {
        var sim = new ContactCenterSimulator(SimulatorOptions.Demo with { Seed = 3 });
        return (sim, sim.Generate().Take(count).ToList());
    }
}
