using System.Text;
using Pulse.Sdk.Events;
using Pulse.Sdk.Events.Json;
using Pulse.Sdk.Sources;
using Pulse.Sdk.Tests.Support;

namespace Pulse.Sdk.Tests.Sources;

public sealed class JsonLinesEventSourceTests : IDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30); // only a failure bound: nothing waits on real time
    private readonly string _dir = Directory.CreateTempSubdirectory("pulse-jsonl-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Ready(long seq, string agent = "a1001") =>
        $"{{\"seq\":{seq},\"time\":\"2026-11-26T10:00:{seq % 60:00}.000Z\",\"tenant\":\"acme\",\"source\":\"voice\",\"event\":\"EventAgentReady\",\"dn\":\"5001\",\"agent\":\"{agent}\"}}";

    private static string UniqueName() => "test-" + Guid.NewGuid().ToString("N");

    private static async Task<(List<PulseEvent> Events, List<EventRejectedException> Errors)> ReadAsync(
        Func<JsonLinesSourceOptions, JsonLinesEventSource> create, JsonLinesSourceOptions? options = null)
    {
        var errors = new List<EventRejectedException>();
        var source = create((options ?? new JsonLinesSourceOptions()) with { OnRejected = errors.Add });
        var events = new List<PulseEvent>();
        await foreach (var e in source.ReadAllAsync()) events.Add(e);
        return (events, errors);
    }

    private static Task<(List<PulseEvent> Events, List<EventRejectedException> Errors)> ReadTextAsync(string text, JsonLinesSourceOptions? options = null, int chunk = int.MaxValue) =>
        ReadAsync(o => new JsonLinesEventSource(new ChunkedStream(Encoding.UTF8.GetBytes(text), chunk), "mem", o), options);

    [Fact]
    public async Task Bad_lines_between_good_ones_are_reported_and_every_good_event_is_kept_in_order()
    {
        string name = UniqueName();
        string text = string.Join('\n',
            Ready(1),
            "{\"seq\":\"two\",\"time\":\"2026-11-26T10:00:00Z\",\"tenant\":\"acme\",\"source\":\"voice\",\"event\":\"EventAgentReady\",\"agent\":\"a1\"}",
            Ready(3),
            "not json at all",
            Ready(5),
            Ready(6).Replace("EventAgentReady", "EventTeleported", StringComparison.Ordinal),
            Ready(7),
            Ready(8).Replace(",\"agent\":\"a1001\"", "", StringComparison.Ordinal),
            Ready(9)) + "\n";

        using var metrics = new RejectedEventsListener();
        var source = new JsonLinesEventSource(new MemoryStream(Encoding.UTF8.GetBytes(text)), name);
        var errors = new List<EventRejectedException>();
        source = new JsonLinesEventSource(new MemoryStream(Encoding.UTF8.GetBytes(text)), name, new JsonLinesSourceOptions { OnRejected = errors.Add });
        var events = new List<PulseEvent>();
        await foreach (var e in source.ReadAllAsync()) events.Add(e);

        Assert.Equal([1L, 3, 5, 7, 9], events.Select(e => e.Seq));
        Assert.Equal([2L, 4, 6, 8], errors.Select(e => e.Line));
        Assert.All(errors, e => Assert.Equal(name, e.SourceName));
        Assert.Equal("field 'seq' must be an integer", errors[0].Reason);
        Assert.Equal($"{name}:2: field 'seq' must be an integer", errors[0].Message);
        Assert.StartsWith("invalid JSON at byte 1: ", errors[1].Reason, StringComparison.Ordinal);
        Assert.Equal("unknown event name 'EventTeleported'", errors[2].Reason);
        Assert.Equal("field 'agent' is required for this event", errors[3].Reason);
        Assert.Equal(4, source.RejectedCount);
        Assert.Equal(9, source.LineCount);
        Assert.Equal(["invalid_field", "malformed_json", "unknown_event", "missing_field"], metrics.ReasonsFor(name));
    }

    [Fact]
    public async Task Comments_blank_lines_crlf_a_bom_and_a_last_line_without_newline_are_handled()
    {
        string text = "\uFEFF# a comment\r\n\r\n" + Ready(1) + "\r\n   \t\r\n  # indented comment\n\n" + Ready(2) + "\r\n" + Ready(3);
        var (events, errors) = await ReadTextAsync(text);
        Assert.Empty(errors);
        Assert.Equal([1L, 2, 3], events.Select(e => e.Seq));
        Assert.Equal("a1001", events[2].Agent);
    }

    [Fact]
    public async Task Line_numbers_count_comments_and_blank_lines()
    {
        var (_, errors) = await ReadTextAsync("# header\n\n" + Ready(1) + "\r\n{oops}\r\n");
        var error = Assert.Single(errors);
        Assert.Equal(4, error.Line);
        Assert.StartsWith("mem:4: invalid JSON at byte 1: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(int.MaxValue)]
    public async Task The_result_does_not_depend_on_how_the_input_is_chunked(int chunk)
    {
        string text = "# c\r\n" + Ready(1) + "\r\n" + new string('x', 300) + "\r\n" + Ready(2, "José😀") + "\r\n\r\nbad\n" + Ready(3);
        var (events, errors) = await ReadTextAsync(text, new JsonLinesSourceOptions { MaxLineBytes = 250 }, chunk);
        Assert.Equal([1L, 2, 3], events.Select(e => e.Seq));
        Assert.Equal("José😀", events[1].Agent);
        Assert.Equal([3L, 6], errors.Select(e => e.Line));
        Assert.Equal("line is longer than the limit of 250 bytes (MaxLineBytes)", errors[0].Reason);
    }

    [Fact]
    public async Task An_over_long_line_is_rejected_and_the_next_good_line_is_kept()
    {
        string name = UniqueName();
        using var metrics = new RejectedEventsListener();
        string huge = "{\"seq\":2,\"pad\":\"" + new string('p', 200_000) + "\"}"; // several buffers long
        string text = Ready(1) + "\n" + huge + "\n" + Ready(3) + "\n" + huge + "\r\n" + Ready(5) + "\n";
        var (events, errors) = await ReadAsync(o => new JsonLinesEventSource(new ChunkedStream(Encoding.UTF8.GetBytes(text), 5000), name, o),
            new JsonLinesSourceOptions { MaxLineBytes = 1000 });

        Assert.Equal([1L, 3, 5], events.Select(e => e.Seq));
        Assert.Equal([2L, 4], errors.Select(e => e.Line));
        Assert.All(errors, e => Assert.Equal("line is longer than the limit of 1000 bytes (MaxLineBytes)", e.Reason));
        Assert.Equal(["line_too_long", "line_too_long"], metrics.ReasonsFor(name));
    }

    [Fact]
    public async Task A_line_of_exactly_the_limit_is_accepted_with_or_without_cr()
    {
        string line = Ready(1);
        string exact = line[..^1] + ",\"pad\":\"" + new string('x', 500 - line.Length - 9) + "\"}";
        Assert.Equal(500, Encoding.UTF8.GetByteCount(exact));
        string tooLong = exact.Replace("\"pad\":\"x", "\"pad\":\"xx", StringComparison.Ordinal);
        var options = new JsonLinesSourceOptions { MaxLineBytes = 500 };

        foreach (int chunk in new[] { 1, 499, 500, 501, 502, 4096 })
        {
            var (events, errors) = await ReadTextAsync(exact + "\r\n" + exact + "\n" + tooLong + "\r\n" + tooLong + "\n" + exact, options, chunk);
            Assert.Equal(3, events.Count);
            Assert.Equal([3L, 4], errors.Select(e => e.Line));
        }
    }

    [Fact]
    public async Task An_over_long_last_line_without_newline_is_rejected()
    {
        var (events, errors) = await ReadTextAsync(Ready(1) + "\n" + new string('x', 5000), new JsonLinesSourceOptions { MaxLineBytes = 200 }, chunk: 64);
        Assert.Single(events);
        Assert.Equal(2, Assert.Single(errors).Line);
    }

    [Fact]
    public async Task Every_rejection_reason_is_counted_in_the_metric()
    {
        string name = UniqueName();
        using var metrics = new RejectedEventsListener();
        string text = string.Join('\n',
            "{",
            Ready(2).Replace("\"dn\":\"5001\"", "\"dn\":5001", StringComparison.Ordinal),
            Ready(3).Replace("EventAgentReady", "EventNope", StringComparison.Ordinal),
            new string('#', 1) + " comment",
            "x" + new string(' ', 200),
            Ready(6).Replace("\"tenant\":\"acme\",", "", StringComparison.Ordinal),
            Ready(7));
        var source = new JsonLinesEventSource(new MemoryStream(Encoding.UTF8.GetBytes(text)), name, new JsonLinesSourceOptions { MaxLineBytes = 200 });
        var events = new List<PulseEvent>();
        await foreach (var e in source.ReadAllAsync()) events.Add(e);

        Assert.Equal([7L], events.Select(e => e.Seq));
        Assert.Equal(["malformed_json", "invalid_field", "unknown_event", "line_too_long", "missing_field"], metrics.ReasonsFor(name));
        Assert.Equal(5, source.RejectedCount);
        Assert.Equal(7, source.LineCount);
    }

    [Fact]
    public async Task A_file_path_is_its_name_and_can_be_read_again()
    {
        string path = Path.Combine(_dir, "events.jsonl");
        await File.WriteAllTextAsync(path, Ready(1) + "\n" + "{\"bad\"}\n" + Ready(3) + "\n");
        var errors = new List<EventRejectedException>();
        var source = new JsonLinesEventSource(path, new JsonLinesSourceOptions { OnRejected = errors.Add });
        Assert.Equal(path, source.Name);

        for (int pass = 1; pass <= 2; pass++)
        {
            var seqs = new List<long>();
            await foreach (var e in source.ReadAllAsync()) seqs.Add(e.Seq);
            Assert.Equal([1L, 3], seqs);
        }

        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.StartsWith($"{path}:2: invalid JSON at byte ", e.Message, StringComparison.Ordinal));
        Assert.Equal(6, source.LineCount);
        Assert.Equal(2, source.RejectedCount);
    }

    [Fact]
    public void ReadAll_returns_the_events_and_the_errors()
    {
        string path = Path.Combine(_dir, "replay.jsonl");
        File.WriteAllText(path, Ready(1) + "\n\n" + Ready(2).Replace("5001", "5002", StringComparison.Ordinal) + "\nnope\n");
        int callbacks = 0;
        var events = JsonLinesEventSource.ReadAll(path, out var errors, new JsonLinesSourceOptions { OnRejected = _ => callbacks++ });
        Assert.Equal(["5001", "5002"], events.Select(e => e.Dn));
        Assert.Equal(4, Assert.Single(errors).Line);
        Assert.Equal(1, callbacks);
        Assert.Throws<ArgumentException>(() => JsonLinesEventSource.ReadAll(path, out _, new JsonLinesSourceOptions { Follow = true }));
    }

    [Fact]
    public async Task The_example_flow_fixture_reads_without_errors()
    {
        var (events, errors) = await ReadAsync(o => new JsonLinesEventSource(Path.Combine(AppContext.BaseDirectory, "Fixtures", "example-flow.jsonl"), o));
        Assert.Empty(errors);
        Assert.Equal(28, events.Count);
    }

    [Fact]
    public async Task A_stream_named_stdin_is_read_once_and_disposed_unless_left_open()
    {
        var stream = new MemoryStream(Encoding.UTF8.GetBytes(Ready(1) + "\n{}\n"));
        var errors = new List<EventRejectedException>();
        var source = new JsonLinesEventSource(stream, "stdin", new JsonLinesSourceOptions { OnRejected = errors.Add });
        var events = new List<PulseEvent>();
        await foreach (var e in source.ReadAllAsync()) events.Add(e);
        Assert.Single(events);
        Assert.Equal("stdin:2: field 'seq' is required", Assert.Single(errors).Message);
        Assert.False(stream.CanRead); // disposed

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var e in source.ReadAllAsync()) events.Add(e);
        });

        var kept = new MemoryStream(Encoding.UTF8.GetBytes(Ready(1)));
        await foreach (var e in new JsonLinesEventSource(kept, "stdin", leaveOpen: true).ReadAllAsync()) events.Add(e);
        Assert.True(kept.CanRead);
    }

    [Fact]
    public async Task A_text_reader_is_encoded_to_utf8_even_one_char_at_a_time()
    {
        string text = "# ☎\n" + Ready(1, "Zoë😀") + "\r\n" + Ready(2, "中文") + "\n";
        var (events, errors) = await ReadAsync(o => new JsonLinesEventSource(new OneCharReader(text), "reader", o));
        Assert.Empty(errors);
        Assert.Equal(["Zoë😀", "中文"], events.Select(e => e.Agent));

        var (fromStringReader, _) = await ReadAsync(o => new JsonLinesEventSource(new StringReader(text), "reader", o));
        Assert.Equal(2, fromStringReader.Count);
    }

    [Fact]
    public void Options_are_checked()
    {
        var stream = new MemoryStream();
        Assert.StartsWith("JsonLinesSourceOptions.MaxLineBytes must be between 1 and 16777216 bytes, was 0",
            Assert.Throws<ArgumentException>(() => new JsonLinesEventSource(stream, "s", new JsonLinesSourceOptions { MaxLineBytes = 0 })).Message);
        Assert.StartsWith("JsonLinesSourceOptions.PollInterval must be positive, was 00:00:00",
            Assert.Throws<ArgumentException>(() => new JsonLinesEventSource(stream, "s", new JsonLinesSourceOptions { PollInterval = TimeSpan.Zero })).Message);
        Assert.Throws<ArgumentException>(() => new JsonLinesEventSource(stream, ""));
        Assert.Throws<ArgumentException>(() => new JsonLinesEventSource(""));
    }

    [Fact]
    public async Task Follow_mode_tails_a_growing_file_on_the_time_providers_clock()
    {
        string path = Path.Combine(_dir, "tail.jsonl");
        await File.WriteAllTextAsync(path, Ready(1) + "\n" + Ready(2) + "\n");
        var time = new CountingTimeProvider();
        var poll = TimeSpan.FromSeconds(1);
        var errors = new List<EventRejectedException>();
        var source = new JsonLinesEventSource(path, new JsonLinesSourceOptions { Follow = true, PollInterval = poll, TimeProvider = time, OnRejected = errors.Add });
        using var cts = new CancellationTokenSource();
        var reader = source.ReadAllAsync(cts.Token).GetAsyncEnumerator();
        Task<bool>? next = null;
        try
        {
            Assert.True(await reader.MoveNextAsync().AsTask().WaitAsync(Guard));
            Assert.Equal(1, reader.Current.Seq);
            Assert.True(await reader.MoveNextAsync().AsTask().WaitAsync(Guard));
            Assert.Equal(2, reader.Current.Seq);

            // At the end of the file: the reader waits on a timer of the manual clock.
            next = reader.MoveNextAsync().AsTask();
            await time.WaitForScheduledTimerAsync().WaitAsync(Guard);
            Assert.False(next.IsCompleted);

            // Half a line arrives: it is held until its newline.
            string line3 = Ready(3);
            await File.AppendAllTextAsync(path, line3[..20]);
            time.Advance(poll);
            await time.WaitForScheduledTimerAsync().WaitAsync(Guard);
            Assert.False(next.IsCompleted);

            // The rest of it, a bad line and another good one.
            await File.AppendAllTextAsync(path, line3[20..] + "\r\nbroken\n" + Ready(5) + "\n");
            time.Advance(poll);
            Assert.True(await next.WaitAsync(Guard));
            Assert.Equal(3, reader.Current.Seq);
            Assert.True(await reader.MoveNextAsync().AsTask().WaitAsync(Guard));
            Assert.Equal(5, reader.Current.Seq);
            Assert.Equal(4, Assert.Single(errors).Line);

            // The file is truncated and rewritten: it is read again from its start.
            next = reader.MoveNextAsync().AsTask();
            await time.WaitForScheduledTimerAsync().WaitAsync(Guard);
            await File.WriteAllTextAsync(path, Ready(9, "a2") + "\n");
            time.Advance(poll);
            Assert.True(await next.WaitAsync(Guard));
            Assert.Equal(9, reader.Current.Seq);
            Assert.Equal("a2", reader.Current.Agent);

            // Cancelling ends the wait.
            next = reader.MoveNextAsync().AsTask();
            await time.WaitForScheduledTimerAsync().WaitAsync(Guard);
            await cts.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next.WaitAsync(Guard));
        }
        finally
        {
            // A read still pending (an assertion failed while it waited) must end before the reader can be disposed.
            await cts.CancelAsync();
            if (next is not null) await Task.WhenAny(next);
            await reader.DisposeAsync();
        }
    }

    /// <summary>A read-only stream returning at most <c>chunk</c> bytes per read.</summary>
    private sealed class ChunkedStream(byte[] data, int chunk) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = Math.Min(Math.Min(chunk, buffer.Length), data.Length - _position);
            data.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A text reader returning one char per read, to split surrogate pairs across reads.</summary>
    private sealed class OneCharReader(string text) : TextReader
    {
        private int _position;

        public override int Peek() => _position < text.Length ? text[_position] : -1;

        public override int Read() => _position < text.Length ? text[_position++] : -1;

        public override ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default)
        {
            if (_position >= text.Length || buffer.IsEmpty) return ValueTask.FromResult(0);
            buffer.Span[0] = text[_position++];
            return ValueTask.FromResult(1);
        }
    }
}
