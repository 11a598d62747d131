using Pulse.Sdk.Events;
using Pulse.Sdk.Simulation;
using Pulse.Sdk.Sources;

namespace Pulse.Sdk.Tests.Sources;

public class EventStreamSplitterTests
{
    [Fact]
    public async Task Each_stream_gets_the_events_of_its_kind_in_order_and_ends_with_the_source()
    {
        var options = SimulatorOptions.Demo with { Start = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero) };
        var events = new ContactCenterSimulator(options).GenerateUntil(options.Start.AddMinutes(30)).ToList();
        var splitter = new EventStreamSplitter(new ListSource(events));

        var reads = Enum.GetValues<EventSourceKind>().Select(async kind =>
        {
            var stream = splitter.Stream(kind);
            Assert.Equal("list/" + kind, stream.Name);
            var list = new List<PulseEvent>();
            await foreach (var e in stream.ReadAllAsync()) list.Add(e);
            return (kind, list);
        }).ToList();
        await splitter.PumpAsync(CancellationToken.None);

        foreach (var read in reads)
        {
            var (kind, list) = await read.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(events.Where(e => e.Source == kind), list);
        }
    }

    private sealed class ListSource(IReadOnlyList<PulseEvent> events) : IEventSource
    {
        public string Name => "list";

        public async IAsyncEnumerable<PulseEvent> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var e in events)
            {
                await Task.Yield();
                yield return e;
            }
        }
    }
}
