using System.Text;
using Pulse.Sdk.Events;
using Pulse.Sdk.Events.Json;

namespace Pulse.Sdk.Tests.Events;

/// <summary>The example flow of docs/events.md, kept as a fixture: every line parses, validates and is in canonical form.</summary>
public class ExampleFlowTests
{
    private static readonly string FixturePath = Path.Combine(AppContext.BaseDirectory, "Fixtures", "example-flow.jsonl");

    public static TheoryData<int, string> EventLines()
    {
        var data = new TheoryData<int, string>();
        string[] lines = File.ReadAllLines(FixturePath);
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length > 0 && lines[i][0] != '#') data.Add(i + 1, lines[i]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EventLines))]
    public void Each_line_parses_validates_and_is_canonical(int lineNumber, string line)
    {
        Assert.True(EventJson.TryParse(Encoding.UTF8.GetBytes(line), out var evt, out var error), $"line {lineNumber}: {error}");
        Assert.Null(evt.Validate());
        Assert.Equal(line, EventJson.Serialize(evt));
    }

    [Fact]
    public void Seq_is_strictly_increasing_per_source_stream_and_time_never_goes_back()
    {
        var events = EventLines().Select(row => EventJson.Parse((string)row[1])).ToList();
        Assert.Equal(28, events.Count);
        foreach (var stream in events.GroupBy(e => e.Source))
        {
            var seqs = stream.Select(e => e.Seq).ToList();
            Assert.Equal(Enumerable.Range(1, seqs.Count).Select(i => (long)i), seqs);
        }

        for (int i = 1; i < events.Count; i++) Assert.True(events[i].Time >= events[i - 1].Time, $"event {i} goes back in time");
    }

    [Fact]
    public void The_voice_call_follows_the_canonical_flow()
    {
        var call = EventLines().Select(row => EventJson.Parse((string)row[1]))
            .Where(e => e.ConnId == "006e02a7c1f0a001")
            .Select(e => $"{e.Source}:{e.Type}:{e.Dn}")
            .ToList();
        Assert.Equal(
            [
                "VoiceVq:Queued:9001", "Voice:Queued:8001", "VoiceVq:Diverted:9001", "Voice:Diverted:8001",
                "Voice:Ringing:5001", "Voice:Established:5001", "Voice:Held:5001", "Voice:Retrieved:5001", "Voice:Released:5001",
            ],
            call);
    }
}
